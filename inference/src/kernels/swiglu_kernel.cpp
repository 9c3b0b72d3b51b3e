#include "kernels/swiglu_kernel.h"

#include "push_constants.h"

#include <algorithm>

namespace glm {

void SwigluKernel::record(vk::CommandRecorder& rec, const vk::BufferView& up,
                          const vk::BufferView& out, uint32_t ffn, uint32_t tokens,
                          const char* label) {
    const shader::SwigluPush push{.ffn = ffn, .tokens = tokens};
    vk::PipelineDesc d;
    d.shader = "swiglu";
    d.bindings = 2;
    d.push_constant_bytes = sizeof push;
    d.workgroup[0] = ctx_.config.elementwise_wg;
    const uint32_t groups = (ffn * tokens + d.workgroup[0] - 1) / d.workgroup[0];
    const uint32_t limit = ctx_.device.info().limits.max_compute_workgroup_count[0];
    const uint32_t gx = std::min(groups, limit), gy = (groups + gx - 1) / gx;
    const vk::Binding b[2] = {vk::in(up), vk::out(out)};
    rec.dispatch(ctx_.device.pipeline(d), b, &push, sizeof push, gx, gy, 1, label);
}

} // namespace glm
