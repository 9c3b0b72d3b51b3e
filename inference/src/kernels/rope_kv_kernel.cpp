#include "kernels/rope_kv_kernel.h"

#include "glm/architecture.h"
#include "push_constants.h"

#include <cmath>

namespace glm {

void RopeKvKernel::record(vk::CommandRecorder& rec, const ModelConfig& c, const vk::BufferView& qkv,
                          uint32_t qkv_stride, const vk::BufferView& step,
                          const vk::BufferView& rope, uint32_t rope_rows, const vk::BufferView& q,
                          const KvCacheView& cache, uint32_t tokens, uint32_t first_token,
                          const char* label) {
    const shader::RopeKvPush push{.heads = c.heads,
                                  .kv_heads = c.kv_heads,
                                  .head_dim = c.head_dim,
                                  .qkv_stride = qkv_stride,
                                  .capacity = cache.capacity,
                                  .rope_rows = rope_rows,
                                  .q_scale = 1.0f / std::sqrt(float(c.head_dim)),
                                  .first_token = first_token};
    vk::PipelineDesc d;
    d.shader =
        std::string((c.architecture().rotary == RotaryKind::TwoBlockRotateHalf) ? "rope_kv_glm1"
                                                                                : "rope_kv_glm2") +
        kv_shader_suffix(cache.type);
    d.bindings = 6;
    d.push_constant_bytes = sizeof push;
    d.workgroup[0] = 64;
    const vk::Binding b[6] = {vk::in(qkv), vk::in(step),     vk::in(rope),
                              vk::out(q),  vk::out(cache.k), vk::out(cache.v)};
    rec.dispatch(ctx_.device.pipeline(d), b, &push, sizeof push, tokens, 1, 1, label);
}

} // namespace glm
