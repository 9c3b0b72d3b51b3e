// GLM2+ FFN activation: out[t][i] = silu(up[t][i]) · up[t][F + i].
#pragma once

#include "kernels/kernel_context.h"
#include "vulkan/command_recorder.h"

namespace glm {

class SwigluKernel {
public:
    explicit SwigluKernel(KernelContext& ctx) : ctx_(ctx) {}
    void record(vk::CommandRecorder& rec, const vk::BufferView& up, const vk::BufferView& out,
                uint32_t ffn, uint32_t tokens, const char* label = nullptr);

private:
    KernelContext& ctx_;
};

} // namespace glm
