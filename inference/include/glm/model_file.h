// What a GGUF model file holds, read and checked the way loading it would, without a device:
// for `glm-cli info` and anything else that describes a file before (or instead of) running it.
#pragma once

#include "glm/model_info.h"
#include "glm/tensor_type.h"

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace glm {

struct ModelFileInfo {
    ModelConfig config;
    std::string architecture; // general.architecture
    uint32_t gguf_version = 0;
    uint64_t file_bytes = 0;
    uint64_t tokenizer_bytes = 0;            // the embedded tokenizer file (0: ids only)
    std::optional<uint64_t> file_type;       // general.file_type, when written
    std::optional<std::string> quantization; // glm.quantization, when written
    uint64_t tensor_count = 0;
    uint64_t parameters = 0;
    struct TypeTotal {
        TensorType type = TensorType::F32;
        uint64_t tensors = 0, bytes = 0;
    };
    std::vector<TypeTotal> tensor_types; // in the order of TensorType
};

// Throws glm::Error (InvalidFile naming the problem, Io) for a file that could not load: one
// that cannot run is not described as fine.
ModelFileInfo inspect_model_file(const std::filesystem::path& path);

} // namespace glm
