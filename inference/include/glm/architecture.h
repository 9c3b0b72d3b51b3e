// What each GLM architecture is, written down once. The loader, the converter, the Vulkan graph,
// the CPU reference, the benchmarks' random models, `glm-cli info` and the app's memory
// estimates all read this description; none of them restates a formula or branches on the
// generation number for a structural question (docs/architectures.md "One description").
#pragma once

#include "glm/model_info.h"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace glm {

enum class NormKind : uint8_t {
    LayerNorm, // mean and variance, weight and bias
    RmsNorm,   // root mean square, weight only
};

enum class MlpKind : uint8_t {
    Gelu,   // down(gelu(up·m + b)) with one [ffn] up projection
    SwiGlu, // down(silu(gate·m) ⊙ up·m) with one [2·ffn] projection, the gate half first
};

enum class QkvLayout : uint8_t {
    PerHeadInterleaved, // GLM1: one matrix, per head [q | k | v] rows
    Fused,              // GLM2+: one matrix, [Q | K | V] with Q of every head first
};

enum class RotaryKind : uint8_t {
    // GLM1: two rotary blocks of head_dim/2 (position, block position), each rotating its
    // halves against each other (rotate-half); frequencies rounded to fp16 as the official
    // model computes them.
    TwoBlockRotateHalf,
    // GLM2+: one block of the first rope_dims channels, rotating adjacent pairs (2i, 2i+1).
    InterleavedPairs,
};

enum class MaskKind : uint8_t {
    PrefixLm, // GLM1: the prompt sees itself bidirectionally, the reply causally
    Causal,
};

enum class BiasSet : uint8_t {
    EveryLinear, // GLM1: QKV, attention output, both MLP projections
    QkvOnly,     // GLM2+ (ModelConfig::qkv_bias: whether even these exist)
};

struct Architecture {
    Generation generation;
    const char* key;          // "glm1" .. "glm4": stable, for catalogues and settings
    const char* display_name; // "ChatGLM-6B", ...
    const char* gguf_name;    // general.architecture in our GGUF files
    NormKind norm;
    BiasSet biases;
    MlpKind mlp;
    QkvLayout qkv;
    RotaryKind rotary;
    MaskKind mask;
    // "Sandwich" norms: an RMSNorm on each sublayer's output before its residual add
    // (GLM-4-0414: post_attention_norm, post_ffw_norm).
    bool sandwich_norms;
    // The residual each sublayer adds: the sublayer's input (1.0, pre-norm), or GLM1's
    // α·(normalised input) with α = √(2·28) for every GLM1 size (the official code never passes
    // num_layers to the block; docs/architectures.md#norms-and-residuals).
    bool residual_from_normalised_input;
    float residual_scale;
    bool tied_head; // the LM head is the token embedding

    bool norm_has_bias() const { return norm == NormKind::LayerNorm; }
    // Whether the linears other than QKV have biases (QKV: ModelConfig::qkv_bias).
    bool other_linears_have_biases() const { return biases == BiasSet::EveryLinear; }
    // The normalisation epsilon's GGUF key suffix.
    const char* norm_eps_key() const {
        return norm == NormKind::LayerNorm ? "attention.layer_norm_epsilon"
                                           : "attention.layer_norm_rms_epsilon";
    }
};

const Architecture& architecture(Generation generation);
std::optional<Generation> generation_from_key(std::string_view key); // "glm1" .. "glm4"
inline constexpr Generation kAllGenerations[] = {
    Generation::Glm1, Generation::Glm2, Generation::Glm3, Generation::Glm4, Generation::Glm4_0414};
// The generation of a GGUF general.architecture with no glm.generation key (files of other
// tools): "chatglm1" GLM1, "chatglm" GLM2, "glm4" GLM-4-0414.
std::optional<Generation> generation_of_gguf_name(std::string_view gguf_name);
// Whether the generation speaks GLM-4's vocabulary (tiktoken ranks or tokenizer.json, 151552 rows).
bool uses_glm4_vocabulary(Generation generation);

// The widths that follow from a configuration.
uint64_t q_width(const ModelConfig& c);     // heads · head_dim: attention output input
uint64_t kv_width(const ModelConfig& c);    // kv_heads · head_dim: one of K or V
uint64_t qkv_rows(const ModelConfig& c);    // rows of the QKV projection
uint64_t ffn_up_rows(const ModelConfig& c); // rows of the MLP up (SwiGLU: gate + up) projection

// Every tensor a model consists of, by what it does.
enum class TensorRole : uint8_t {
    Embedding,
    AttnNorm,
    AttnNormBias,
    Qkv,
    QkvBias,
    AttnOut,
    AttnOutBias,
    AttnPostNorm, // sandwich norms only
    FfnNorm,
    FfnNormBias,
    FfnUp,
    FfnUpBias,
    FfnDown,
    FfnDownBias,
    FfnPostNorm, // sandwich norms only
    OutputNorm,
    OutputNormBias,
    Output, // the LM head (absent when tied)
};

struct TensorSpec {
    std::string name;           // GGUF name
    std::vector<uint64_t> dims; // GGUF order: dims[0] is the row length
    TensorRole role = TensorRole::Embedding;
    int32_t layer = -1; // -1 outside the transformer layers
    bool is_matrix() const { return dims.size() == 2; }
    uint64_t elements() const;
};

// The tensors of a model of this configuration with their shapes, in file order.
std::vector<TensorSpec> model_tensors(const ModelConfig& c);

} // namespace glm
