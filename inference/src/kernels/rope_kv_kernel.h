// Rotary embedding of q and k after the QKV projection, q scaled by 1/sqrt(head_dim), k and v
// written into the KV cache at the positions of the step buffer (shaders/rope_kv.comp).
#pragma once

#include "glm/model_info.h"
#include "kernels/kernel_context.h"
#include "vulkan/command_recorder.h"

namespace glm {

struct KvCacheView {
    vk::BufferView k, v;
    uint32_t capacity = 0; // positions
    bool fp32 = false;
};

class RopeKvKernel {
public:
    explicit RopeKvKernel(KernelContext& ctx) : ctx_(ctx) {}
    void record(vk::CommandRecorder& rec, const ModelConfig& config, const vk::BufferView& qkv,
                uint32_t qkv_stride, const vk::BufferView& step, const vk::BufferView& rope,
                uint32_t rope_rows, const vk::BufferView& q, const KvCacheView& cache,
                uint32_t tokens, uint32_t first_token, const char* label = nullptr);

private:
    KernelContext& ctx_;
};

} // namespace glm
