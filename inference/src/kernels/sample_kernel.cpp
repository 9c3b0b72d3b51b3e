#include "kernels/sample_kernel.h"

#include "push_constants.h"

#include <algorithm>

namespace glm {

void SampleKernel::record(vk::CommandRecorder& rec, const vk::BufferView& logits,
                          const vk::BufferView& params, const vk::BufferView& seen,
                          const vk::BufferView& group_max, const vk::BufferView& candidates,
                          const vk::BufferView& token, const char* label) {
    const uint32_t wg = std::min<uint32_t>(256, ctx_.config.elementwise_wg);
    rec.fill({candidates.buffer, candidates.offset, 16}, 0);
    vk::PipelineDesc d;
    d.bindings = 4;
    d.workgroup[0] = wg;
    d.shader = "sample_prepare";
    const vk::Binding b1[4] = {vk::out(logits), vk::in(params), vk::in(seen), vk::out(group_max)};
    rec.dispatch(ctx_.device.pipeline(d), b1, nullptr, 0, kGroups, 1, 1, label);

    d.shader = "sample_candidates";
    const shader::SampleCandidatesPush push{.groups = kGroups};
    d.push_constant_bytes = sizeof push;
    d.constants = {kCapacity};
    const vk::Binding b2[4] = {vk::in(logits), vk::in(params), vk::in(group_max),
                               vk::out(candidates)};
    rec.dispatch(ctx_.device.pipeline(d), b2, &push, sizeof push, kGroups, 1, 1, label);

    d.shader = "sample_select";
    d.push_constant_bytes = 0;
    d.workgroup[0] =
        std::min<uint32_t>(256, ctx_.device.info().limits.max_compute_workgroup_invocations);
    const vk::Binding b3[4] = {vk::in(params), vk::out(candidates), vk::out(seen), vk::out(token)};
    rec.dispatch(ctx_.device.pipeline(d), b3, nullptr, 0, 1, 1, 1, label);
}

} // namespace glm
