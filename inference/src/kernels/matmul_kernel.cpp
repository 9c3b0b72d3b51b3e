#include "kernels/matmul_kernel.h"

#include "glm/error.h"

#include <algorithm>
#include <cctype>
#include <cmath>

namespace glm {

namespace {

struct Push {
    uint32_t K, rows, tokens, row_offset, x_offset, x_stride, y_offset, y_stride, res_offset,
        res_stride;
    float res_scale;
    uint32_t heads, kv_heads, head_dim, capacity, rope_rows, first_token; // Epilogue::rope_kv
    float q_scale;
    float norm_eps; // Epilogue::input_norm
};

std::string type_suffix(TensorType t) {
    std::string s = to_string(t);
    std::transform(s.begin(), s.end(), s.begin(),
                   [](unsigned char c) { return char(std::tolower(c)); });
    return s;
}

// 2-D grid when the row groups exceed the per-dimension limit.
void split_groups(uint32_t groups, uint32_t limit, uint32_t& gx, uint32_t& gy) {
    gx = std::min(groups, limit);
    gy = (groups + gx - 1) / gx;
}

} // namespace

bool MatmulKernel::fuses_swiglu(const DeviceMatrix& w, uint32_t tokens) const {
    return w.paired_rows && ctx_.config.fuse_swiglu && holds_row_pairs(tokens);
}

bool MatmulKernel::fuses_rope_kv(const DeviceMatrix& w, const ModelConfig& c, KvCacheType kv,
                                 uint32_t tokens) const {
    // The 8-bit cache stores blocks of 32 dimensions with one scale: more than a pair of rows.
    return ctx_.config.fuse_rope_kv && kv != KvCacheType::Q8_0 &&
           (w.rotary_pairs || !c.is_glm1()) && holds_row_pairs(tokens);
}

bool MatmulKernel::fuses_input_norm(const DeviceMatrix& w, uint32_t tokens) const {
    const auto& cfg = ctx_.config;
    return cfg.fuse_norm && w.cols % 4 == 0 &&
           (cfg.matvec_rows_per_lane > 0 || uses_matvec(tokens));
}

uint32_t MatmulKernel::coopmat_workgroup() const {
    const DeviceFeatures& f = ctx_.device.info().features;
    return 4 *
           (ctx_.device.enabled().subgroup_size_control ? f.subgroup_size : f.max_subgroup_size);
}

bool MatmulKernel::uses_cooperative_matrix(const DeviceMatrix& w, uint32_t tokens) const {
    const auto& cfg = ctx_.config;
    const auto& lim = ctx_.device.info().limits;
    // matmul_coopmat.comp's shared memory: two 64×72 fp16 tiles and four 16×16 (or 16×8) results.
    constexpr uint32_t shared_bytes = 2 * 64 * 72 * 2 + 4 * 16 * 16 * 4;
    const DeviceFeatures& f = ctx_.device.info().features;
    const bool emulated = cfg.cooperative_matrix_emulated != 0 && ctx_.device.enabled().float16 &&
                          f.subgroup_basic && f.min_subgroup_size >= 8;
    return cfg.cooperative_matrix && (ctx_.device.enabled().cooperative_matrix_nv || emulated) &&
           cfg.matvec_rows_per_lane == 0 && !uses_matvec(tokens) &&
           (w.type == TensorType::F16 || w.type == TensorType::Q8_0 ||
            w.type == TensorType::Q4_0) &&
           lim.max_compute_shared_memory_size >= shared_bytes &&
           coopmat_workgroup() <= lim.max_compute_workgroup_invocations &&
           coopmat_workgroup() <= lim.max_compute_workgroup_size[0];
}

bool MatmulKernel::holds_row_pairs(uint32_t tokens) const {
    const auto& cfg = ctx_.config;
    if (cfg.matvec_rows_per_lane > 0) {
        const uint32_t rpl = tokens == 1 ? cfg.matvec_rows_per_lane : cfg.prefill_rows_per_lane;
        return rpl % 2 == 0;
    }
    return uses_matvec(tokens) && cfg.matvec_rows % 2 == 0;
}

void MatmulKernel::record(vk::CommandRecorder& rec, const DeviceMatrix& w, const ActView& x,
                          const ActView& y, uint32_t tokens, const Epilogue& e, const char* label) {
    if (tokens == 0) return;
    if (x.offset % 4 || x.stride % 4)
        throw Error(ErrorKind::InvalidArgument, "matmul input must be 16-byte aligned");
    if (e.swiglu && (!fuses_swiglu(w, tokens) || e.bias || e.gelu || e.residual || e.rope_kv))
        throw Error(ErrorKind::InvalidArgument, "this pass cannot apply SwiGLU in its epilogue");
    if (e.rope_kv && (!e.rope_kv->config ||
                      !fuses_rope_kv(w, *e.rope_kv->config, e.rope_kv->cache.type, tokens) ||
                      e.gelu || e.residual))
        throw Error(ErrorKind::InvalidArgument,
                    "this pass cannot apply the rotary embedding in its epilogue");
    const uint32_t rope_kv = !e.rope_kv ? 0u : e.rope_kv->config->is_glm1() ? 1u : 2u;
    const uint32_t kv_pair_words = e.rope_kv && e.rope_kv->cache.type == KvCacheType::F32 ? 2 : 1;
    const InputNorm* norm = e.input_norm;
    if (norm && (!norm->weight || !fuses_input_norm(w, tokens)))
        throw Error(ErrorKind::InvalidArgument, "this pass cannot normalise its input");
    const uint32_t input_norm = !norm ? 0u : norm->bias ? 2u : 1u;
    const auto& cfg = ctx_.config;
    // CPU drivers: the row-per-invocation kernel for any number of tokens (in passes of up to
    // matvec_max_cols tokens); it makes the fewest buffer loads per multiply-add there.
    const bool row_per_lane = cfg.matvec_rows_per_lane > 0;
    const bool matvec = row_per_lane || uses_matvec(tokens);
    const bool coopmat = uses_cooperative_matrix(w, tokens);
    vk::PipelineDesc d;
    d.bindings = 13;
    d.push_constant_bytes = sizeof(Push);
    uint32_t cols = 1;
    const uint32_t rpl = tokens == 1 ? cfg.matvec_rows_per_lane : cfg.prefill_rows_per_lane;
    // Texel views exist for every chunk or for none (they depend on the device).
    const bool texels = row_per_lane && cfg.texel_weights && !w.chunks.empty() &&
                        w.chunks[0].data_texels && ctx_.unused_texels &&
                        (w.chunks[0].scale_texels || !w.chunks[0].scales);
    // The activations' texel view spans their whole memory block; the push constant counts from
    // its start, so the range must start on a texel.
    const bool x_texels =
        texels && cfg.texel_activations && x.buffer.texels && x.buffer.offset % 16 == 0;
    if (row_per_lane) {
        while (cols < tokens && cols < cfg.matvec_max_cols) cols *= 2;
        d.shader = (x_texels                                    ? "matvec_rows_texx_"
                    : texels                                    ? "matvec_rows_tex_"
                    : cfg.load64 && ctx_.device.enabled().int64 ? "matvec_rows64_"
                                                                : "matvec_rows_") +
                   type_suffix(w.type);
        if (texels) d.texel_bindings = x_texels ? 0b111 : 0b11;
        d.workgroup[0] = cfg.matvec_wg;
        // ids 3 RPL, 4 COLS, 5 bias, 6 act, 7 residual, (8, 9 unused), 10 SwiGLU, 11 rope_kv,
        // 12 KV-cache words per pair, 13 input norm
        d.constants = {rpl,       cols, e.bias ? 1u : 0u,   e.gelu ? 1u : 0u, e.residual ? 1u : 0u,
                       0u,        0u,   e.swiglu ? 1u : 0u, rope_kv,          kv_pair_words,
                       input_norm};
    } else if (matvec) {
        while (cols < tokens) cols *= 2;
        d.shader = ctx_.with_subgroups("matvec_" + type_suffix(w.type));
        d.workgroup[0] = cfg.matvec_wg;
        // ids 3 ROWS, 4 COLS, 5 bias, 6 act, 7 residual, 8 MAX_SUBGROUPS, (9 unused), 10 SwiGLU,
        // 11 rope_kv, 12 KV-cache words per pair, 13 input norm
        d.constants = {cfg.matvec_rows,
                       cols,
                       e.bias ? 1u : 0u,
                       e.gelu ? 1u : 0u,
                       e.residual ? 1u : 0u,
                       cfg.max_subgroups(cfg.matvec_wg),
                       0u,
                       e.swiglu ? 1u : 0u,
                       rope_kv,
                       kv_pair_words,
                       input_norm};
    } else if (coopmat) {
        const uint32_t tile_n = cfg.cooperative_matrix_emulated
                                    ? cfg.cooperative_matrix_emulated
                                    : ctx_.device.info().features.cooperative_matrix_nv_tile_n;
        d.shader = std::string(tile_n == 8 ? "matmul_coopmat_n8_" : "matmul_coopmat_") +
                   (cfg.cooperative_matrix_emulated ? "emu_" : "") + type_suffix(w.type);
        d.workgroup[0] = coopmat_workgroup();
        if (ctx_.device.enabled().subgroup_size_control)
            d.required_subgroup_size = ctx_.device.info().features.subgroup_size;
        // ids 5 bias, 6 act, 7 residual (tiles are fixed: 64 rows × 64 tokens)
        d.constants = {0u, 0u, e.bias ? 1u : 0u, e.gelu ? 1u : 0u, e.residual ? 1u : 0u};
    } else {
        d.shader = "matmul_" + type_suffix(w.type);
        d.workgroup[0] = (cfg.matmul_bm / cfg.matmul_tm) * (cfg.matmul_bn / cfg.matmul_tn);
        // ids 3 BM, 4 BN, 5 bias, 6 act, 7 residual, 8 TM, 9 TN
        d.constants = {cfg.matmul_bm,        cfg.matmul_bn, e.bias ? 1u : 0u, e.gelu ? 1u : 0u,
                       e.residual ? 1u : 0u, cfg.matmul_tm, cfg.matmul_tn};
    }
    const vk::Pipeline& p = ctx_.device.pipeline(d);
    const uint32_t limit = ctx_.device.info().limits.max_compute_workgroup_count[0];
    const vk::BufferView unused = ctx_.unused.view();
    for (const auto& c : w.chunks) {
        Push push{};
        push.K = uint32_t(w.cols);
        push.rows = uint32_t(c.rows);
        push.tokens = tokens;
        push.row_offset = uint32_t(c.first_row);
        push.x_offset = x_texels ? uint32_t(x.offset + x.buffer.offset / 4) : x.offset;
        push.x_stride = x.stride;
        push.y_offset = y.offset;
        push.y_stride = y.stride;
        if (e.residual) {
            push.res_offset = e.residual->offset;
            push.res_stride = e.residual->stride;
        }
        push.res_scale = e.residual_scale;
        const RopeKvTarget* rk = e.rope_kv;
        if (rk) {
            const ModelConfig& mc = *rk->config;
            push.heads = mc.heads;
            push.kv_heads = mc.kv_heads;
            push.head_dim = mc.head_dim;
            push.capacity = rk->cache.capacity;
            push.rope_rows = rk->rope_rows;
            push.first_token = rk->first_token;
            push.q_scale = 1.0f / std::sqrt(float(mc.head_dim));
        }
        if (norm) push.norm_eps = norm->eps;
        const vk::Binding bindings[13] = {
            texels ? vk::texel(c.data.view(), c.data_texels.handle()) : vk::in(c.data.view()),
            texels ? vk::texel(c.scales ? c.scales.view() : unused,
                               c.scales ? c.scale_texels.handle() : ctx_.unused_texels.handle())
                   : vk::in(c.scales ? c.scales.view() : unused),
            x_texels ? vk::texel(x.buffer, x.buffer.texels) : vk::in(x.buffer),
            vk::out(y.buffer),
            vk::in(e.bias ? e.bias->buffer.view() : unused),
            vk::in(e.residual ? e.residual->buffer : unused),
            vk::in(rk ? rk->rope : unused),
            vk::in(rk ? rk->step : unused),
            rk ? vk::out(rk->q) : vk::in(unused),
            rk ? vk::out(rk->cache.k) : vk::in(unused),
            rk ? vk::out(rk->cache.v) : vk::in(unused),
            vk::in(norm ? norm->weight->buffer.view() : unused),
            vk::in(norm && norm->bias ? norm->bias->buffer.view() : unused),
        };
        uint32_t gx, gy;
        if (row_per_lane) {
            const uint32_t per_group = cfg.matvec_wg * rpl;
            split_groups(uint32_t((c.rows + per_group - 1) / per_group), limit, gx, gy);
            rec.dispatch(p, bindings, &push, sizeof push, gx, gy, (tokens + cols - 1) / cols,
                         label);
        } else if (matvec) {
            split_groups(uint32_t((c.rows + cfg.matvec_rows - 1) / cfg.matvec_rows), limit, gx, gy);
            rec.dispatch(p, bindings, &push, sizeof push, gx, gy, (tokens + cols - 1) / cols,
                         label);
        } else {
            const uint32_t bm = coopmat ? 64 : cfg.matmul_bm, bn = coopmat ? 64 : cfg.matmul_bn;
            split_groups(uint32_t((c.rows + bm - 1) / bm), limit, gx, gy);
            rec.dispatch(p, bindings, &push, sizeof push, gx, gy, (tokens + bn - 1) / bn, label);
        }
    }
}

} // namespace glm
