// glm-cli info: what a GGUF model file (or a Hugging Face checkpoint folder) holds.
#include "cli.h"
#include "formats/gguf.h"
#include "glm/chat_format.h"
#include "glm/convert.h"
#include "glm/error.h"
#include "glm/tokenizer.h"
#include "models/model_config.h"

#include <cstdio>
#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>

namespace glm::cli {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

std::string gb(uint64_t bytes) {
    char s[32];
    if (bytes >= 1000000000)
        std::snprintf(s, sizeof s, "%.2f GB", double(bytes) / 1e9);
    else
        std::snprintf(s, sizeof s, "%.2f MB", double(bytes) / 1e6);
    return s;
}

// Names and metadata come from the file: bytes that are not UTF-8 become U+FFFD instead of
// aborting the output.
std::string dump(const json& j) {
    return j.dump(2, ' ', false, json::error_handler_t::replace);
}

json id_or_null(int32_t id) {
    return id >= 0 ? json(id) : json(nullptr);
}

json config_json(const ModelConfig& c) {
    return {{"generation", int(c.generation)},
            {"generation_name", to_string(c.generation)},
            {"name", c.name},
            {"hidden", c.hidden},
            {"layers", c.layers},
            {"heads", c.heads},
            {"kv_heads", c.kv_heads},
            {"head_dim", c.head_dim},
            {"ffn", c.ffn},
            {"vocab", c.vocab},
            {"context_length", c.context_length},
            {"norm_eps", c.norm_eps},
            {"rope_base", c.rope_base},
            {"tied_head", c.tied_head},
            {"bos_id", id_or_null(c.bos_id)},
            {"eos_ids", c.eos_ids},
            {"gmask_id", id_or_null(c.gmask_id)},
            {"mask_id", id_or_null(c.mask_id)},
            {"pad_id", id_or_null(c.pad_id)},
            {"tokenizer", c.has_tokenizer ? json(c.tokenizer_model) : json(nullptr)},
            {"chat_format", c.chat_format}};
}

std::string ids_text(const std::vector<int32_t>& ids) {
    std::string s;
    for (size_t i = 0; i < ids.size(); ++i) s += (i ? ", " : "") + std::to_string(ids[i]);
    return s.empty() ? "none" : s;
}

std::string id_text(int32_t id) {
    return id >= 0 ? std::to_string(id) : "none";
}

void print_config(const ModelConfig& c) {
    std::printf("model:        %s (%s)\n", c.name.c_str(), to_string(c.generation));
    std::printf("sizes:        hidden %u, %u layers, %u heads (%u key/value) of %u, FFN %u, "
                "vocabulary %u\n",
                c.hidden, c.layers, c.heads, c.kv_heads, c.head_dim, c.ffn, c.vocab);
    std::printf("context:      %u tokens, rotary base %g, norm epsilon %g\n", c.context_length,
                double(c.rope_base), double(c.norm_eps));
    std::printf("special ids:  start %s, end %s, [gMASK] %s, [MASK] %s, padding %s\n",
                id_text(c.bos_id).c_str(), ids_text(c.eos_ids).c_str(), id_text(c.gmask_id).c_str(),
                id_text(c.mask_id).c_str(), id_text(c.pad_id).c_str());
    std::printf("chat format:  %s\n", c.chat_format.empty() ? "none" : c.chat_format.c_str());
}

int info_gguf(const fs::path& path, bool as_json) {
    const GgufFile f = GgufFile::open(path);
    const ModelConfig c = read_model_config(f);
    // What opening the model checks: a file that cannot load or chat is not shown as fine.
    validate_model_tensors(f, c);
    std::unique_ptr<Tokenizer> text;
    try {
        text = tokenizer_for_file(path);
    } catch (const Error& e) { // the weights still run on token ids
        std::fprintf(stderr, "warning: the embedded tokenizer cannot be used: %s\n", e.what());
    }
    if (text) chat_format_for(c, *text, f.name());
    std::map<TensorType, std::pair<uint64_t, uint64_t>> by_type; // count, bytes
    uint64_t parameters = 0;
    for (const auto& t : f.tensors()) {
        by_type[t.type].first += 1;
        by_type[t.type].second += t.bytes;
        parameters += t.elements();
    }
    const auto tokenizer = f.get_bytes("tokenizer.glm.file");
    const uint64_t file_size = f.mapping() ? f.mapping()->size() : 0;
    const auto quantization = f.get_string("glm.quantization");
    const auto file_type = f.get_uint("general.file_type");
    if (as_json) {
        json types = json::object();
        for (const auto& [t, cb] : by_type)
            types[to_string(t)] = {{"tensors", cb.first}, {"bytes", cb.second}};
        json out = {{"file", path.string()},
                    {"file_bytes", file_size},
                    {"gguf_version", f.version()},
                    {"architecture", f.require_string("general.architecture")},
                    {"config", config_json(c)},
                    {"tokenizer_bytes", tokenizer ? tokenizer->size() : 0},
                    {"file_type", file_type ? json(*file_type) : json(nullptr)},
                    {"quantization", quantization ? json(*quantization) : json(nullptr)},
                    {"tensor_count", f.tensors().size()},
                    {"parameters", parameters},
                    {"tensor_types", types}};
        std::printf("%s\n", dump(out).c_str());
        return 0;
    }
    std::printf("file:         %s (%s, GGUF v%u)\n", path.string().c_str(), gb(file_size).c_str(),
                f.version());
    std::printf("architecture: %s\n", f.require_string("general.architecture").c_str());
    print_config(c);
    if (tokenizer)
        std::printf("tokenizer:    %s, %s embedded\n", c.tokenizer_model.c_str(),
                    gb(tokenizer->size()).c_str());
    else
        std::printf("tokenizer:    none (the model accepts and produces token ids only)\n");
    std::printf("tensors:      %zu, %llu parameters\n", f.tensors().size(),
                (unsigned long long)parameters);
    for (const auto& [t, cb] : by_type)
        std::printf("              %-5s %4llu tensors, %s\n", to_string(t),
                    (unsigned long long)cb.first, gb(cb.second).c_str());
    if (quantization) std::printf("quantization: %s\n", quantization->c_str());
    return 0;
}

int info_checkpoint(const fs::path& dir, bool as_json) {
    const CheckpointInfo info = inspect_checkpoint(dir);
    std::map<std::string, uint64_t> sizes;
    for (TensorType t : {TensorType::Q4_0, TensorType::Q8_0, TensorType::F16, TensorType::F32}) {
        ConvertOptions o;
        o.type = t;
        sizes[to_string(t)] = converted_size(info, o);
    }
    if (as_json) {
        json files = json::array();
        for (const auto& f : info.files) files.push_back(f.filename().string());
        std::printf("%s\n", dump(json({{"directory", dir.string()},
                                       {"format", info.format},
                                       {"config", config_json(info.config)},
                                       {"input_bytes", info.input_bytes},
                                       {"parameters", info.parameters},
                                       {"files", files},
                                       {"converted_bytes", sizes},
                                       {"warnings", info.warnings}}))
                                .c_str());
        return 0;
    }
    std::printf("checkpoint:   %s (%s, %zu file%s, %s of weights to read)\n", dir.string().c_str(),
                info.format.c_str(), info.files.size(), info.files.size() == 1 ? "" : "s",
                gb(info.input_bytes).c_str());
    print_config(info.config);
    std::printf("tokenizer:    %s\n",
                info.has_tokenizer ? info.config.tokenizer_model.c_str() : "none (token ids only)");
    std::printf("parameters:   %llu\n", (unsigned long long)info.parameters);
    std::printf("converted:   ");
    for (const auto& [t, s] : sizes) std::printf(" %s %s;", t.c_str(), gb(s).c_str());
    std::printf("\n");
    for (const auto& w : info.warnings) std::printf("warning:      %s\n", w.c_str());
    return 0;
}

int run(const Args& args) {
    if (args.positional().size() != 1)
        return fail("usage: glm-cli info MODEL.gguf|HF_DIR [--json]", 2);
    const fs::path path = args.positional()[0];
    std::error_code ec;
    if (fs::is_directory(path, ec)) return info_checkpoint(path, args.has("--json"));
    return info_gguf(path, args.has("--json"));
}

Registrar reg({"info",
               "show what a GGUF model file (or a checkpoint folder to convert) holds",
               "MODEL.gguf|HF_DIR [--json]",
               {{"", "--json", false, "machine-readable output"}},
               run});

} // namespace
} // namespace glm::cli
