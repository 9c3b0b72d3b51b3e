#include "kernels/attention_kernel.h"

#include <algorithm>

namespace glm {

void AttentionKernel::record(vk::CommandRecorder& rec, const ModelConfig& c,
                             const vk::BufferView& q, const vk::BufferView& step,
                             const KvCacheView& cache, const vk::BufferView& partial,
                             const vk::BufferView& out, uint32_t tokens, uint32_t first_token,
                             uint32_t slices, const char* label) {
    const auto& cfg = ctx_.config;
    const uint32_t queries = tokens * c.heads;
    const uint32_t limit = ctx_.device.info().limits.max_compute_workgroup_count[0];
    const uint32_t gx = std::min(queries, limit), gy = (queries + gx - 1) / gx;
    {
        struct Push {
            uint32_t heads, kv_heads, capacity, slices, tokens, first_token;
        } push{c.heads, c.kv_heads, cache.capacity, slices, tokens, first_token};
        vk::PipelineDesc d;
        d.shader = ctx_.with_subgroups("attention") + kv_shader_suffix(cache.type);
        d.bindings = 5;
        d.push_constant_bytes = sizeof push;
        d.workgroup[0] = cfg.attention_wg;
        d.constants = {c.head_dim, 0, 0, 0, 0, cfg.max_subgroups(cfg.attention_wg)}; // ids 3, 8
        const vk::Binding b[5] = {vk::in(q), vk::in(step), vk::in(cache.k), vk::in(cache.v),
                                  vk::out(partial)};
        rec.dispatch(ctx_.device.pipeline(d), b, &push, sizeof push, gx, gy, slices, label);
    }
    {
        struct Push {
            uint32_t heads, slices, tokens;
        } push{c.heads, slices, tokens};
        vk::PipelineDesc d;
        d.shader = "attention_combine";
        d.bindings = 2;
        d.push_constant_bytes = sizeof push;
        d.workgroup[0] = std::min<uint32_t>(64, c.head_dim);
        d.constants = {c.head_dim};
        const vk::Binding b[2] = {vk::in(partial), vk::out(out)};
        rec.dispatch(ctx_.device.pipeline(d), b, &push, sizeof push, gx, gy, 1, label);
    }
}

} // namespace glm
