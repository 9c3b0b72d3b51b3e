// A model's weights on the device, as the graph uses them.
#pragma once

#include "glm/architecture.h"
#include "glm/model_info.h"
#include "kernels/kernel_context.h"
#include "tensors/device_tensors.h"

#include <memory>
#include <vector>

namespace glm {

class GpuDevice;

// One member per TensorRole of a layer; what the architecture lacks stays empty.
struct LayerWeights {
    DeviceVector attn_norm, attn_norm_bias;
    DeviceMatrix qkv;
    DeviceVector qkv_bias;
    DeviceMatrix attn_out;
    DeviceVector attn_out_bias;
    DeviceVector attn_post_norm; // sandwich norms
    DeviceVector ffn_norm, ffn_norm_bias;
    DeviceMatrix ffn_up;
    DeviceVector ffn_up_bias;
    DeviceMatrix ffn_down;
    DeviceVector ffn_down_bias;
    DeviceVector ffn_post_norm; // sandwich norms
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

    // Where the tensor `spec` (of model_tensors(config)) lives: exactly one of the two is
    // non-null. `layers` must already hold config.layers entries.
    DeviceMatrix* matrix_slot(const TensorSpec& spec);
    DeviceVector* vector_slot(const TensorSpec& spec);
};

// The order a tensor's rows take on the device: the QKV rows of a per-head interleaved layout in
// rotary pairs (DeviceMatrix::rotary_pairs), a SwiGLU up projection's halves paired
// (DeviceMatrix::paired_rows); everything else natural.
RowOrder device_row_order(const ModelConfig& config, TensorRole role);

} // namespace glm
