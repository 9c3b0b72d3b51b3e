// A GLM model's configuration as the engine needs it, and its GGUF encoding: the keys and tensor
// names are listed in docs/gguf.md (#metadata, #tensors). general.architecture is
// Architecture::gguf_name: "chatglm" for ChatGLM2/3 and GLM-4 (as in the wider GGUF ecosystem)
// and "chatglm1" for the first generation, whose layers differ; glm.generation (1..4) tells
// ChatGLM2, ChatGLM3 and GLM-4 apart. The tensor list is model_tensors (glm/architecture.h).
#pragma once

#include "glm/architecture.h"
#include "glm/model_info.h"

#include <cstdint>
#include <string>
#include <vector>

namespace glm {

class GgufFile;
class GgufWriter;

// Reads and validates the configuration. Throws glm::Error(InvalidFile) naming the problem.
ModelConfig read_model_config(const GgufFile& file);
void write_model_config(GgufWriter& writer, const ModelConfig& config);
// Checks sizes and ids for consistency (used by the reader and the converter).
void validate_model_config(const ModelConfig& config, const std::string& source);

// Checks that `file` holds every tensor of `config` with its shape and a type the engine computes
// with: what Model::load checks before touching a device (glm-cli info runs it too). Throws
// glm::Error(InvalidFile) naming the tensor. Defined in model_loader.cpp.
void validate_model_tensors(const GgufFile& file, const ModelConfig& config);

// GGUF tensor names.
namespace tensor_names {
std::string layer(uint32_t layer, const char* what); // "blk.{layer}.{what}"
inline constexpr const char* token_embd = "token_embd.weight";
inline constexpr const char* output_norm = "output_norm.weight";
inline constexpr const char* output_norm_bias = "output_norm.bias";
inline constexpr const char* output = "output.weight";
} // namespace tensor_names

} // namespace glm
