#include "reference/reference_model.h"

#include "formats/gguf.h"
#include "glm/error.h"
#include "models/model_config.h"
#include "models/rope_table.h"
#include "quant/fp16.h"
#include "quant/quantize.h"
#include "reference/ops.h"

#include <algorithm>
#include <cmath>

namespace glm {

ReferenceModel::ReferenceModel(const GgufFile& file) : config_(read_model_config(file)) {
    for (const auto& spec : model_tensors(config_)) {
        const GgufTensorInfo* t = file.tensor(spec.name);
        if (!t)
            throw Error(ErrorKind::InvalidFile,
                        file.name() + ": tensor " + spec.name + " is missing.");
        std::vector<float> v(t->elements());
        const uint64_t row = t->dims[0];
        auto data = file.tensor_data(*t);
        for (uint64_t r = 0; r < t->rows(); ++r)
            quant::dequantize_row(t->type, data.data() + r * row_bytes(t->type, row), row,
                                  v.data() + r * row);
        weights_[spec.name] = std::move(v);
    }
    rope_rows_ = config_.context_length;
    rope_ = build_rope_table(config_, rope_rows_);
}

const std::vector<float>& ReferenceModel::w(const std::string& name) const {
    return weights_.at(name);
}

ReferenceModel::Cache ReferenceModel::new_cache(uint32_t capacity, bool fp16) const {
    Cache c;
    c.capacity = capacity;
    c.fp16 = fp16;
    const size_t n = size_t(config_.kv_heads) * capacity * config_.head_dim;
    c.k.assign(config_.layers, std::vector<float>(n));
    c.v.assign(config_.layers, std::vector<float>(n));
    return c;
}

std::vector<float> ReferenceModel::forward(std::span<const int32_t> ids, Cache& cache) const {
    using tensor_names::layer;
    const auto& c = config_;
    const Architecture& a = c.architecture();
    const size_t T = ids.size(), H = c.hidden, D = c.head_dim, Q = q_width(c), QKV = qkv_rows(c);
    // A norm of the architecture's kind, with the bias tensor `bias` where it has one.
    auto norm = [&](const float* in, const std::string& weight, const std::string& bias,
                    float* out) {
        if (a.norm == NormKind::LayerNorm)
            ref::layer_norm(in, H, w(weight).data(), w(bias).data(), c.norm_eps, out);
        else
            ref::rms_norm(in, H, w(weight).data(), c.norm_eps, out);
    };
    // A linear's bias where the architecture has one.
    auto bias = [&](bool qkv_projection, const std::string& name) {
        const bool present = qkv_projection ? c.qkv_bias : a.other_linears_have_biases();
        return present ? w(name).data() : nullptr;
    };
    const uint32_t past = cache.length;
    if (past == 0) cache.layout = layout_for_prompt(c, ids);
    if (past + T > cache.capacity) throw Error(ErrorKind::ContextOverflow, "reference cache full");

    std::vector<float> x(T * H), n(T * H), qkv(T * QKV), q(T * Q), o(T * Q), h(T * H), m(T * H);
    const auto& emb = w(tensor_names::token_embd);
    for (size_t t = 0; t < T; ++t) {
        if (ids[t] < 0 || uint32_t(ids[t]) >= c.vocab)
            throw Error(ErrorKind::InvalidArgument, "id out of vocabulary");
        std::copy_n(emb.data() + size_t(ids[t]) * H, H, x.data() + t * H);
    }
    const float q_scale = 1.0f / std::sqrt(float(D));
    const size_t group = c.heads / c.kv_heads;
    for (uint32_t l = 0; l < c.layers; ++l) {
        for (size_t t = 0; t < T; ++t)
            norm(&x[t * H], layer(l, "attn_norm.weight"), layer(l, "attn_norm.bias"), &n[t * H]);
        ref::matmul(w(layer(l, "attn_qkv.weight")).data(), QKV, H, n.data(), T, qkv.data(),
                    bias(true, layer(l, "attn_qkv.bias")));
        for (size_t t = 0; t < T; ++t) {
            const uint32_t slot = past + uint32_t(t);
            const TokenPosition p = position_at(c, cache.layout, slot);
            float* row = &qkv[t * QKV];
            const bool per_head = a.qkv == QkvLayout::PerHeadInterleaved; // [q|k|v] per head
            for (size_t hd = 0; hd < c.heads; ++hd) {
                float* qh = per_head ? row + hd * 3 * D : row + hd * D;
                ref::rope_head(c, rope_.data(), rope_rows_, qh, p);
                for (size_t i = 0; i < D; ++i) q[(t * c.heads + hd) * D + i] = qh[i] * q_scale;
            }
            for (size_t g = 0; g < c.kv_heads; ++g) {
                float* kh = per_head ? row + g * 3 * D + D : row + Q + g * D;
                float* vh = per_head ? row + g * 3 * D + 2 * D : row + Q + c.kv_heads * D + g * D;
                ref::rope_head(c, rope_.data(), rope_rows_, kh, p);
                for (size_t i = 0; i < D; ++i) {
                    float kv = kh[i], vv = vh[i];
                    if (cache.fp16) {
                        kv = fp16_to_fp32(fp32_to_fp16(kv));
                        vv = fp16_to_fp32(fp32_to_fp16(vv));
                    }
                    cache.k[l][(g * cache.capacity + slot) * D + i] = kv;
                    cache.v[l][(g * cache.capacity + slot) * D + i] = vv;
                }
            }
        }
        for (size_t t = 0; t < T; ++t) {
            const uint32_t i_abs = past + uint32_t(t);
            // cache.layout.prefix is 0 for a causal model (positions.h).
            const uint32_t visible =
                std::min(std::max(cache.layout.prefix, i_abs + 1), cache.capacity);
            for (size_t hd = 0; hd < c.heads; ++hd) {
                const size_t g = hd / group;
                ref::attention_head(&q[(t * c.heads + hd) * D], &cache.k[l][g * cache.capacity * D],
                                    &cache.v[l][g * cache.capacity * D], visible, D,
                                    &o[(t * c.heads + hd) * D]);
            }
        }
        const float alpha = a.residual_scale;
        const std::vector<float>& res1 = a.residual_from_normalised_input ? n : x;
        ref::matmul(w(layer(l, "attn_output.weight")).data(), H, Q, o.data(), T, h.data(),
                    bias(false, layer(l, "attn_output.bias")));
        // Sandwich norms normalise the sublayer's output before its residual add.
        auto post_norm = [&](std::vector<float>& v, const char* weight) {
            if (!a.sandwich_norms) return;
            const std::vector<float> in = v;
            for (size_t t = 0; t < T; ++t)
                ref::rms_norm(&in[t * H], H, w(layer(l, weight)).data(), c.norm_eps, &v[t * H]);
        };
        post_norm(h, "post_attention_norm.weight");
        for (size_t i = 0; i < T * H; ++i) h[i] += alpha * res1[i];
        for (size_t t = 0; t < T; ++t)
            norm(&h[t * H], layer(l, "ffn_norm.weight"), layer(l, "ffn_norm.bias"), &m[t * H]);
        const size_t F = c.ffn;
        std::vector<float> act(T * F);
        if (a.mlp == MlpKind::Gelu) {
            ref::matmul(w(layer(l, "ffn_up.weight")).data(), F, H, m.data(), T, act.data(),
                        bias(false, layer(l, "ffn_up.bias")));
            for (auto& v : act) v = ref::gelu(v);
        } else {
            std::vector<float> up(T * 2 * F);
            ref::matmul(w(layer(l, "ffn_up.weight")).data(), 2 * F, H, m.data(), T, up.data(),
                        bias(false, layer(l, "ffn_up.bias")));
            ref::swiglu(up.data(), F, T, act.data());
        }
        ref::matmul(w(layer(l, "ffn_down.weight")).data(), H, F, act.data(), T, x.data(),
                    bias(false, layer(l, "ffn_down.bias")));
        post_norm(x, "post_ffw_norm.weight");
        const std::vector<float>& res2 = a.residual_from_normalised_input ? m : h;
        for (size_t i = 0; i < T * H; ++i) x[i] += alpha * res2[i];
    }
    cache.length = past + uint32_t(T);
    std::vector<float> y(T * H);
    for (size_t t = 0; t < T; ++t)
        norm(&x[t * H], tensor_names::output_norm, tensor_names::output_norm_bias, &y[t * H]);
    return y;
}

std::vector<float> ReferenceModel::logits(const float* hidden) const {
    const auto& head = w(config_.tied_head ? tensor_names::token_embd : tensor_names::output);
    std::vector<float> out(config_.vocab);
    ref::matmul(head.data(), config_.vocab, config_.hidden, hidden, 1, out.data());
    return out;
}

} // namespace glm
