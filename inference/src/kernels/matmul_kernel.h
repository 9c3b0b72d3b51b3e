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
    // y[t][f] = silu(gate f) * (up f) for a paired-rows matrix (DeviceMatrix::paired_rows): y has
    // rows / 2 outputs per token. Only where fuses_swiglu(); excludes the other parts.
    bool swiglu = false;
};

class MatmulKernel {
public:
    explicit MatmulKernel(KernelContext& ctx) : ctx_(ctx) {}
    void record(vk::CommandRecorder& rec, const DeviceMatrix& w, const ActView& x, const ActView& y,
                uint32_t tokens, const Epilogue& epilogue = {}, const char* label = nullptr);
    // True when `tokens` would use the mat-vec kernel.
    bool uses_matvec(uint32_t tokens) const { return tokens <= ctx_.config.matvec_max_cols; }
    // True when a pass of `tokens` over `w` can apply SwiGLU in its epilogue (the mat-vec
    // kernels, with an even number of rows per workgroup or invocation); else the caller runs
    // SwigluKernel on the paired output.
    bool fuses_swiglu(const DeviceMatrix& w, uint32_t tokens) const;

private:
    KernelContext& ctx_;
};

} // namespace glm
