// Converting Hugging Face checkpoints (config.json + PyTorch .bin or .safetensors shards +
// tokenizer file) into one GGUF model file, streamed tensor by tensor.
#pragma once

#include "glm/model_info.h"
#include "glm/tensor_type.h"

#include <atomic>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace glm {

struct ConvertOptions {
    // Type of the large matrices (attention and FFN weights).
    TensorType type = TensorType::Q4_0;
    // Type of the token embedding and LM head. Default: Q8_0 when `type` is Q4_0 or Q8_0,
    // otherwise `type` (they dominate quality at 4 bits and cost little extra).
    std::optional<TensorType> embedding_type;
    // Progress in bytes of input read; called from the converting thread.
    std::function<void(uint64_t done, uint64_t total)> progress;
    // Set to true from another thread to stop; the partial output is removed.
    const std::atomic<bool>* cancel = nullptr;
    // Non-fatal notes (e.g. "no tokenizer file: the model will accept token ids only").
    std::function<void(const std::string&)> warning;
    // Overrides the detected generation (ChatGLM2 and ChatGLM3 share config and weights; the
    // converter tells them apart by the tokenizer files, docs/architectures.md#checkpoint-quirks).
    std::optional<Generation> generation;
    // Threads converting (quantizing) in parallel; 0: the machine's hardware threads, at most 8.
    unsigned threads = 0;
};

struct CheckpointInfo {
    std::filesystem::path directory;
    ModelConfig config;       // as it will be written
    std::string format;       // "pytorch", "safetensors", "pytorch-int4", "pytorch-int8"
    uint64_t input_bytes = 0; // bytes of tensor data to read
    uint64_t parameters = 0;
    bool has_tokenizer = false;
    std::vector<std::filesystem::path> files; // the shards
    std::vector<std::string> warnings;        // what converting would warn about
};

// The tokenizer file a generation's checkpoint folder holds ("ice_text.model" for ChatGLM-6B,
// "tokenizer.model" for the others). Without it a converted model has no tokenizer and cannot chat:
// CheckpointInfo::has_tokenizer says whether the folder has it.
std::string tokenizer_file_name(Generation generation);

// Reads config.json and the shard index/headers; no tensor data. Throws glm::Error naming the
// file and the problem when the folder is not a supported checkpoint.
CheckpointInfo inspect_checkpoint(const std::filesystem::path& directory,
                                  std::optional<Generation> generation = std::nullopt);

// Bytes the GGUF file will have for `info` converted with `options` (exact, before converting;
// re-reads the folder's headers).
uint64_t converted_size(const CheckpointInfo& info, const ConvertOptions& options);

struct ConvertResult {
    std::filesystem::path output;
    uint64_t output_bytes = 0;
    uint64_t input_bytes = 0;
    double seconds = 0;
    std::vector<std::string> warnings;
};

// Converts into `output` (written as `output` + ".partial", validated by re-reading, then
// renamed into place). Throws glm::Error on failure or cancellation (ErrorKind::Cancelled),
// after removing the partial file.
ConvertResult convert_checkpoint(const std::filesystem::path& directory,
                                 const std::filesystem::path& output,
                                 const ConvertOptions& options = {});

} // namespace glm
