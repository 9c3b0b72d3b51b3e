// Attention of T queries (all heads) against the KV cache, split over `slices` ranges of keys,
// then merged (shaders/attention.comp, attention_combine.comp). Output [T][heads * head_dim].
#pragma once

#include "glm/model_info.h"
#include "kernels/kernel_context.h"
#include "kernels/rope_kv_kernel.h"
#include "vulkan/command_recorder.h"

namespace glm {

class AttentionKernel {
public:
    explicit AttentionKernel(KernelContext& ctx) : ctx_(ctx) {}
    // `partial` holds tokens × heads × slices × (head_dim + 2) floats. The queries are tokens
    // first_token.. of the pass in `q` (a pass may be recorded in chunks); `partial` and `out`
    // hold this call's tokens only.
    void record(vk::CommandRecorder& rec, const ModelConfig& config, const vk::BufferView& q,
                const vk::BufferView& step, const KvCacheView& cache, const vk::BufferView& partial,
                const vk::BufferView& out, uint32_t tokens, uint32_t first_token, uint32_t slices,
                const char* label = nullptr);
    static uint64_t partial_floats(const ModelConfig& c, uint32_t tokens, uint32_t slices) {
        return uint64_t(tokens) * c.heads * slices * (c.head_dim + 2);
    }

private:
    KernelContext& ctx_;
};

} // namespace glm
