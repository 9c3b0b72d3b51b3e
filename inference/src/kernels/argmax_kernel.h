// Index of the largest value (lowest index on ties) of `count` floats, written as a uint to
// result[offset]. Two passes through a small scratch buffer (see scratch_bytes()).
#pragma once

#include "kernels/kernel_context.h"
#include "vulkan/command_recorder.h"

namespace glm {

class ArgmaxKernel {
public:
    explicit ArgmaxKernel(KernelContext& ctx) : ctx_(ctx) {}
    static constexpr uint32_t kGroups = 64;
    static uint64_t scratch_bytes() { return kGroups * 8 + 16; }
    void record(vk::CommandRecorder& rec, const vk::BufferView& values, uint32_t count,
                const vk::Buffer& scratch, const vk::BufferView& result, uint32_t result_offset,
                const char* label = nullptr);

private:
    KernelContext& ctx_;
};

} // namespace glm
