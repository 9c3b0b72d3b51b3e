#include "kernels/matmul_kernel.h"

#include "glm/architecture.h"
#include "glm/error.h"
#include "matmul_interface.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <cmath>

namespace glm {

using shader::MatmulPush;

// One way to run a pass, chosen per pass: the compiled module, its constants by id
// (shaders/matmul_interface.h), which bindings are texel buffers, and the part of the output
// one workgroup computes (which sets the grid).
struct MatmulVariant {
    std::string shader;
    uint32_t workgroup = 0;
    uint32_t required_subgroup_size = 0;
    std::array<uint32_t, MATMUL_CONSTANT_IDS> constants{}; // [0..2] unused: the workgroup size
    bool texel_weights = false;                            // weights and scales through texel views
    bool texel_x = false;                                  // the activations too
    uint32_t rows_per_group = 0;
    uint32_t tokens_per_group = 0;

    vk::PipelineDesc pipeline() const {
        vk::PipelineDesc d;
        d.shader = shader;
        d.bindings = MATMUL_BINDINGS;
        d.push_constant_bytes = sizeof(MatmulPush);
        d.workgroup[0] = workgroup;
        d.required_subgroup_size = required_subgroup_size;
        d.constants.assign(constants.begin() + 3, constants.end());
        if (texel_weights)
            d.texel_bindings = (1u << MATMUL_BINDING_WEIGHTS) | (1u << MATMUL_BINDING_SCALES);
        if (texel_x) d.texel_bindings |= 1u << MATMUL_BINDING_X;
        return d;
    }
};

namespace {

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
           (w.rotary_pairs || c.architecture().rotary != RotaryKind::TwoBlockRotateHalf) &&
           holds_row_pairs(tokens);
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

namespace {

// The epilogue's constants mean the same in every family.
void set_epilogue_constants(MatmulVariant& v, const Epilogue& e) {
    auto& c = v.constants;
    c[MATMUL_ID_HAS_BIAS] = e.bias ? 1u : 0u;
    c[MATMUL_ID_ACTIVATION] = e.gelu ? 1u : 0u;
    c[MATMUL_ID_HAS_RESIDUAL] = e.residual ? 1u : 0u;
    c[MATMUL_ID_SWIGLU] = e.swiglu ? 1u : 0u;
    c[MATMUL_ID_ROPE_KV] =
        !e.rope_kv                                                                   ? 0u
        : e.rope_kv->config->architecture().rotary == RotaryKind::TwoBlockRotateHalf ? 1u
                                                                                     : 2u;
    c[MATMUL_ID_KV_PAIR_WORDS] = e.rope_kv && e.rope_kv->cache.type == KvCacheType::F32 ? 2u : 1u;
    c[MATMUL_ID_INPUT_NORM] = !e.input_norm ? 0u : e.input_norm->bias ? 2u : 1u;
}

} // namespace

MatmulVariant MatmulKernel::choose_variant(const DeviceMatrix& w, const ActView& x, uint32_t tokens,
                                           const Epilogue& e) const {
    const auto& cfg = ctx_.config;
    MatmulVariant v;
    set_epilogue_constants(v, e);
    auto& c = v.constants;
    const std::string type = type_suffix(w.type);
    if (cfg.matvec_rows_per_lane > 0) {
        // CPU drivers: the row-per-invocation kernel for any number of tokens (in passes of up
        // to matvec_max_cols tokens); it makes the fewest buffer loads per multiply-add there.
        const uint32_t rpl = tokens == 1 ? cfg.matvec_rows_per_lane : cfg.prefill_rows_per_lane;
        uint32_t cols = 1;
        while (cols < tokens && cols < cfg.matvec_max_cols) cols *= 2;
        // Texel views exist for every chunk or for none (they depend on the device).
        v.texel_weights = cfg.texel_weights && !w.chunks.empty() && w.chunks[0].data_texels &&
                          ctx_.unused_texels && (w.chunks[0].scale_texels || !w.chunks[0].scales);
        // The activations' texel view spans their whole memory block; the push constant counts
        // from its start, so the range must start on a texel.
        v.texel_x = v.texel_weights && cfg.texel_activations && x.buffer.texels &&
                    x.buffer.offset % 16 == 0;
        v.shader = (v.texel_x                                   ? "matvec_rows_texx_"
                    : v.texel_weights                           ? "matvec_rows_tex_"
                    : cfg.load64 && ctx_.device.enabled().int64 ? "matvec_rows64_"
                                                                : "matvec_rows_") +
                   type;
        v.workgroup = cfg.matvec_wg;
        c[MATVEC_ROWS_ID_RPL] = rpl;
        c[MATVEC_ID_COLS] = cols;
        v.rows_per_group = cfg.matvec_wg * rpl;
        v.tokens_per_group = cols;
    } else if (uses_matvec(tokens)) {
        uint32_t cols = 1;
        while (cols < tokens) cols *= 2;
        v.shader = ctx_.with_subgroups("matvec_" + type);
        v.workgroup = cfg.matvec_wg;
        c[MATVEC_ID_ROWS] = cfg.matvec_rows;
        c[MATVEC_ID_COLS] = cols;
        c[MATVEC_ID_MAX_SUBGROUPS] = cfg.max_subgroups(cfg.matvec_wg);
        v.rows_per_group = cfg.matvec_rows;
        v.tokens_per_group = cols;
    } else if (uses_cooperative_matrix(w, tokens)) {
        const uint32_t tile_n = cfg.cooperative_matrix_emulated
                                    ? cfg.cooperative_matrix_emulated
                                    : ctx_.device.info().features.cooperative_matrix_nv_tile_n;
        v.shader = std::string(tile_n == 8 ? "matmul_coopmat_n8_" : "matmul_coopmat_") +
                   (cfg.cooperative_matrix_emulated ? "emu_" : "") + type;
        v.workgroup = coopmat_workgroup();
        if (ctx_.device.enabled().subgroup_size_control)
            v.required_subgroup_size = ctx_.device.info().features.subgroup_size;
        v.rows_per_group = v.tokens_per_group = 64; // fixed tiles
    } else {
        v.shader = "matmul_" + type;
        v.workgroup = (cfg.matmul_bm / cfg.matmul_tm) * (cfg.matmul_bn / cfg.matmul_tn);
        c[MATMUL_ID_BM] = cfg.matmul_bm;
        c[MATMUL_ID_BN] = cfg.matmul_bn;
        c[MATMUL_ID_TM] = cfg.matmul_tm;
        c[MATMUL_ID_TN] = cfg.matmul_tn;
        v.rows_per_group = cfg.matmul_bm;
        v.tokens_per_group = cfg.matmul_bn;
    }
    return v;
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
    const InputNorm* norm = e.input_norm;
    if (norm && (!norm->weight || !fuses_input_norm(w, tokens)))
        throw Error(ErrorKind::InvalidArgument, "this pass cannot normalise its input");

    const MatmulVariant v = choose_variant(w, x, tokens, e);
    const vk::Pipeline& p = ctx_.device.pipeline(v.pipeline());
    const uint32_t limit = ctx_.device.info().limits.max_compute_workgroup_count[0];
    const vk::BufferView unused = ctx_.unused.view();
    const RopeKvTarget* rk = e.rope_kv;
    for (const auto& chunk : w.chunks) {
        MatmulPush push{};
        push.K = uint32_t(w.cols);
        push.rows = uint32_t(chunk.rows);
        push.tokens = tokens;
        push.row_offset = uint32_t(chunk.first_row);
        push.x_offset = v.texel_x ? uint32_t(x.offset + x.buffer.offset / 4) : x.offset;
        push.x_stride = x.stride;
        push.y_offset = y.offset;
        push.y_stride = y.stride;
        if (e.residual) {
            push.res_offset = e.residual->offset;
            push.res_stride = e.residual->stride;
        }
        push.res_scale = e.residual_scale;
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

        std::array<vk::Binding, MATMUL_BINDINGS> b;
        const vk::BufferView scales = chunk.scales ? chunk.scales.view() : unused;
        if (v.texel_weights) {
            b[MATMUL_BINDING_WEIGHTS] = vk::texel(chunk.data.view(), chunk.data_texels.handle());
            b[MATMUL_BINDING_SCALES] = vk::texel(
                scales, chunk.scales ? chunk.scale_texels.handle() : ctx_.unused_texels.handle());
        } else {
            b[MATMUL_BINDING_WEIGHTS] = vk::in(chunk.data.view());
            b[MATMUL_BINDING_SCALES] = vk::in(scales);
        }
        b[MATMUL_BINDING_X] = v.texel_x ? vk::texel(x.buffer, x.buffer.texels) : vk::in(x.buffer);
        b[MATMUL_BINDING_Y] = vk::out(y.buffer);
        b[MATMUL_BINDING_BIAS] = vk::in(e.bias ? e.bias->buffer.view() : unused);
        b[MATMUL_BINDING_RESIDUAL] = vk::in(e.residual ? e.residual->buffer : unused);
        b[MATMUL_BINDING_ROPE] = vk::in(rk ? rk->rope : unused);
        b[MATMUL_BINDING_STEP] = vk::in(rk ? rk->step : unused);
        b[MATMUL_BINDING_Q] = rk ? vk::out(rk->q) : vk::in(unused);
        b[MATMUL_BINDING_K_CACHE] = rk ? vk::out(rk->cache.k) : vk::in(unused);
        b[MATMUL_BINDING_V_CACHE] = rk ? vk::out(rk->cache.v) : vk::in(unused);
        b[MATMUL_BINDING_NORM_WEIGHT] = vk::in(norm ? norm->weight->buffer.view() : unused);
        b[MATMUL_BINDING_NORM_BIAS] =
            vk::in(norm && norm->bias ? norm->bias->buffer.view() : unused);

        uint32_t gx, gy;
        split_groups(uint32_t((chunk.rows + v.rows_per_group - 1) / v.rows_per_group), limit, gx,
                     gy);
        rec.dispatch(p, b, &push, sizeof push, gx, gy,
                     (tokens + v.tokens_per_group - 1) / v.tokens_per_group, label);
    }
}

} // namespace glm
