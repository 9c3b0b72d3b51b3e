#include "cpu/cpu_pass_runner.h"

#include "cpu/cpu_device.h"
#include "cpu/matmul.h"
#include "cpu/ops.h"
#include "glm/architecture.h"
#include "glm/error.h"
#include "models/rope_table.h"
#include "quant/quantize.h"

#include <algorithm>
#include <cmath>

namespace glm::cpu {

namespace {

// What one attention task works in (cpu_pass_runner.cpp, attention()): per thread, so memory
// grows with the threads rather than with the heads, and is reused from pass to pass.
struct AttentionScratch {
    std::vector<float> keys;     // the 8-bit cache's keys widened to fp32 (n × D)
    std::vector<float> values_t; // the 8-bit cache's values widened, as columns (D × n)
    std::vector<float> row, queries, scores, out;
};
AttentionScratch& attention_scratch() {
    thread_local AttentionScratch scratch;
    return scratch;
}

} // namespace

CpuPassRunner::CpuPassRunner(const CpuModel& model, uint32_t capacity, KvCacheType kv_type,
                             uint32_t pass_chunk)
    : m_(model), c_(model.config), capacity_(capacity), kv_type_(kv_type) {
    kv_row_bytes_ = kv_cache_row_bytes(kv_type, c_.head_dim);
    if (kv_row_bytes_ == 0)
        throw Error(ErrorKind::InvalidArgument, std::string("a ") + to_string(kv_type) +
                                                    " KV cache needs heads of a multiple of 32 "
                                                    "dimensions; this model's have " +
                                                    std::to_string(c_.head_dim) +
                                                    ". Use the default fp16 cache.");
    const uint32_t chunk = pass_chunk ? pass_chunk : 256;
    max_pass_ = c_.architecture().mask == MaskKind::PrefixLm ? capacity : std::min(chunk, capacity);
    const size_t cache_bytes = size_t(c_.kv_heads) * capacity * kv_row_bytes_;
    k_cache_.assign(c_.layers, std::vector<uint8_t>(cache_bytes));
    v_cache_.assign(c_.layers, std::vector<uint8_t>(cache_bytes));
    rope_rows_ = c_.context_length;
    rope_ = build_rope_table(c_, rope_rows_);
    const size_t T = max_pass_, H = c_.hidden;
    x_.resize(T * H);
    n_.resize(T * H);
    h_.resize(T * H);
    m_norm_.resize(T * H);
    hidden_.resize(T * H);
    qkv_.resize(T * qkv_rows(c_));
    q_.resize(T * q_width(c_));
    o_.resize(T * q_width(c_));
    up_.resize(T * ffn_up_rows(c_));
    act_.resize(T * size_t(c_.ffn));
    logits_.resize(size_t(kLogitRows) * c_.vocab);
}

void CpuPassRunner::norm(const float* x, uint32_t rows, const Vector& weight, const Vector& bias,
                         float* y) {
    const uint32_t H = c_.hidden;
    const bool layer_norm_kind = c_.architecture().norm == NormKind::LayerNorm;
    m_.device->pool.parallel_for(rows, 1, [&](size_t begin, size_t end) {
        for (size_t t = begin; t < end; ++t) {
            if (layer_norm_kind)
                layer_norm(x + t * H, H, weight.data(), bias.data(), c_.norm_eps, y + t * H);
            else
                rms_norm(x + t * H, H, weight.data(), c_.norm_eps, y + t * H);
        }
    });
}

void CpuPassRunner::product(const Matrix& w, const float* x, uint32_t rows, float* y,
                            const Vector& bias) {
    matmul(w.view(), x, rows, y, bias.empty() ? nullptr : bias.data(), m_.device->pool,
           m_.device->isa);
}

void CpuPassRunner::run(const PassInputs& in, uint32_t outputs) {
    const uint32_t T = uint32_t(in.ids.size()), H = c_.hidden;
    if (T == 0 || T > max_pass_ || in.past + T > capacity_ || in.positions.size() != T)
        throw Error(ErrorKind::InvalidArgument, "a pass that does not fit the CPU runner");
    const Matrix& emb = m_.embedding;
    const uint64_t emb_row = row_bytes(emb.type, emb.cols);
    for (uint32_t t = 0; t < T; ++t)
        quant::dequantize_row(emb.type, emb.bytes.get() + uint64_t(in.ids[t]) * emb_row, H,
                              x_.data() + size_t(t) * H);
    for (uint32_t l = 0; l < c_.layers; ++l) {
        // A long prompt on the CPU takes seconds per pass: stop between layers when asked.
        if (in.cancel && in.cancel->load())
            throw Error(ErrorKind::Cancelled, "The prompt's processing was cancelled.");
        layer(l, in);
    }

    if (outputs & kOutputHidden)
        norm(x_.data(), T, m_.final_norm, m_.final_norm_bias, hidden_.data());
    if (outputs & (kOutputLogits | kOutputArgmax | kOutputSample)) {
        std::vector<float> last(H);
        norm(x_.data() + size_t(T - 1) * H, 1, m_.final_norm, m_.final_norm_bias, last.data());
        final_logits(last.data());
        if (outputs & kOutputSample) token_ = int32_t(kNeedHost);
    }
}

void CpuPassRunner::final_logits(const float* hidden_row) {
    const uint32_t V = c_.vocab;
    matmul(m_.lm_head().view(), hidden_row, 1, logits_.data(), nullptr, m_.device->pool,
           m_.device->isa);
    // The penalty for ids seen so far, as the Vulkan sampler applies it; the draw itself is the
    // session's (kNeedHost), from these logits.
    if (sampling_.penalty != 1.0f && !seen_.empty())
        for (uint32_t i = 0; i < V; ++i)
            if ((seen_[i >> 5] >> (i & 31)) & 1u) {
                float& l = logits_[i];
                l = l > 0 ? l / sampling_.penalty : l * sampling_.penalty;
            }
    int32_t best = -1; // stays -1 when every logit is NaN: the session reports that
    for (uint32_t i = 0; i < V; ++i)
        if (!std::isnan(logits_[i]) && (best < 0 || logits_[i] > logits_[size_t(best)]))
            best = int32_t(i);
    token_ = best;
}

void CpuPassRunner::logits_of_hidden(uint32_t first, uint32_t rows) {
    matmul(m_.lm_head().view(), hidden_.data() + size_t(first) * c_.hidden, rows, logits_.data(),
           nullptr, m_.device->pool, m_.device->isa);
}

// The layer as the architecture describes it (the reference model is the same steps in fp32):
// norm → QKV (+ bias) → rotary, cache → attention → output (+ bias) [→ post norm] → residual →
// norm → up [→ GELU | SwiGLU] → down [→ post norm] → residual.
void CpuPassRunner::layer(uint32_t l, const PassInputs& in) {
    const Architecture& a = c_.architecture();
    const auto& w = m_.layers[l];
    const uint32_t T = uint32_t(in.ids.size()), H = c_.hidden, F = c_.ffn;
    const size_t TH = size_t(T) * H;
    norm(x_.data(), T, w.attn_norm, w.attn_norm_bias, n_.data());
    product(w.qkv, n_.data(), T, qkv_.data(), w.qkv_bias);
    attention(l, in);
    product(w.attn_out, o_.data(), T, h_.data(), w.attn_out_bias);
    if (a.sandwich_norms) norm(h_.data(), T, w.attn_post_norm, {}, h_.data());
    const std::vector<float>& res1 = a.residual_from_normalised_input ? n_ : x_;
    for (size_t i = 0; i < TH; ++i) h_[i] += a.residual_scale * res1[i];

    norm(h_.data(), T, w.ffn_norm, w.ffn_norm_bias, m_norm_.data());
    // The activation over every (token, feature), split over the threads (tanh and exp are
    // not free: a few percent of a prefill on one thread).
    const bool gelu_mlp = a.mlp == MlpKind::Gelu;
    product(w.ffn_up, m_norm_.data(), T, gelu_mlp ? act_.data() : up_.data(), w.ffn_up_bias);
    m_.device->pool.parallel_for(size_t(T) * F, 4096, [&](size_t begin, size_t end) {
        for (size_t i = begin; i < end; ++i) {
            if (gelu_mlp) {
                act_[i] = gelu(act_[i]);
            } else {
                const size_t t = i / F, f = i % F;
                act_[i] = silu(up_[t * 2 * F + f]) * up_[t * 2 * F + F + f];
            }
        }
    });
    product(w.ffn_down, act_.data(), T, x_.data(), w.ffn_down_bias);
    if (a.sandwich_norms) norm(x_.data(), T, w.ffn_post_norm, {}, x_.data());
    const std::vector<float>& res2 = a.residual_from_normalised_input ? m_norm_ : h_;
    for (size_t i = 0; i < TH; ++i) x_[i] += a.residual_scale * res2[i];
}

void CpuPassRunner::attention(uint32_t l, const PassInputs& in) {
    const Architecture& a = c_.architecture();
    const uint32_t T = uint32_t(in.ids.size()), D = c_.head_dim, heads = c_.heads,
                   kv_heads = c_.kv_heads, group = heads / kv_heads;
    const size_t QKV = qkv_rows(c_), Q = q_width(c_);
    const bool per_head = a.qkv == QkvLayout::PerHeadInterleaved; // [q|k|v] per head (GLM1)
    const float q_scale = 1.0f / std::sqrt(float(D));
    uint8_t* k_cache = k_cache_[l].data();
    uint8_t* v_cache = v_cache_[l].data();
    auto cache_row = [&](uint8_t* cache, uint32_t g, uint32_t slot) {
        return cache + (size_t(g) * capacity_ + slot) * kv_row_bytes_;
    };
    // fp16/fp32 values are kept by column (see v_cache_), the 8-bit cache's by row.
    const bool values_by_column = kv_type_ != KvCacheType::Q8_0;
    // Rotary, the scaled queries, and the new keys and values into the cache.
    m_.device->pool.parallel_for(T, 1, [&](size_t begin, size_t end) {
        for (size_t t = begin; t < end; ++t) {
            const uint32_t slot = in.past + uint32_t(t);
            const TokenPosition p = in.positions[t];
            float* row = &qkv_[t * QKV];
            for (uint32_t hd = 0; hd < heads; ++hd) {
                float* qh = per_head ? row + size_t(hd) * 3 * D : row + size_t(hd) * D;
                rope(c_, rope_.data(), rope_rows_, qh, p);
                for (uint32_t i = 0; i < D; ++i) q_[(t * heads + hd) * D + i] = qh[i] * q_scale;
            }
            for (uint32_t g = 0; g < kv_heads; ++g) {
                float* kh = per_head ? row + size_t(g) * 3 * D + D : row + Q + size_t(g) * D;
                float* vh = per_head ? row + size_t(g) * 3 * D + 2 * D
                                     : row + Q + size_t(kv_heads) * D + size_t(g) * D;
                rope(c_, rope_.data(), rope_rows_, kh, p);
                store_kv_row(kv_type_, kh, D, cache_row(k_cache, g, slot));
                if (values_by_column)
                    store_kv_column(kv_type_, vh, D, cache_row(v_cache, g, 0), capacity_, slot);
                else
                    store_kv_row(kv_type_, vh, D, cache_row(v_cache, g, slot));
            }
        }
    });
    // What each token sees: everything before it (causal), and the whole prefix (GLM1's
    // bidirectional prompt; prefix is 0 for causal models).
    auto visible = [&](uint32_t t) {
        return std::min(std::max(in.prefix, in.past + t + 1), capacity_);
    };
    // Tasks: (kv head, token range), each serving the group's query heads for its tokens. The
    // scores and the weighted sums of values are matrix products on the vectorised kernels,
    // straight from the fp16/fp32 cache: the keys' rows, and the values' columns (Vᵀ: D rows of
    // the first n of `capacity` slots). The 8-bit cache's own row format is widened to fp32 first.
    const uint32_t threads = m_.device->pool.size();
    const uint32_t splits = std::clamp((threads + kv_heads - 1) / kv_heads, 1u, T);
    const uint32_t per_split = (T + splits - 1) / splits;
    const size_t tasks = size_t(kv_heads) * splits;
    // Query rows whose scores are computed at once: bounds the scratch at 64 × context floats.
    constexpr uint32_t kQueryRows = 64;
    const uint32_t chunk = std::max(1u, kQueryRows / group);
    m_.device->pool.run(tasks, [&](size_t task) {
        const uint32_t g = uint32_t(task / splits), split = uint32_t(task % splits);
        const uint32_t t0 = split * per_split, t1 = std::min(T, t0 + per_split);
        if (t0 >= t1) return;
        const uint32_t n = visible(t1 - 1);
        AttentionScratch& s = attention_scratch();
        WeightMatrix keys{kv_type_ == KvCacheType::F16 ? TensorType::F16 : TensorType::F32,
                          cache_row(k_cache, g, 0), n, D};
        if (kv_type_ == KvCacheType::Q8_0) {
            s.keys.resize(size_t(n) * D);
            for (uint32_t j = 0; j < n; ++j)
                load_kv_row(kv_type_, cache_row(k_cache, g, j), D, &s.keys[size_t(j) * D]);
            keys.data = reinterpret_cast<const uint8_t*>(s.keys.data());
        }
        WeightMatrix values_t{keys.type, cache_row(v_cache, g, 0), D, n,
                              uint64_t(capacity_) * (keys.type == TensorType::F16 ? 2 : 4)};
        if (!values_by_column) {
            s.values_t.resize(size_t(D) * n);
            s.row.resize(D);
            for (uint32_t j = 0; j < n; ++j) {
                load_kv_row(kv_type_, cache_row(v_cache, g, j), D, s.row.data());
                for (uint32_t i = 0; i < D; ++i) s.values_t[size_t(i) * n + j] = s.row[i];
            }
            values_t = {TensorType::F32, reinterpret_cast<const uint8_t*>(s.values_t.data()), D, n};
        }
        for (uint32_t c0 = t0; c0 < t1; c0 += chunk) {
            const uint32_t c1 = std::min(t1, c0 + chunk), rows = (c1 - c0) * group;
            s.queries.resize(size_t(rows) * D);
            for (uint32_t t = c0; t < c1; ++t) // the group's heads are adjacent in q_
                std::copy_n(&q_[(size_t(t) * heads + size_t(g) * group) * D], size_t(group) * D,
                            &s.queries[size_t(t - c0) * group * D]);
            s.scores.resize(size_t(rows) * n);
            matmul_on_this_thread(keys, s.queries.data(), rows, s.scores.data(), nullptr);
            for (uint32_t r = 0; r < rows; ++r)
                softmax_visible(&s.scores[size_t(r) * n], visible(c0 + r / group), n);
            s.out.resize(size_t(rows) * D);
            matmul_on_this_thread(values_t, s.scores.data(), rows, s.out.data(), nullptr);
            for (uint32_t t = c0; t < c1; ++t)
                std::copy_n(&s.out[size_t(t - c0) * group * D], size_t(group) * D,
                            &o_[(size_t(t) * heads + size_t(g) * group) * D]);
        }
    });
}

} // namespace glm::cpu
