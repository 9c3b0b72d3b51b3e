#include "kernels/attention_kernel.h"

#include "push_constants.h"

#include <algorithm>
#include <string>

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
        // The texel variants read the cache and the queries through their memory blocks' texel
        // views, from these texels on (every range must start on a texel, and so every cache
        // row: fp16 rows are head_dim / 8 texels, 8-bit ones head_dim / 16 + head_dim / 128).
        auto on_texel = [](const vk::BufferView& v) { return v.texels && v.offset % 16 == 0; };
        const bool texel_rows = (cache.type == KvCacheType::F16 && c.head_dim % 8 == 0) ||
                                (cache.type == KvCacheType::Q8_0 && c.head_dim % 128 == 0);
        const bool texels = cfg.texel_attention && texel_rows && on_texel(q) && on_texel(cache.k) &&
                            on_texel(cache.v);
        const shader::AttentionPush push{.heads = c.heads,
                                         .kv_heads = c.kv_heads,
                                         .capacity = cache.capacity,
                                         .slices = slices,
                                         .tokens = tokens,
                                         .first_token = first_token,
                                         .q_texel = uint32_t(q.offset / 16),
                                         .k_texel = uint32_t(cache.k.offset / 16),
                                         .v_texel = uint32_t(cache.v.offset / 16)};
        vk::PipelineDesc d;
        d.shader = ctx_.with_subgroups("attention") +
                   (texels ? std::string(cache.type == KvCacheType::Q8_0 ? "_texq8" : "_tex")
                           : kv_shader_suffix(cache.type));
        d.bindings = 5;
        if (texels) d.texel_bindings = 0b1101;
        d.push_constant_bytes = sizeof push;
        d.workgroup[0] = cfg.attention_wg;
        d.constants = {c.head_dim, 0, 0, 0, 0, cfg.max_subgroups(cfg.attention_wg)}; // ids 3, 8
        const vk::Binding b[5] = {texels ? vk::texel(q, q.texels) : vk::in(q), vk::in(step),
                                  texels ? vk::texel(cache.k, cache.k.texels) : vk::in(cache.k),
                                  texels ? vk::texel(cache.v, cache.v.texels) : vk::in(cache.v),
                                  vk::out(partial)};
        rec.dispatch(ctx_.device.pipeline(d), b, &push, sizeof push, gx, gy, slices, label);
    }
    {
        const shader::AttentionCombinePush push{
            .heads = c.heads, .slices = slices, .tokens = tokens};
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
