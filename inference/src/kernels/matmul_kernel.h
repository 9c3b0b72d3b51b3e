// y = act(W x + bias) + scale · residual for T tokens, over every row chunk of W: the mat-vec
// kernel for a few tokens (decode), the tiled kernel otherwise (prefill).
#pragma once

#include "kernels/act_view.h"
#include "kernels/kernel_context.h"
#include "models/device_weights.h"
#include "vulkan/command_recorder.h"

namespace glm {

struct Epilogue {
    const DeviceVector* bias = nullptr;
    bool gelu = false;
    const ActView* residual = nullptr;
    float residual_scale = 1.0f;
};

class MatmulKernel {
public:
    explicit MatmulKernel(KernelContext& ctx) : ctx_(ctx) {}
    void record(vk::CommandRecorder& rec, const DeviceMatrix& w, const ActView& x, const ActView& y, uint32_t tokens,
                const Epilogue& epilogue = {}, const char* label = nullptr);
    // True when `tokens` would use the mat-vec kernel.
    bool uses_matvec(uint32_t tokens) const { return tokens <= ctx_.config.matvec_max_cols; }

private:
    KernelContext& ctx_;
};

} // namespace glm
