#include "convert/hf_config.h"

#include "formats/strict_json.h"
#include "glm/convert.h"
#include "glm/error.h"
#include "models/model_config.h"
#include "tokenizer/factories.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <fstream>

namespace glm {

namespace fs = std::filesystem;
using nlohmann::json;

namespace {

constexpr uint64_t kMaxConfigBytes = 4u << 20;
constexpr uint64_t kMaxTokenizerBytes = 64u << 20;

// Typed access to config.json with errors that name the key.
class Config {
public:
    Config(json j, std::string source) : j_(std::move(j)), source_(std::move(source)) {}
    bool has(const char* key) const { return j_.contains(key) && !j_[key].is_null(); }
    [[noreturn]] void fail(const std::string& what) const {
        throw Error(ErrorKind::InvalidFile, source_ + ": " + what);
    }
    uint32_t u32(const char* key, std::optional<uint32_t> fallback = std::nullopt) const {
        if (!has(key)) {
            if (fallback) return *fallback;
            fail(std::string("the required setting \"") + key + "\" is missing.");
        }
        const json& v = j_[key];
        if (!v.is_number_integer() || (!v.is_number_unsigned() && v.get<int64_t>() < 0))
            fail(std::string("\"") + key + "\" should be a non-negative integer, not " + v.dump() +
                 ".");
        if (v.get<uint64_t>() > 0x7fffffff)
            fail(std::string("\"") + key + "\" is " + v.dump() +
                 ", out of range: at most 2147483647 is supported.");
        return v.get<uint32_t>();
    }
    double number(const char* key, double fallback) const {
        if (!has(key)) return fallback;
        if (!j_[key].is_number() || !std::isfinite(j_[key].get<double>()))
            fail(std::string("\"") + key + "\" should be a number.");
        return j_[key].get<double>();
    }
    bool flag(const char* key, bool fallback) const {
        if (!has(key)) return fallback;
        if (!j_[key].is_boolean()) fail(std::string("\"") + key + "\" should be true or false.");
        return j_[key].get<bool>();
    }
    std::string text(const char* key) const {
        return has(key) && j_[key].is_string() ? j_[key].get<std::string>() : "";
    }
    // A nested object (empty when absent), read with the same checks.
    Config object(const char* key) const {
        if (!has(key)) return Config(json::object(), source_);
        if (!j_[key].is_object()) fail(std::string("\"") + key + "\" should be an object.");
        return Config(j_[key], source_ + " (" + key + ")");
    }
    // An id or list of ids (eos_token_id is either).
    std::vector<int32_t> ids(const char* key) const {
        std::vector<int32_t> out;
        if (!has(key)) return out;
        const json& v = j_[key];
        for (const json& x : v.is_array() ? v : json::array({v})) {
            if (!x.is_number_integer() || x.get<int64_t>() < 0 || x.get<int64_t>() > 0x7fffffff)
                fail(std::string("\"") + key + "\" should be a token id or a list of them.");
            out.push_back(x.get<int32_t>());
        }
        return out;
    }
    int32_t id(const char* key, int32_t fallback) const {
        auto v = ids(key);
        return v.empty() ? fallback : v.front();
    }

private:
    json j_;
    std::string source_;
};

bool file_contains(const fs::path& p, const std::string& needle) {
    std::error_code ec;
    if (!fs::is_regular_file(p, ec)) return false;
    return read_small_file(p, kMaxConfigBytes).find(needle) != std::string::npos;
}

// GLM-4's tokenizer.model is a tiktoken vocabulary: lines of "<base64 token> <rank>".
bool looks_like_tiktoken(const std::string& head) {
    const auto nl = head.find('\n');
    const std::string line = head.substr(0, nl);
    const auto space = line.find(' ');
    if (space == std::string::npos || space == 0 || space + 1 == line.size()) return false;
    for (size_t i = 0; i < space; ++i) {
        const char c = line[i];
        if (!std::isalnum(static_cast<unsigned char>(c)) && c != '+' && c != '/' && c != '=')
            return false;
    }
    for (size_t i = space + 1; i < line.size(); ++i)
        if (!std::isdigit(static_cast<unsigned char>(line[i])) && line[i] != '\r') return false;
    return true;
}

std::string file_head(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::string head(1024, '\0');
    in.read(head.data(), long(head.size()));
    head.resize(size_t(in.gcount()));
    return head;
}

// A serialized SentencePiece ModelProto starts with its repeated `pieces` field (tag 0x0a).
bool looks_like_sentencepiece(const std::string& head) {
    return !head.empty() && head[0] == '\x0a';
}

void read_glm1(const Config& c, ModelConfig& m) {
    if (!c.flag("position_encoding_2d", true))
        c.fail(
            "position_encoding_2d is false: only ChatGLM-6B's 2-D rotary positions are supported.");
    m.hidden = c.u32("hidden_size");
    m.layers = c.u32("num_layers");
    m.heads = c.u32("num_attention_heads");
    m.kv_heads = m.heads;
    m.head_dim = m.heads ? m.hidden / m.heads : 0;
    if (m.heads && m.hidden % m.heads)
        c.fail("hidden_size is not a multiple of num_attention_heads.");
    m.ffn = c.u32("inner_hidden_size", 4 * m.hidden);
    m.vocab = c.u32("vocab_size");
    m.context_length = c.u32("max_sequence_length", 2048);
    m.norm_eps = float(c.number("layernorm_epsilon", 1e-5));
    m.rope_base = 10000.0f;
    m.tied_head = true;
    m.bos_id = c.id("bos_token_id", 130004);
    m.eos_ids = c.ids("eos_token_id");
    if (m.eos_ids.empty()) m.eos_ids = {130005};
    m.mask_id = c.id("mask_token_id", 130000);
    m.gmask_id = c.id("gmask_token_id", 130001);
    m.pad_id = c.id("pad_token_id", 3);
    m.chat_format = "glm1";
}

void read_glm2_family(const Config& c, ModelConfig& m) {
    m.hidden = c.u32("hidden_size");
    m.layers = c.u32("num_layers");
    m.heads = c.u32("num_attention_heads");
    m.head_dim = c.u32("kv_channels", m.heads ? m.hidden / m.heads : 0);
    m.kv_heads =
        c.flag("multi_query_attention", false) ? c.u32("multi_query_group_num", 1) : m.heads;
    m.ffn = c.u32("ffn_hidden_size");
    m.vocab = c.has("padded_vocab_size") ? c.u32("padded_vocab_size") : c.u32("vocab_size");
    m.context_length = c.u32("seq_length", 2048);
    m.norm_eps = float(c.number("layernorm_epsilon", 1e-5));
    const double rope_ratio = c.number("rope_ratio", 1.0);
    if (!(rope_ratio > 0)) c.fail("rope_ratio must be positive.");
    m.rope_base = float(10000.0 * rope_ratio);
    m.tied_head = false;
    // Variants of the architecture the engine does not implement.
    if (!c.flag("rmsnorm", true)) c.fail("rmsnorm is false: only RMSNorm models are supported.");
    if (c.flag("add_bias_linear", false))
        c.fail("add_bias_linear is true: this variant is not supported.");
    m.qkv_bias = c.flag("add_qkv_bias", true);
    if (!c.flag("post_layer_norm", true))
        c.fail("post_layer_norm is false: this variant is not supported.");
    if (c.flag("apply_residual_connection_post_layernorm", false))
        c.fail("apply_residual_connection_post_layernorm is true: this variant is not supported.");
    if (!c.flag("original_rope", true))
        c.fail("original_rope is false: this variant is not supported.");
    if (c.flag("tie_word_embeddings", false))
        c.fail("tie_word_embeddings is true: this variant is not supported.");
}

// transformers' GlmForCausalLM (glm-4-9b-chat-hf, glm-4-9b-hf): the GLM-4 network under
// Llama-style keys; Glm4ForCausalLM (GLM-4-0414, GLM-Z1) the same keys and defaults. GlmConfig's
// defaults apply to what config.json leaves out — head_dim 128 (not
// hidden / heads), partial_rotary_factor 0.5, rms_norm_eps 1.5625e-7, attention_bias true. The
// rotary base is rope_theta as written (the published glm-4-9b-chat-hf says 10000 where THUDM's
// original uses 5e6: the file is what transformers runs). transformers 5 may nest rope_theta and
// partial_rotary_factor in rope_parameters instead.
void read_glm_hf(const Config& c, ModelConfig& m) {
    m.hidden = c.u32("hidden_size");
    m.layers = c.u32("num_hidden_layers");
    m.heads = c.u32("num_attention_heads");
    m.kv_heads = c.u32("num_key_value_heads", m.heads);
    m.head_dim = c.u32("head_dim", 128);
    m.ffn = c.u32("intermediate_size");
    m.vocab = c.u32("vocab_size");
    m.context_length = c.u32("max_position_embeddings", 131072);
    m.norm_eps = float(c.number("rms_norm_eps", 1.5625e-7));
    const Config rope = c.object("rope_parameters");
    const double theta = c.number("rope_theta", rope.number("rope_theta", 10000.0));
    if (!(theta > 1)) c.fail("rope_theta must be greater than 1.");
    m.rope_base = float(theta);
    const double partial =
        c.number("partial_rotary_factor", rope.number("partial_rotary_factor", 0.5));
    if (partial != 0.5)
        c.fail("partial_rotary_factor is " + std::to_string(partial) +
               ": only 0.5 (half of each head rotated, as every GLM-4 release) is supported.");
    const std::string rope_type = rope.text("rope_type");
    if (c.has("rope_scaling") || (!rope_type.empty() && rope_type != "default"))
        c.fail("rope scaling is set: only the default rotary embedding is supported.");
    m.qkv_bias = c.flag("attention_bias", true); // GLM-4-32B-0414 has none
    if (c.flag("tie_word_embeddings", false))
        c.fail("tie_word_embeddings is true: this variant is not supported.");
    const std::string act = c.text("hidden_act");
    if (!act.empty() && act != "silu") c.fail("hidden_act is \"" + act + "\", not silu.");
}

// Special ids of ChatGLM2/3 and GLM-4 come from their tokenizers
// (docs/architectures.md#special-token-ids); config.json carries only eos and pad.
void set_special_ids(const Config& c, ModelConfig& m) {
    const bool glm4 = uses_glm4_vocabulary(m.generation);
    m.mask_id = c.id("mask_token_id", glm4 ? 151330 : 64789);
    m.gmask_id = c.id("gmask_token_id", glm4 ? 151331 : 64790);
    m.bos_id = c.id("bos_token_id", glm4 ? 151333 : 64792);
    m.pad_id = c.id("pad_token_id", glm4 ? 151329 : 0);
    m.eos_ids = c.ids("eos_token_id");
    auto add = [&](int32_t id) {
        if (std::find(m.eos_ids.begin(), m.eos_ids.end(), id) == m.eos_ids.end())
            m.eos_ids.push_back(id);
    };
    if (glm4) {
        for (int32_t id : {151329, 151336, 151338})
            add(id); // <|endoftext|> <|user|> <|observation|>
    } else {
        if (m.eos_ids.empty()) add(2);
        if (m.generation == Generation::Glm3)
            for (int32_t id : {64795, 64797}) add(id); // <|user|> <|observation|>
    }
    m.chat_format = glm4 ? "glm4" : m.generation == Generation::Glm3 ? "glm3" : "glm2";
}

// Ids beyond the embedding rows (the table defaults on a tiny test model) are left out.
void drop_ids_outside_vocab(ModelConfig& m, std::vector<std::string>& warnings) {
    std::string dropped;
    auto check = [&](int32_t& id, const char* what) {
        if (id >= int32_t(m.vocab)) {
            dropped += std::string(dropped.empty() ? "" : ", ") + what + " " + std::to_string(id);
            id = -1;
        }
    };
    check(m.bos_id, "start");
    check(m.gmask_id, "[gMASK]");
    check(m.mask_id, "[MASK]");
    check(m.pad_id, "padding");
    std::vector<int32_t> eos;
    for (int32_t id : m.eos_ids) {
        int32_t x = id;
        check(x, "end");
        if (x >= 0) eos.push_back(x);
    }
    m.eos_ids = eos;
    if (!dropped.empty())
        warnings.push_back("special token ids outside the vocabulary of " +
                           std::to_string(m.vocab) + " were left out: " + dropped + ".");
}

Generation detect_glm2_family(const Config& c, const fs::path& dir, const fs::path& tokenizer,
                              std::vector<std::string>& warnings) {
    std::error_code ec;
    if (fs::is_regular_file(tokenizer, ec) && looks_like_tiktoken(file_head(tokenizer)))
        return Generation::Glm4;
    const std::string name = c.text("_name_or_path");
    auto name_has = [&](const char* s) { return name.find(s) != std::string::npos; };
    const auto eos = c.ids("eos_token_id");
    if (std::find(eos.begin(), eos.end(), 151329) != eos.end() || name_has("glm-4") ||
        name_has("glm4"))
        return Generation::Glm4;
    // ChatGLM3 adds role tokens (<|system|>, ...) to the same SentencePiece model; config values
    // cannot tell the two apart (docs/architectures.md#checkpoint-quirks).
    for (const char* f : {"tokenizer_config.json", "tokenizer.json", "tokenization_chatglm.py"})
        if (file_contains(dir / f, "<|system|>")) return Generation::Glm3;
    if (name_has("chatglm3")) return Generation::Glm3;
    if (name_has("chatglm2") ||
        file_contains(dir / "tokenization_chatglm.py", "class ChatGLMTokenizer"))
        return Generation::Glm2;
    warnings.push_back(
        "could not tell ChatGLM2 from ChatGLM3 (no role tokens in the tokenizer files); "
        "assuming ChatGLM2. Convert with --generation 3 if this is ChatGLM3.");
    return Generation::Glm2;
}

} // namespace

std::string read_small_file(const fs::path& path, uint64_t limit) {
    std::error_code ec;
    const auto size = fs::file_size(path, ec);
    if (ec) throw Error(ErrorKind::Io, "Cannot read " + path.string() + ": " + ec.message() + ".");
    if (size > limit)
        throw Error(ErrorKind::InvalidFile, path.string() + " is " + std::to_string(size) +
                                                " bytes, far larger than such a file can be.");
    std::ifstream in(path, std::ios::binary);
    std::string s(size_t(size), '\0');
    if (!in.read(s.data(), long(s.size())))
        throw Error(ErrorKind::Io, "Cannot read " + path.string() + ".");
    return s;
}

HfModel read_hf_model(const fs::path& dir, std::optional<Generation> generation) {
    std::error_code ec;
    if (!fs::is_directory(dir, ec)) throw Error(ErrorKind::Io, dir.string() + " is not a folder.");
    const fs::path config_path = dir / "config.json";
    if (!fs::is_regular_file(config_path, ec))
        throw Error(ErrorKind::InvalidFile,
                    dir.string() + " has no config.json: not a Hugging Face checkpoint folder.");
    const json j =
        parse_json_strictly(read_small_file(config_path, kMaxConfigBytes), config_path.string());
    if (!j.is_object())
        throw Error(ErrorKind::InvalidFile, config_path.string() + " is not a JSON object.");
    const Config c(j, config_path.string());
    const std::string model_type = c.text("model_type");
    if (!model_type.empty() && model_type != "chatglm" && model_type != "glm" &&
        model_type != "glm4")
        c.fail("model_type is \"" + model_type +
               "\"; GLM Chat converts the GLM family (model_type \"chatglm\", \"glm\" or "
               "\"glm4\").");
    if (c.has("pre_seq_len"))
        c.fail("this is a P-tuning checkpoint (pre_seq_len is set), which is not supported. Merge "
               "or drop the "
               "prefix encoder first.");

    HfModel out;
    ModelConfig& m = out.config;
    // transformers' layouts: GlmForCausalLM is GLM-4's network, Glm4ForCausalLM GLM-4-0414's.
    if (model_type == "glm" || model_type == "glm4") out.layout = CheckpointLayout::Transformers;
    const bool transformers = out.layout == CheckpointLayout::Transformers;
    const Generation transformers_generation =
        model_type == "glm4" ? Generation::Glm4_0414 : Generation::Glm4;
    if (transformers && generation && *generation != transformers_generation)
        c.fail(std::string("the configuration is of ") + to_string(transformers_generation) +
               ", not " + to_string(*generation) + ".");
    const bool glm1 =
        !transformers &&
        (c.has("inner_hidden_size") || c.has("position_encoding_2d") ||
         (!c.has("ffn_hidden_size") && !c.has("padded_vocab_size") && c.has("vocab_size")));
    if (generation && (*generation == Generation::Glm1) != glm1)
        c.fail(std::string("the configuration is of ") +
               (glm1 ? "ChatGLM-6B" : "ChatGLM2/3 or GLM-4") + ", not " + to_string(*generation) +
               ".");
    const fs::path tokenizer =
        dir / tokenizer_file_name(glm1 ? Generation::Glm1 : Generation::Glm2);
    if (transformers) {
        m.generation = transformers_generation;
        read_glm_hf(c, m);
        set_special_ids(c, m);
        // GLM-Z1's chat template opens the thinking in the prompt (docs/tokenizers.md, "GLM-Z1");
        // GLM-4-0414's does not mention it.
        if (m.generation == Generation::Glm4_0414 &&
            file_contains(dir / "tokenizer_config.json", "<think>"))
            m.chat_format = "glm4-think";
    } else if (glm1) {
        m.generation = Generation::Glm1;
        read_glm1(c, m);
    } else {
        m.generation =
            generation ? *generation : detect_glm2_family(c, dir, tokenizer, out.warnings);
        read_glm2_family(c, m);
        set_special_ids(c, m);
    }
    m.rope_dims = m.head_dim / 2;
    m.context_length = std::min<uint32_t>(m.context_length, 1u << 24);
    if (m.generation == Generation::Glm2 && m.rope_base != 10000.0f)
        out.warnings.push_back(
            "ChatGLM2 long-context variants may scale positions rather than the rotary base; "
            "outputs at long positions may differ from the official model.");
    drop_ids_outside_vocab(m, out.warnings);

    const std::string name = c.text("_name_or_path");
    m.name = name.empty() ? dir.filename().string() : fs::path(name).filename().string();
    if (m.name.empty()) m.name = to_string(m.generation);

    const int bits = int(c.u32("quantization_bit", 0));
    if (bits != 0 && bits != 4 && bits != 8)
        c.fail("quantization_bit " + std::to_string(bits) + " is not 4 or 8.");
    if (c.flag("quantization_embeddings", false))
        c.fail("quantized embeddings (the withdrawn INT4-QE checkpoint) are not supported; use "
               "chatglm-6b-int4.");
    out.quantization_bits = bits;

    // transformers' layouts ship a tokenizer.json (the same GLM-4 vocabulary as byte-level BPE).
    const fs::path tokenizer_json = dir / "tokenizer.json";
    if (transformers && !fs::is_regular_file(tokenizer, ec) &&
        fs::is_regular_file(tokenizer_json, ec)) {
        if (fs::file_size(tokenizer_json, ec) > kMaxTokenizerBytes)
            throw Error(ErrorKind::InvalidFile,
                        tokenizer_json.string() + " is implausibly large for a tokenizer.");
        out.tokenizer_file = tokenizer_json;
        m.tokenizer_model = std::string(tok::kHfBpeJsonTokenizerModel);
        m.has_tokenizer = true;
    } else if (fs::is_regular_file(tokenizer, ec)) {
        const std::string head = file_head(tokenizer);
        const bool tiktoken = looks_like_tiktoken(head);
        if (uses_glm4_vocabulary(m.generation) ? !tiktoken : !looks_like_sentencepiece(head))
            throw Error(ErrorKind::InvalidFile,
                        tokenizer.string() + " is not a " +
                            (uses_glm4_vocabulary(m.generation) ? "tiktoken vocabulary"
                                                                : "SentencePiece model") +
                            " as " + to_string(m.generation) + " uses.");
        if (fs::file_size(tokenizer, ec) > kMaxTokenizerBytes)
            throw Error(ErrorKind::InvalidFile,
                        tokenizer.string() + " is implausibly large for a tokenizer.");
        out.tokenizer_file = tokenizer;
        m.tokenizer_model = tiktoken ? "glm4-tiktoken" : "glm-spm";
        m.has_tokenizer = true;
    } else {
        out.warnings.push_back(
            "no tokenizer file (" + tokenizer.filename().string() +
            (transformers ? " or tokenizer.json" : "") +
            ") in the folder: the model will accept and produce token ids only.");
    }
    validate_model_config(m, config_path.string());
    return out;
}

} // namespace glm
