#include "formats/safetensors.h"

#include "formats/strict_json.h"
#include "glm/error.h"

#include <algorithm>
#include <cstring>
#include <optional>

namespace glm {

namespace {

constexpr uint64_t kMaxHeaderBytes = 100ull << 20; // the reference implementation's limit

std::optional<SourceDType> dtype_from_string(const std::string& s) {
    static const std::pair<const char*, SourceDType> names[] = {
        {"F16", SourceDType::F16},  {"BF16", SourceDType::BF16}, {"F32", SourceDType::F32},
        {"F64", SourceDType::F64},  {"I8", SourceDType::I8},     {"U8", SourceDType::U8},
        {"I16", SourceDType::I16},  {"I32", SourceDType::I32},   {"I64", SourceDType::I64},
        {"BOOL", SourceDType::Bool}};
    for (const auto& [n, t] : names)
        if (s == n) return t;
    return std::nullopt;
}

} // namespace

std::vector<SourceTensor> read_safetensors(std::span<const uint8_t> file, const std::string& name) {
    auto fail = [&](const std::string& what) -> Error {
        return Error(ErrorKind::InvalidFile, name + ": " + what);
    };
    if (file.size() < 8) throw fail("too short to be a safetensors file (truncated?).");
    uint64_t header_size;
    std::memcpy(&header_size, file.data(), 8);
    if (header_size > kMaxHeaderBytes)
        throw fail("the header claims " + std::to_string(header_size) +
                   " bytes; not a safetensors file.");
    if (header_size > file.size() - 8)
        throw fail(
            "the header runs past the end of the file: the file is truncated. Download it again.");
    const std::string_view text(reinterpret_cast<const char*>(file.data() + 8),
                                size_t(header_size));
    const nlohmann::json header = parse_json_strictly(text, name + " (header)", 4);
    if (!header.is_object()) throw fail("the header is not a JSON object.");

    const uint64_t data_start = 8 + header_size;
    const uint64_t data_size = file.size() - data_start;
    std::vector<SourceTensor> out;
    std::vector<std::pair<uint64_t, uint64_t>> spans;
    for (const auto& item : header.items()) {
        const std::string& key = item.key(); // (a named variable: clang 14 cannot capture bindings)
        const nlohmann::json& info = item.value();
        if (key == "__metadata__") continue;
        auto bad = [&](const std::string& what) { return fail("tensor " + key + ": " + what); };
        if (!info.is_object() || !info.contains("dtype") || !info.contains("shape") ||
            !info.contains("data_offsets"))
            throw bad("needs dtype, shape and data_offsets.");
        const auto& dt = info["dtype"];
        const auto& shape = info["shape"];
        const auto& offs = info["data_offsets"];
        if (!dt.is_string()) throw bad("dtype is not a string.");
        const auto dtype = dtype_from_string(dt.get<std::string>());
        if (!dtype) throw bad("unknown dtype " + dt.get<std::string>() + ".");
        if (!shape.is_array() || shape.size() > 8)
            throw bad("shape is not a list of at most 8 sizes.");
        SourceTensor t;
        t.name = key;
        t.dtype = *dtype;
        for (const auto& d : shape) {
            if (!d.is_number_unsigned())
                throw bad("shape " + shape.dump() + " is not a list of sizes.");
            t.shape.push_back(d.get<uint64_t>());
        }
        const auto elements = checked_elements(t.shape);
        if (!elements) throw bad("impossible shape " + shape.dump() + ".");
        if (!offs.is_array() || offs.size() != 2 || !offs[0].is_number_unsigned() ||
            !offs[1].is_number_unsigned())
            throw bad("data_offsets is not a pair of offsets.");
        const uint64_t begin = offs[0].get<uint64_t>(), end = offs[1].get<uint64_t>();
        if (begin > end || end > data_size)
            throw bad("data_offsets [" + std::to_string(begin) + ", " + std::to_string(end) +
                      "] lie outside the " + std::to_string(data_size) +
                      " bytes of data: the file is truncated or corrupt.");
        t.bytes = *elements * element_size(t.dtype);
        if (end - begin != t.bytes)
            throw bad("data_offsets span " + std::to_string(end - begin) + " bytes but shape " +
                      shape.dump() + " of " + to_string(t.dtype) + " needs " +
                      std::to_string(t.bytes) + ".");
        t.offset = data_start + begin;
        if (begin != end) spans.emplace_back(begin, end);
        out.push_back(std::move(t));
    }
    std::sort(spans.begin(), spans.end());
    for (size_t i = 1; i < spans.size(); ++i)
        if (spans[i - 1].second > spans[i].first)
            throw fail("two tensors overlap in the data (offsets " +
                       std::to_string(spans[i].first) + " and " +
                       std::to_string(spans[i - 1].first) + "): corrupt or forged file.");
    return out;
}

} // namespace glm
