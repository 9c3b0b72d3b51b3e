// A model's weights on the device, as the graph uses them.
#pragma once

#include "glm/architecture.h"
#include "glm/model_info.h"
#include "kernels/kernel_context.h"
#include "models/model_weights.h"
#include "tensors/device_tensors.h"

#include <memory>
#include <vector>

namespace glm {

class ComputeDevice;

using LayerWeights = LayerWeightsOf<DeviceMatrix, DeviceVector>;

struct DeviceModel : ModelWeightsOf<DeviceMatrix, DeviceVector> {
    ModelConfig config;
    std::shared_ptr<ComputeDevice> gpu;
    std::unique_ptr<KernelContext> kernels;

    const DeviceMatrix& lm_head() const { return config.tied_head ? embedding : output; }
    uint64_t weight_bytes() const;
};

// The order a tensor's rows take on the device: the QKV rows of a per-head interleaved layout in
// rotary pairs (DeviceMatrix::rotary_pairs), a SwiGLU up projection's halves paired
// (DeviceMatrix::paired_rows); everything else natural.
RowOrder device_row_order(const ModelConfig& config, TensorRole role);

} // namespace glm
