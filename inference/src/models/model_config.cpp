#include "models/model_config.h"

#include "formats/gguf.h"
#include "formats/gguf_writer.h"
#include "glm/error.h"

#include <cmath>

namespace glm {

namespace tensor_names {
std::string layer(uint32_t layer, const char* what) {
    return "blk." + std::to_string(layer) + "." + what;
}
} // namespace tensor_names

namespace {
uint32_t as_u32(uint64_t v, const std::string& key, const std::string& source) {
    if (v > 0x7fffffff)
        throw Error(ErrorKind::InvalidFile, source + ": " + key + " is out of range.");
    return uint32_t(v);
}
int32_t optional_id(const GgufFile& f, const std::string& key) {
    auto v = f.get_uint(key);
    return v && *v < 0x7fffffff ? int32_t(*v) : -1;
}
} // namespace

void validate_model_config(const ModelConfig& c, const std::string& source) {
    auto bad = [&](const std::string& what) {
        throw Error(ErrorKind::InvalidFile, source + ": " + what);
    };
    if (c.hidden == 0 || c.layers == 0 || c.heads == 0 || c.kv_heads == 0 || c.head_dim == 0 ||
        c.ffn == 0 || c.vocab == 0 || c.context_length == 0)
        bad("a model size is zero.");
    if (c.hidden > 65536 || c.layers > 1024 || c.heads > 1024 || c.head_dim > 1024 ||
        c.ffn > (1u << 20) || c.vocab > (1u << 24) || c.context_length > (1u << 24))
        bad("a model size is implausibly large.");
    if (c.heads % c.kv_heads) bad("the number of heads is not a multiple of the key/value heads.");
    const Architecture& a = c.architecture();
    if (a.qkv == QkvLayout::PerHeadInterleaved && c.kv_heads != c.heads)
        bad(std::string(a.display_name) + " uses one key/value head per query head.");
    if (c.head_dim % 4) bad("the head size must be a multiple of 4 (rotary pairs).");
    if (c.rope_dims != c.head_dim / 2) bad("only rotary width = head size / 2 is supported.");
    // Quantized matrices additionally need rows that are whole 32-element blocks; the file
    // reader checks that per tensor.
    if (c.hidden % 4 || c.ffn % 4) bad("model widths must be multiples of 4.");
    if (!(c.norm_eps > 0) || !std::isfinite(c.norm_eps))
        bad("the normalisation epsilon must be positive.");
    if (!(c.rope_base > 1) || !std::isfinite(c.rope_base))
        bad("the rotary base must be greater than 1.");
    auto check_id = [&](int32_t id, const char* what) {
        if (id >= int32_t(c.vocab))
            bad(std::string("the ") + what + " token id is outside the vocabulary.");
    };
    check_id(c.bos_id, "start");
    check_id(c.gmask_id, "[gMASK]");
    check_id(c.mask_id, "[MASK]");
    check_id(c.pad_id, "padding");
    for (int32_t id : c.eos_ids) check_id(id, "end");
    if (a.other_linears_have_biases() && !c.qkv_bias)
        bad(std::string(a.display_name) + " has biases on every projection, QKV's included.");
    if (a.mask == MaskKind::PrefixLm && (c.bos_id < 0 || (c.gmask_id < 0 && c.mask_id < 0)))
        bad(std::string(a.display_name) +
            " needs the <sop> and [gMASK] token ids (its positions depend on them).");
}

ModelConfig read_model_config(const GgufFile& f) {
    const std::string arch = f.require_string("general.architecture");
    const std::optional<Generation> arch_generation = generation_of_gguf_name(arch);
    if (!arch_generation)
        throw Error(ErrorKind::InvalidFile,
                    f.name() + " is a '" + arch +
                        "' model; GLM Chat runs the GLM family (ChatGLM-6B, ChatGLM2/3-6B, GLM-4, "
                        "GLM-4-0414).");
    ModelConfig c;
    const uint64_t gen = f.get_uint("glm.generation").value_or(uint64_t(*arch_generation));
    if (gen < 1 || gen > uint64_t(Generation::Glm4_0414))
        throw Error(ErrorKind::InvalidFile,
                    f.name() + ": unknown GLM generation " + std::to_string(gen) + ".");
    c.generation = Generation(gen);
    const Architecture& a = c.architecture();
    if (arch != a.gguf_name)
        throw Error(ErrorKind::InvalidFile, f.name() + ": architecture and generation disagree.");
    const std::string& src = f.name();
    auto u32 = [&](const std::string& key) {
        return as_u32(f.require_uint(arch + "." + key), key, src);
    };
    c.name = f.get_string("general.name").value_or(to_string(c.generation));
    c.hidden = u32("embedding_length");
    c.layers = u32("block_count");
    c.heads = u32("attention.head_count");
    c.kv_heads =
        f.get_uint(arch + ".attention.head_count_kv") ? u32("attention.head_count_kv") : c.heads;
    c.head_dim = f.get_uint(arch + ".attention.key_length") ? u32("attention.key_length")
                                                            : (c.heads ? c.hidden / c.heads : 0);
    c.ffn = u32("feed_forward_length");
    c.context_length = u32("context_length");
    c.norm_eps = float(f.require_float(arch + "." + a.norm_eps_key()));
    c.rope_base = float(f.get_float(arch + ".rope.freq_base").value_or(10000.0));
    c.rope_dims =
        f.get_uint(arch + ".rope.dimension_count") ? u32("rope.dimension_count") : c.head_dim / 2;
    c.tied_head = a.tied_head;
    c.qkv_bias = c.layers == 0 || f.tensor(tensor_names::layer(0, "attn_qkv.bias")) != nullptr;
    if (const GgufTensorInfo* e = f.tensor(tensor_names::token_embd); e && e->dims.size() == 2)
        c.vocab = as_u32(e->dims[1], "vocabulary", src);
    else
        throw Error(ErrorKind::InvalidFile, src + ": the token embedding tensor is missing.");
    if (auto v = f.get_uint(arch + ".vocab_size"); v && *v != c.vocab)
        throw Error(ErrorKind::InvalidFile,
                    src + ": vocab_size disagrees with the embedding rows.");
    c.bos_id = optional_id(f, "tokenizer.ggml.bos_token_id");
    c.pad_id = optional_id(f, "tokenizer.ggml.padding_token_id");
    c.gmask_id = optional_id(f, "tokenizer.glm.gmask_token_id");
    c.mask_id = optional_id(f, "tokenizer.glm.mask_token_id");
    if (auto ids = f.get_uint_array("tokenizer.glm.eos_token_ids")) {
        for (uint64_t id : *ids) c.eos_ids.push_back(int32_t(std::min<uint64_t>(id, 0x7fffffff)));
    } else if (int32_t eos = optional_id(f, "tokenizer.ggml.eos_token_id"); eos >= 0) {
        c.eos_ids.push_back(eos);
    }
    c.tokenizer_model = f.get_string("tokenizer.ggml.model").value_or("");
    c.has_tokenizer = f.find("tokenizer.glm.file") != nullptr;
    c.chat_format = f.get_string("tokenizer.glm.chat_format").value_or("");
    validate_model_config(c, src);
    return c;
}

void write_model_config(GgufWriter& w, const ModelConfig& c) {
    validate_model_config(c, "the model configuration");
    const Architecture& a = c.architecture();
    const std::string arch = a.gguf_name;
    w.set_string("general.architecture", arch);
    w.set_string("general.name", c.name.empty() ? to_string(c.generation) : c.name);
    w.set_u32("glm.generation", uint32_t(c.generation));
    w.set_u32(arch + ".context_length", c.context_length);
    w.set_u32(arch + ".embedding_length", c.hidden);
    w.set_u32(arch + ".feed_forward_length", c.ffn);
    w.set_u32(arch + ".block_count", c.layers);
    w.set_u32(arch + ".attention.head_count", c.heads);
    w.set_u32(arch + ".attention.head_count_kv", c.kv_heads);
    w.set_u32(arch + ".attention.key_length", c.head_dim);
    w.set_u32(arch + ".attention.value_length", c.head_dim);
    w.set_f32(arch + "." + a.norm_eps_key(), c.norm_eps);
    w.set_u32(arch + ".rope.dimension_count", c.rope_dims);
    w.set_f32(arch + ".rope.freq_base", c.rope_base);
    w.set_u32(arch + ".vocab_size", c.vocab);
    if (c.bos_id >= 0) w.set_u32("tokenizer.ggml.bos_token_id", uint32_t(c.bos_id));
    if (!c.eos_ids.empty()) {
        w.set_u32("tokenizer.ggml.eos_token_id", uint32_t(c.eos_ids[0]));
        std::vector<uint32_t> ids(c.eos_ids.begin(), c.eos_ids.end());
        w.set_u32_array("tokenizer.glm.eos_token_ids", ids);
    }
    if (c.pad_id >= 0) w.set_u32("tokenizer.ggml.padding_token_id", uint32_t(c.pad_id));
    if (c.gmask_id >= 0) w.set_u32("tokenizer.glm.gmask_token_id", uint32_t(c.gmask_id));
    if (c.mask_id >= 0) w.set_u32("tokenizer.glm.mask_token_id", uint32_t(c.mask_id));
    if (!c.chat_format.empty()) w.set_string("tokenizer.glm.chat_format", c.chat_format);
}

} // namespace glm
