// glm-cli info: what a GGUF model file (or a Hugging Face checkpoint folder) holds.
#include "cli.h"
#include "glm/chat_format.h"
#include "glm/convert.h"
#include "glm/error.h"
#include "glm/model_file.h"
#include "glm/tokenizer.h"

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
    const ModelFileInfo f = inspect_model_file(path);
    const ModelConfig& c = f.config;
    std::unique_ptr<Tokenizer> text;
    try {
        text = tokenizer_for_file(path);
    } catch (const Error& e) { // the weights still run on token ids
        std::fprintf(stderr, "warning: the embedded tokenizer cannot be used: %s\n", e.what());
    }
    if (text) chat_format_for(c, *text, path.filename().string());
    if (as_json) {
        json types = json::object();
        for (const auto& t : f.tensor_types)
            types[to_string(t.type)] = {{"tensors", t.tensors}, {"bytes", t.bytes}};
        json out = {{"file", path.string()},
                    {"file_bytes", f.file_bytes},
                    {"gguf_version", f.gguf_version},
                    {"architecture", f.architecture},
                    {"config", config_json(c)},
                    {"tokenizer_bytes", f.tokenizer_bytes},
                    {"file_type", f.file_type ? json(*f.file_type) : json(nullptr)},
                    {"quantization", f.quantization ? json(*f.quantization) : json(nullptr)},
                    {"tensor_count", f.tensor_count},
                    {"parameters", f.parameters},
                    {"tensor_types", types}};
        std::printf("%s\n", dump(out).c_str());
        return 0;
    }
    std::printf("file:         %s (%s, GGUF v%u)\n", path.string().c_str(),
                gb(f.file_bytes).c_str(), f.gguf_version);
    std::printf("architecture: %s\n", f.architecture.c_str());
    print_config(c);
    if (f.tokenizer_bytes)
        std::printf("tokenizer:    %s, %s embedded\n", c.tokenizer_model.c_str(),
                    gb(f.tokenizer_bytes).c_str());
    else
        std::printf("tokenizer:    none (the model accepts and produces token ids only)\n");
    std::printf("tensors:      %llu, %llu parameters\n", (unsigned long long)f.tensor_count,
                (unsigned long long)f.parameters);
    for (const auto& t : f.tensor_types)
        std::printf("              %-5s %4llu tensors, %s\n", to_string(t.type),
                    (unsigned long long)t.tensors, gb(t.bytes).c_str());
    if (f.quantization) std::printf("quantization: %s\n", f.quantization->c_str());
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
