// GGUF (version 2 and 3) reading: every count, size and offset is checked against the file before
// use, so a truncated, corrupt or hostile file is a glm::Error(InvalidFile) naming the problem,
// never a crash. Tensor data stays in the memory-mapped file.
#pragma once

#include "formats/mapped_file.h"
#include "glm/tensor_type.h"

#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace glm {

enum class GgufType : uint32_t {
    U8 = 0, I8 = 1, U16 = 2, I16 = 3, U32 = 4, I32 = 5, F32 = 6, Bool = 7,
    String = 8, Array = 9, U64 = 10, I64 = 11, F64 = 12,
};

struct GgufValue {
    GgufType type = GgufType::U8;
    // scalars (integers are widened; `negative` tells signed values below zero apart)
    uint64_t uint = 0;
    int64_t sint = 0;
    bool negative = false;
    double real = 0;
    std::string str;
    // arrays
    GgufType elem_type = GgufType::U8;
    uint64_t count = 0;
    std::span<const uint8_t> raw;     // numeric array payload, little-endian
    std::vector<std::string> strings; // string arrays
};

struct GgufTensorInfo {
    std::string name;
    std::vector<uint64_t> dims; // GGUF order: dims[0] is the innermost (row length)
    TensorType type = TensorType::F32;
    uint64_t offset = 0;        // absolute offset in the file
    uint64_t bytes = 0;
    uint64_t elements() const;
    uint64_t rows() const { return dims.empty() ? 0 : elements() / dims[0]; }
};

constexpr uint32_t kGgufMagic = 0x46554747; // "GGUF" little-endian
constexpr uint64_t kGgufDefaultAlignment = 32;

class GgufFile {
public:
    GgufFile() = default;
    // Maps and parses a file.
    static GgufFile open(const std::filesystem::path& path);
    // Parses bytes that stay owned by the caller (fuzzing, tests). `name` appears in errors.
    static GgufFile parse(std::span<const uint8_t> bytes, const std::string& name);

    uint32_t version() const { return version_; }
    uint64_t alignment() const { return alignment_; }
    const std::string& name() const { return name_; }
    const std::map<std::string, GgufValue>& metadata() const { return kv_; }
    const std::vector<GgufTensorInfo>& tensors() const { return tensors_; }

    const GgufValue* find(const std::string& key) const;
    const GgufTensorInfo* tensor(const std::string& name) const;
    std::span<const uint8_t> tensor_data(const GgufTensorInfo& t) const;
    const MappedFile* mapping() const { return mapped_ ? &*mapped_ : nullptr; }

    // Typed access: nullopt when absent; glm::Error(InvalidFile) when present with a wrong type.
    std::optional<uint64_t> get_uint(const std::string& key) const;
    std::optional<double> get_float(const std::string& key) const;
    std::optional<std::string> get_string(const std::string& key) const;
    std::optional<bool> get_bool(const std::string& key) const;
    std::optional<std::span<const uint8_t>> get_bytes(const std::string& key) const; // u8/i8 array
    std::optional<std::vector<uint64_t>> get_uint_array(const std::string& key) const;
    std::optional<std::vector<std::string>> get_string_array(const std::string& key) const;
    // As above, but a missing key is an error naming the key.
    uint64_t require_uint(const std::string& key) const;
    double require_float(const std::string& key) const;
    std::string require_string(const std::string& key) const;

private:
    void parse_all();
    [[noreturn]] void fail(const std::string& what) const;

    std::string name_;
    std::optional<MappedFile> mapped_;
    std::span<const uint8_t> bytes_;
    uint32_t version_ = 0;
    uint64_t alignment_ = kGgufDefaultAlignment;
    std::map<std::string, GgufValue> kv_;
    std::vector<GgufTensorInfo> tensors_;
    std::map<std::string, size_t> tensor_index_;
};

const char* to_string(GgufType t) noexcept;

} // namespace glm
