// Token embedding gather: out[t] = row ids[t] of the (possibly quantized, possibly split) table.
#pragma once

#include "kernels/act_view.h"
#include "kernels/kernel_context.h"
#include "tensors/device_tensors.h"
#include "vulkan/command_recorder.h"

namespace glm {

class EmbedKernel {
public:
    explicit EmbedKernel(KernelContext& ctx) : ctx_(ctx) {}
    void record(vk::CommandRecorder& rec, const DeviceMatrix& table, const vk::BufferView& ids,
                uint32_t ids_offset, const ActView& out, uint32_t tokens,
                const char* label = nullptr);

private:
    KernelContext& ctx_;
};

} // namespace glm
