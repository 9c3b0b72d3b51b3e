// The whole GLM forward pass on the CPU in fp32, from a GGUF file: the model-level oracle the
// Vulkan engine is tested against (and what the golden conformance data checks first).
#pragma once

#include "glm/model_info.h"
#include "models/positions.h"

#include <cstdint>
#include <span>
#include <string>
#include <unordered_map>
#include <vector>

namespace glm {

class GgufFile;

class ReferenceModel {
public:
    explicit ReferenceModel(const GgufFile& file);
    const ModelConfig& config() const { return config_; }

    struct Cache {
        std::vector<std::vector<float>> k, v; // per layer: [kv_head][capacity][head_dim]
        uint32_t capacity = 0;
        uint32_t length = 0;      // tokens stored
        bool fp16 = false;        // round stored keys/values to fp16 (what the GPU cache holds)
        SequenceLayout layout;
    };
    Cache new_cache(uint32_t capacity, bool fp16 = false) const;

    // Runs ids at indices [cache.length, cache.length + n) and returns the final hidden states
    // (after the final norm), n × hidden. The first call on an empty cache fixes the layout.
    std::vector<float> forward(std::span<const int32_t> ids, Cache& cache) const;
    // LM head for one hidden row.
    std::vector<float> logits(const float* hidden) const;

private:
    const std::vector<float>& w(const std::string& name) const;
    ModelConfig config_;
    std::unordered_map<std::string, std::vector<float>> weights_;
    std::vector<float> rope_;
    uint32_t rope_rows_ = 0;
};

} // namespace glm
