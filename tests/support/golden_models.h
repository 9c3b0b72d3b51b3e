// The golden models of the official implementation (tests/data/conformance, see its README),
// written as GGUF files through the normal writer, and random models of any shape.
#pragma once

#include "glm/model_info.h"
#include "glm/tensor_type.h"

#include <cstdint>
#include <filesystem>
#include <vector>

namespace glm::test {

struct GoldenSteps {
    std::vector<int32_t> x1, x2, x3; // token ids of the three steps
    std::vector<float> y1, y2, y3;   // final hidden states after the final norm
    std::vector<float> embedding;    // word_embeddings [5][32] (LM head of GLM1)
};

// Writes the golden model of `generation` ("glm", "glm2", "glm3", "glm4") to `out` with the
// matrices stored as `type` (F32 reproduces the official numbers). GLM1 gets gmask id 1 and bos
// id 2, which makes the normal position logic produce the golden positions (README).
GoldenSteps write_golden_gguf(const std::string& generation, const std::filesystem::path& out,
                              TensorType type = TensorType::F32);

// A random model of the given configuration (weights ~ U(-scale, scale) per tensor, norms
// around 1, never zeros), matrices stored as `type`, embedding/head as `embedding_type`.
void write_random_gguf(const ModelConfig& config, const std::filesystem::path& out, TensorType type,
                       TensorType embedding_type, uint32_t seed = 1,
                       const std::filesystem::path& tokenizer_file = {});

// A random model (as write_random_gguf, F32 matrices) whose final norm weights are NaN: every
// logit it computes is NaN, as with a damaged file or a faulty driver.
void write_nan_gguf(const ModelConfig& config, const std::filesystem::path& out);

// A small random model that talks (randomly) through the test tokenizers of tests/data/tokenizer:
// "glm1" (ice_text.model structure, ChatGLM-6B layers) or "glm3" (ChatGLM3 structure). The
// special ids match the tokenizer's; the file embeds the tokenizer and the chat format.
ModelConfig chat_test_config(const std::string& generation);
void write_chat_test_model(const std::string& generation, const std::filesystem::path& out,
                           TensorType type = TensorType::Q8_0, uint32_t seed = 1);

// Tiny but real-shaped configurations for tests.
ModelConfig random_glm1_config(); // head dim 128 (real rotary frequencies), 2 heads, 3 layers
ModelConfig random_glm2_config(); // GQA 4:2, head dim 64
// GLM-4-0414 (sandwich norms) with real-size heads of 128 wider than hidden / heads, half of each
// rotated, grouped-query attention.
ModelConfig random_glm4_0414_config();

} // namespace glm::test
