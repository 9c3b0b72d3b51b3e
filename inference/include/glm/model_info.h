// What a model is: its generation, sizes and special tokens, as stored in the model file.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace glm {

// Glm4_0414: GLM-4-0414 and GLM-Z1 (transformers' Glm4ForCausalLM), GLM-4 with two more norms.
enum class Generation : uint32_t { Glm1 = 1, Glm2 = 2, Glm3 = 3, Glm4 = 4, Glm4_0414 = 5 };
const char* to_string(Generation g) noexcept; // "ChatGLM-6B", "ChatGLM2-6B", ...

struct Architecture; // glm/architecture.h: what the generation's layers are

struct ModelConfig {
    Generation generation = Generation::Glm1;
    std::string name;    // general.name, for display
    uint32_t hidden = 0; // embedding width
    uint32_t layers = 0;
    uint32_t heads = 0;    // query heads
    uint32_t kv_heads = 0; // key/value heads (= heads for GLM1)
    uint32_t head_dim = 0;
    uint32_t ffn = 0;            // FFN width (GELU input for GLM1; each SwiGLU half for GLM2+)
    uint32_t vocab = 0;          // embedding / LM head rows
    uint32_t context_length = 0; // the model's maximum sequence length
    float norm_eps = 1e-5f;
    float rope_base = 10000.0f;
    uint32_t rope_dims = 0; // rotated width per rotary block (head_dim / 2)
    bool tied_head = false; // LM head = token embedding (Architecture::tied_head)
    // The q/k/v projections have biases (every release but GLM-4-32B-0414); in a GGUF file, the
    // presence of blk.0.attn_qkv.bias says so.
    bool qkv_bias = true;
    // special token ids (-1: absent)
    int32_t bos_id = -1; // <sop> / sop: generation starts after it
    int32_t gmask_id = -1;
    int32_t mask_id = -1;
    int32_t pad_id = -1;
    std::vector<int32_t> eos_ids; // generation stops at any of these
    // tokenizer and chat format
    std::string tokenizer_model; // "glm-spm", "glm4-tiktoken" or "" (ids only)
    std::string chat_format;     // "glm1".."glm4"
    bool has_tokenizer = false;

    const Architecture& architecture() const;
};

} // namespace glm
