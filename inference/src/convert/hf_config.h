// A Hugging Face GLM checkpoint folder's description: config.json of each generation
// (docs/architectures.md#configuration-keys; transformers' GlmForCausalLM in docs/convert.md
// "Layouts") and the tokenizer files next to it, turned into the engine's ModelConfig. Tells
// ChatGLM2 from ChatGLM3 (same config and weights) by the tokenizer's special tokens and GLM-4 by
// its tiktoken tokenizer or config (docs/architectures.md#checkpoint-quirks).
#pragma once

#include "glm/model_info.h"

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace glm {

// How a checkpoint names and splits its tensors (docs/convert.md "Layouts").
enum class CheckpointLayout {
    Thudm,        // THUDM's own modeling code: transformer.*, fused QKV
    Transformers, // transformers' GlmForCausalLM (glm-4-9b-chat-hf): model.*, separate q/k/v
};

struct HfModel {
    ModelConfig config;
    CheckpointLayout layout = CheckpointLayout::Thudm;
    int quantization_bits = 0;            // 4 or 8 for the official INT4/INT8 checkpoints
    std::filesystem::path tokenizer_file; // empty when the folder has none
    std::vector<std::string> warnings;
};

// Throws glm::Error naming the file and the problem. `generation` overrides detection.
HfModel read_hf_model(const std::filesystem::path& directory,
                      std::optional<Generation> generation = std::nullopt);

// Reads a small text file (config, index, tokenizer) whole; refuses files over `limit` bytes.
std::string read_small_file(const std::filesystem::path& path, uint64_t limit);

} // namespace glm
