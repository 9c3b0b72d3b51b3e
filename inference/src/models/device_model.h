// A model's weights on the device, as the graph uses them.
#pragma once

#include "glm/model_info.h"
#include "kernels/kernel_context.h"
#include "tensors/device_tensors.h"

#include <memory>
#include <vector>

namespace glm {

class GpuDevice;

struct LayerWeights {
    DeviceVector attn_norm, attn_norm_bias; // bias: GLM1 only
    DeviceMatrix qkv;
    DeviceVector qkv_bias;
    DeviceMatrix attn_out;
    DeviceVector attn_out_bias; // GLM1 only
    DeviceVector ffn_norm, ffn_norm_bias;
    DeviceMatrix ffn_up;
    DeviceVector ffn_up_bias; // GLM1 only
    DeviceMatrix ffn_down;
    DeviceVector ffn_down_bias; // GLM1 only
};

struct DeviceModel {
    ModelConfig config;
    std::shared_ptr<GpuDevice> gpu;
    std::unique_ptr<KernelContext> kernels;
    DeviceMatrix embedding;
    std::vector<LayerWeights> layers;
    DeviceVector final_norm, final_norm_bias;
    DeviceMatrix output; // empty when the head is tied to the embedding

    const DeviceMatrix& lm_head() const { return config.tied_head ? embedding : output; }
    uint64_t weight_bytes() const;
};

} // namespace glm
