// Sampling on the device (shaders/sample_*.comp): repetition penalty, temperature, top-k, top-p
// with a host-supplied uniform number, so a decode step reads back one token id. When more than
// kCapacity tokens are plausible (a very flat distribution) the id is NEED_HOST and the host
// samples from the (already penalised) logits instead.
#pragma once

#include "kernels/kernel_context.h"
#include "vulkan/command_recorder.h"

#include <cstdint>

namespace glm {

// Mirrors struct SamplingParams in shaders/sampling.glsl.
struct DeviceSamplingParams {
    float inv_temperature = 1.0f;
    uint32_t top_k = 0;
    float top_p = 1.0f;
    float penalty = 1.0f;
    float random = 0.0f;
    uint32_t vocab = 0;
    uint32_t history_bits = 1;
    uint32_t pad = 0;
};

class SampleKernel {
public:
    static constexpr uint32_t kCapacity = 1024;
    static constexpr uint32_t kGroups = 32;
    static constexpr uint32_t kNeedHost = 0xfffffffeu;
    static uint64_t candidate_bytes() { return 16 + uint64_t(kCapacity) * 8; }

    explicit SampleKernel(KernelContext& ctx) : ctx_(ctx) {}
    // `logits` is modified in place (penalty). `seen`: one bit per vocabulary entry.
    void record(vk::CommandRecorder& rec, const vk::BufferView& logits,
                const vk::BufferView& params, const vk::BufferView& seen,
                const vk::BufferView& group_max, const vk::BufferView& candidates,
                const vk::BufferView& token, const char* label = nullptr);

private:
    KernelContext& ctx_;
};

} // namespace glm
