#include "kernels/embed_kernel.h"

#include "push_constants.h"

#include <algorithm>
#include <cctype>

namespace glm {

void EmbedKernel::record(vk::CommandRecorder& rec, const DeviceMatrix& table,
                         const vk::BufferView& ids, uint32_t ids_offset, const ActView& out,
                         uint32_t tokens, const char* label) {
    std::string suffix = to_string(table.type);
    std::transform(suffix.begin(), suffix.end(), suffix.begin(),
                   [](unsigned char c) { return char(std::tolower(c)); });
    vk::PipelineDesc d;
    d.shader = "embed_" + suffix;
    d.bindings = 4;
    d.push_constant_bytes = 24;
    d.workgroup[0] = 32;
    const vk::Pipeline& p = ctx_.device.pipeline(d);
    for (const auto& c : table.chunks) {
        const shader::EmbedPush push{.K = uint32_t(table.cols),
                                     .rows = uint32_t(c.rows),
                                     .row_begin = uint32_t(c.first_row),
                                     .ids_offset = ids_offset,
                                     .out_offset = out.offset,
                                     .out_stride = out.stride};
        const vk::Binding b[4] = {vk::in(c.data.view()),
                                  vk::in(c.scales ? c.scales.view() : ctx_.unused.view()),
                                  vk::in(ids), vk::out(out.buffer)};
        rec.dispatch(p, b, &push, sizeof push, tokens, 1, 1, label);
    }
}

} // namespace glm
