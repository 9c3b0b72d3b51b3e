// Rotary embedding of q and k after the QKV projection, q scaled by 1/sqrt(head_dim), k and v
// written into the KV cache at the positions of the step buffer (shaders/rope_kv.comp).
#pragma once

#include "glm/kv_cache.h"
#include "glm/model_info.h"
#include "kernels/kernel_context.h"
#include "vulkan/command_recorder.h"

namespace glm {

// The shader variant suffix of a KV cache type ("", "_kv32", "_kvq8").
inline const char* kv_shader_suffix(KvCacheType t) {
    return t == KvCacheType::F32 ? "_kv32" : t == KvCacheType::Q8_0 ? "_kvq8" : "";
}

struct KvCacheView {
    vk::BufferView k, v;
    uint32_t capacity = 0; // positions
    KvCacheType type = KvCacheType::F16;
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
