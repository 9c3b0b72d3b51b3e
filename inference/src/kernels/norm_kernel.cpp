#include "kernels/norm_kernel.h"

#include "push_constants.h"

namespace glm {

void NormKernel::record(vk::CommandRecorder& rec, const ActView& x, const ActView& y, uint32_t rows,
                        uint32_t n, const DeviceVector& weight, const DeviceVector* bias, float eps,
                        const char* label) {
    dispatch(rec, x, y, nullptr, rows, n, weight, bias, eps, label);
}

void NormKernel::record_add(vk::CommandRecorder& rec, const ActView& x, const ActView& residual,
                            const ActView& y, uint32_t rows, uint32_t n, const DeviceVector& weight,
                            float eps, const char* label) {
    dispatch(rec, x, y, &residual, rows, n, weight, nullptr, eps, label);
}

void NormKernel::dispatch(vk::CommandRecorder& rec, const ActView& x, const ActView& y,
                          const ActView* residual, uint32_t rows, uint32_t n,
                          const DeviceVector& weight, const DeviceVector* bias, float eps,
                          const char* label) {
    const shader::NormPush push{.n = n,
                                .eps = eps,
                                .x_offset = x.offset,
                                .x_stride = x.stride,
                                .y_offset = y.offset,
                                .y_stride = y.stride,
                                .r_offset = residual ? residual->offset : 0,
                                .r_stride = residual ? residual->stride : 0};
    vk::PipelineDesc d;
    d.shader = ctx_.with_subgroups(bias ? "layer_norm" : "rms_norm");
    d.bindings = 4;
    d.push_constant_bytes = sizeof push;
    d.workgroup[0] = ctx_.config.norm_wg;
    d.constants = {0,
                   0,
                   0,
                   0,
                   0,
                   ctx_.config.max_subgroups(ctx_.config.norm_wg), // id 8
                   residual ? 1u : 0u};                            // id 9
    const vk::Binding b[4] = {vk::in(x.buffer), vk::out(y.buffer), vk::in(weight.buffer.view()),
                              vk::in(bias       ? bias->buffer.view()
                                     : residual ? residual->buffer
                                                : ctx_.unused.view())};
    rec.dispatch(ctx_.device.pipeline(d), b, &push, sizeof push, rows, 1, 1, label);
}

} // namespace glm
