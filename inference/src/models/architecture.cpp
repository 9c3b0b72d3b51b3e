#include "glm/architecture.h"

#include "models/model_config.h"

namespace glm {

namespace {

constexpr float kGlm1ResidualScale = 7.483314773547883f; // √(2·28)

// ChatGLM2/3 and GLM-4 share their layers; they differ in sizes, tokenizer and chat format.
constexpr Architecture glm2_like(Generation g, const char* key, const char* display_name) {
    return {.generation = g,
            .key = key,
            .display_name = display_name,
            .gguf_name = "chatglm",
            .norm = NormKind::RmsNorm,
            .biases = BiasSet::QkvOnly,
            .mlp = MlpKind::SwiGlu,
            .qkv = QkvLayout::Fused,
            .rotary = RotaryKind::InterleavedPairs,
            .mask = MaskKind::Causal,
            .sandwich_norms = false,
            .residual_from_normalised_input = false,
            .residual_scale = 1.0f,
            .tied_head = false};
}

// GLM-4-0414 and GLM-Z1: GLM-4's layers plus an RMSNorm on each sublayer's output, in
// llama.cpp's "glm4" GGUF architecture so the files interoperate.
constexpr Architecture glm4_0414() {
    Architecture a = glm2_like(Generation::Glm4_0414, "glm4-0414", "GLM-4-0414");
    a.gguf_name = "glm4";
    a.sandwich_norms = true;
    return a;
}

constexpr Architecture kArchitectures[] = {
    {.generation = Generation::Glm1,
     .key = "glm1",
     .display_name = "ChatGLM-6B",
     .gguf_name = "chatglm1",
     .norm = NormKind::LayerNorm,
     .biases = BiasSet::EveryLinear,
     .mlp = MlpKind::Gelu,
     .qkv = QkvLayout::PerHeadInterleaved,
     .rotary = RotaryKind::TwoBlockRotateHalf,
     .mask = MaskKind::PrefixLm,
     .sandwich_norms = false,
     .residual_from_normalised_input = true,
     .residual_scale = kGlm1ResidualScale,
     .tied_head = true},
    glm2_like(Generation::Glm2, "glm2", "ChatGLM2-6B"),
    glm2_like(Generation::Glm3, "glm3", "ChatGLM3-6B"),
    glm2_like(Generation::Glm4, "glm4", "GLM-4"),
    glm4_0414(),
};

} // namespace

const Architecture& architecture(Generation g) {
    for (const Architecture& a : kArchitectures)
        if (a.generation == g) return a;
    return kArchitectures[0]; // unreachable: Generation values are validated where they are read
}

std::optional<Generation> generation_from_key(std::string_view key) {
    for (const Architecture& a : kArchitectures)
        if (key == a.key) return a.generation;
    return std::nullopt;
}

std::optional<Generation> generation_of_gguf_name(std::string_view gguf_name) {
    for (const Architecture& a : kArchitectures)
        if (gguf_name == a.gguf_name) return a.generation; // the first: "chatglm" is GLM2
    return std::nullopt;
}

bool uses_glm4_vocabulary(Generation g) {
    return g == Generation::Glm4 || g == Generation::Glm4_0414;
}

const char* to_string(Generation g) noexcept {
    return architecture(g).display_name;
}

const Architecture& ModelConfig::architecture() const {
    return glm::architecture(generation);
}

uint64_t q_width(const ModelConfig& c) {
    return uint64_t(c.heads) * c.head_dim;
}
uint64_t kv_width(const ModelConfig& c) {
    return uint64_t(c.kv_heads) * c.head_dim;
}
uint64_t qkv_rows(const ModelConfig& c) {
    return q_width(c) + 2 * kv_width(c);
}
uint64_t ffn_up_rows(const ModelConfig& c) {
    return c.architecture().mlp == MlpKind::SwiGlu ? 2ull * c.ffn : c.ffn;
}

uint64_t TensorSpec::elements() const {
    uint64_t n = 1;
    for (uint64_t d : dims) n *= d;
    return n;
}

std::vector<TensorSpec> model_tensors(const ModelConfig& c) {
    using namespace tensor_names;
    using R = TensorRole;
    const Architecture& a = c.architecture();
    const uint64_t h = c.hidden;
    std::vector<TensorSpec> t;
    auto add = [&](std::string name, std::vector<uint64_t> dims, R role, int32_t l = -1) {
        t.push_back({std::move(name), std::move(dims), role, l});
    };
    add(token_embd, {h, c.vocab}, R::Embedding);
    for (uint32_t n = 0; n < c.layers; ++n) {
        const int32_t l = int32_t(n);
        add(layer(n, "attn_norm.weight"), {h}, R::AttnNorm, l);
        if (a.norm_has_bias()) add(layer(n, "attn_norm.bias"), {h}, R::AttnNormBias, l);
        add(layer(n, "attn_qkv.weight"), {h, qkv_rows(c)}, R::Qkv, l);
        if (c.qkv_bias) add(layer(n, "attn_qkv.bias"), {qkv_rows(c)}, R::QkvBias, l);
        add(layer(n, "attn_output.weight"), {q_width(c), h}, R::AttnOut, l);
        if (a.other_linears_have_biases())
            add(layer(n, "attn_output.bias"), {h}, R::AttnOutBias, l);
        if (a.sandwich_norms) add(layer(n, "post_attention_norm.weight"), {h}, R::AttnPostNorm, l);
        add(layer(n, "ffn_norm.weight"), {h}, R::FfnNorm, l);
        if (a.norm_has_bias()) add(layer(n, "ffn_norm.bias"), {h}, R::FfnNormBias, l);
        add(layer(n, "ffn_up.weight"), {h, ffn_up_rows(c)}, R::FfnUp, l);
        if (a.other_linears_have_biases())
            add(layer(n, "ffn_up.bias"), {ffn_up_rows(c)}, R::FfnUpBias, l);
        add(layer(n, "ffn_down.weight"), {c.ffn, h}, R::FfnDown, l);
        if (a.other_linears_have_biases()) add(layer(n, "ffn_down.bias"), {h}, R::FfnDownBias, l);
        if (a.sandwich_norms) add(layer(n, "post_ffw_norm.weight"), {h}, R::FfnPostNorm, l);
    }
    add(output_norm, {h}, R::OutputNorm);
    if (a.norm_has_bias()) add(output_norm_bias, {h}, R::OutputNormBias);
    if (!c.tied_head) add(output, {h, c.vocab}, R::Output);
    return t;
}

} // namespace glm
