#include "kernels/argmax_kernel.h"

#include "push_constants.h"

#include <algorithm>

namespace glm {

void ArgmaxKernel::record(vk::CommandRecorder& rec, const vk::BufferView& values, uint32_t count,
                          const vk::Buffer& scratch, const vk::BufferView& result,
                          uint32_t result_offset, const char* label) {
    const vk::BufferView best_values = scratch.view(0, kGroups * 4);
    const vk::BufferView best_indices = scratch.view(kGroups * 4, kGroups * 4);
    const vk::BufferView final_value = scratch.view(kGroups * 8, 16);
    vk::PipelineDesc d;
    d.bindings = 4;
    d.push_constant_bytes = sizeof(shader::ArgmaxPush);
    d.workgroup[0] = std::min<uint32_t>(256, ctx_.config.elementwise_wg);
    d.shader = "argmax_pass1";
    const shader::ArgmaxPush p1{.count = count, .out_offset = 0};
    const vk::Binding b1[4] = {vk::in(values), vk::in(ctx_.unused.view()), vk::out(best_values),
                               vk::out(best_indices)};
    rec.dispatch(ctx_.device.pipeline(d), b1, &p1, sizeof p1, kGroups, 1, 1, label);
    d.shader = "argmax_pass2";
    const shader::ArgmaxPush p2{.count = kGroups, .out_offset = result_offset};
    const vk::Binding b2[4] = {vk::in(best_values), vk::in(best_indices), vk::out(final_value),
                               vk::out(result)};
    rec.dispatch(ctx_.device.pipeline(d), b2, &p2, sizeof p2, 1, 1, 1, label);
}

} // namespace glm
