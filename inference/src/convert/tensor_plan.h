// Which checkpoint tensor becomes which GGUF tensor (model_tensors order and names) and in which
// type: the quantization policy. Checks every shape against the configuration and every dtype
// against what the converter can read, and refuses tensors it does not know.
#pragma once

#include "convert/checkpoint_files.h"
#include "convert/hf_config.h"
#include "glm/tensor_type.h"
#include "models/model_config.h"

#include <optional>
#include <string>
#include <vector>

namespace glm {

struct PlannedTensor {
    TensorSpec spec; // GGUF name and dims (dims[0] = row length)
    TensorType type = TensorType::F32;
    LocatedTensor source;    // float weights, or the official INT4/INT8 codes
    LocatedTensor scale;     // official INT4/INT8: the fp16 scale of each row
    int official_bits = 0;   // 4 or 8 when `source` holds official codes
    LocatedTensor duplicate; // ChatGLM-6B's lm_head: compared with the embedding
    // Float tensors whose rows follow `source`'s (q, then k and v stored apart), in order.
    std::vector<LocatedTensor> parts;
    std::string hf_name; // the source's name (names joined by " + " for parts)

    uint64_t input_bytes() const; // bytes read from the checkpoint for this tensor
};

struct ConversionPlan {
    std::vector<PlannedTensor> tensors;
    std::string format; // "pytorch", "safetensors", "pytorch-int4", "pytorch-int8", ...
    TensorType type = TensorType::Q4_0;
    TensorType embedding_type = TensorType::Q8_0;
    uint32_t file_type =
        0; // general.file_type: 0 all F32, 1 mostly F16, 2 mostly Q4_0, 7 mostly Q8_0
    std::string description; // glm.quantization: which tensors got which type
    uint64_t input_bytes = 0;
    uint64_t parameters = 0;
    std::vector<std::string> warnings;
};

// Throws glm::Error(InvalidFile) naming the tensor and the problem; InvalidArgument for a type
// the engine cannot store.
ConversionPlan plan_conversion(const HfModel& model, const CheckpointFiles& files, TensorType type,
                               std::optional<TensorType> embedding_type);

// The checkpoint tensors a GGUF tensor is made of, by name, with the rows each contributes: one,
// or several whose rows follow each other (separate q, k, v). Empty when the layout has none.
struct SourcePart {
    std::string name;
    uint64_t rows = 0;
};
std::vector<SourcePart> source_parts(const HfModel& model, const TensorSpec& spec);

} // namespace glm
