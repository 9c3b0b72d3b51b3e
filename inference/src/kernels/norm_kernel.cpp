#include "kernels/norm_kernel.h"

namespace glm {

void NormKernel::record(vk::CommandRecorder& rec, const ActView& x, const ActView& y, uint32_t rows,
                        uint32_t n, const DeviceVector& weight, const DeviceVector* bias, float eps,
                        const char* label) {
    struct Push {
        uint32_t n;
        float eps;
        uint32_t x_offset, x_stride, y_offset, y_stride;
    } push{n, eps, x.offset, x.stride, y.offset, y.stride};
    vk::PipelineDesc d;
    d.shader = ctx_.with_subgroups(bias ? "layer_norm" : "rms_norm");
    d.bindings = 4;
    d.push_constant_bytes = sizeof push;
    d.workgroup[0] = ctx_.config.norm_wg;
    d.constants = {0, 0, 0, 0, 0, ctx_.config.max_subgroups(ctx_.config.norm_wg)}; // id 8
    const vk::Binding b[4] = {vk::in(x.buffer), vk::out(y.buffer), vk::in(weight.buffer.view()),
                              vk::in(bias ? bias->buffer.view() : ctx_.unused.view())};
    rec.dispatch(ctx_.device.pipeline(d), b, &push, sizeof push, rows, 1, 1, label);
}

} // namespace glm
