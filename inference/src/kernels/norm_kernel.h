// LayerNorm (weight + bias) or RMSNorm (weight) over each of `rows` rows of n floats.
#pragma once

#include "kernels/act_view.h"
#include "kernels/kernel_context.h"
#include "tensors/device_tensors.h"
#include "vulkan/command_recorder.h"

namespace glm {

class NormKernel {
public:
    explicit NormKernel(KernelContext& ctx) : ctx_(ctx) {}
    // bias == nullptr selects RMSNorm.
    void record(vk::CommandRecorder& rec, const ActView& x, const ActView& y, uint32_t rows,
                uint32_t n, const DeviceVector& weight, const DeviceVector* bias, float eps,
                const char* label = nullptr);
    // y = residual + RMSNorm(x)·weight: a sandwich norm and its residual add in one pass.
    // `residual` must not overlap y.
    void record_add(vk::CommandRecorder& rec, const ActView& x, const ActView& residual,
                    const ActView& y, uint32_t rows, uint32_t n, const DeviceVector& weight,
                    float eps, const char* label = nullptr);

private:
    void dispatch(vk::CommandRecorder& rec, const ActView& x, const ActView& y,
                  const ActView* residual, uint32_t rows, uint32_t n, const DeviceVector& weight,
                  const DeviceVector* bias, float eps, const char* label);
    KernelContext& ctx_;
};

} // namespace glm
