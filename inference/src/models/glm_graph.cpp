#include "models/glm_graph.h"

#include "glm/error.h"
#include "models/rope_table.h"
#include "vulkan/device.h"

#include <algorithm>
#include <cstring>

namespace glm {

using vk::MemoryUsage;

namespace {
vk::Buffer device_buffer(vk::Device& d, uint64_t floats, const char* what) {
    return d.allocator().allocate(std::max<uint64_t>(floats, 4) * 4, MemoryUsage::DeviceLocal, what);
}
} // namespace

GlmGraph::GlmGraph(DeviceModel& model, uint32_t capacity, bool kv_fp32)
    : m_(model), k_(*model.kernels), matmul_(k_), norm_(k_), embed_(k_), rope_kv_(k_), attention_(k_), swiglu_(k_),
      argmax_(k_), sample_(k_), capacity_(capacity), kv_fp32_(kv_fp32) {
    const ModelConfig& c = m_.config;
    vk::Device& d = k_.device;
    max_pass_ = c.is_glm1() ? capacity : std::min<uint32_t>(capacity, 512);
    ffn_chunk_ = std::min<uint32_t>(max_pass_, 256);
    decode_slices_ = std::max<uint32_t>(1, k_.config.decode_slices);
    q_dim_ = c.heads * c.head_dim;
    qkv_dim_ = c.is_glm1() ? 3 * q_dim_ : q_dim_ + 2 * c.kv_heads * c.head_dim;
    up_dim_ = c.is_glm1() ? c.ffn : 2 * c.ffn;
    const uint64_t T = max_pass_, H = c.hidden;

    const uint64_t cache_bytes = uint64_t(c.kv_heads) * capacity * c.head_dim * (kv_fp32 ? 4 : 2);
    for (uint32_t l = 0; l < c.layers; ++l) {
        k_cache_.push_back(d.allocator().allocate(cache_bytes, MemoryUsage::DeviceLocal, "the KV cache"));
        v_cache_.push_back(d.allocator().allocate(cache_bytes, MemoryUsage::DeviceLocal, "the KV cache"));
    }
    ids_host_ = d.allocator().allocate(T * 4, MemoryUsage::Upload, "token ids");
    step_host_ = d.allocator().allocate((4 + 2 * T) * 4, MemoryUsage::Upload, "step parameters");
    std::memset(ids_host_.mapped(), 0, T * 4);
    std::memset(step_host_.mapped(), 0, (4 + 2 * T) * 4);
    ids_ = device_buffer(d, T, "token ids");
    step_ = device_buffer(d, 4 + 2 * T, "step parameters");

    rope_rows_ = std::max(capacity, c.context_length);
    auto table = build_rope_table(c, rope_rows_);
    rope_ = d.allocator().allocate(table.size() * 4, MemoryUsage::DeviceLocal, "the rotary table");
    d.upload(rope_, 0, table.data(), table.size() * 4);

    x_ = device_buffer(d, T * H, "activations");
    a_ = device_buffer(d, T * H, "activations");
    h_ = device_buffer(d, T * H, "activations");
    mres_ = device_buffer(d, T * H, "activations");
    y_ = device_buffer(d, T * H, "activations");
    qkv_ = device_buffer(d, T * qkv_dim_, "activations");
    q_ = device_buffer(d, T * q_dim_, "activations");
    o_ = device_buffer(d, T * q_dim_, "activations");
    partial_ = device_buffer(d, std::max(AttentionKernel::partial_floats(c, max_pass_, 1),
                                         AttentionKernel::partial_floats(c, 1, decode_slices_)),
                             "attention partials");
    up_ = device_buffer(d, uint64_t(ffn_chunk_) * up_dim_, "activations");
    if (!c.is_glm1()) act_ = device_buffer(d, uint64_t(ffn_chunk_) * c.ffn, "activations");
    logits_ = device_buffer(d, uint64_t(kLogitRows) * c.vocab, "logits");
    argmax_scratch_ = d.allocator().allocate(ArgmaxKernel::scratch_bytes(), MemoryUsage::DeviceLocal, "argmax");
    token_ = device_buffer(d, 4, "sampled token");
    sampling_host_ = d.allocator().allocate(sizeof(DeviceSamplingParams), MemoryUsage::Upload, "sampling parameters");
    *sampling() = DeviceSamplingParams{};
    sampling()->vocab = c.vocab;
    sampling_ = device_buffer(d, sizeof(DeviceSamplingParams) / 4, "sampling parameters");
    seen_ = device_buffer(d, seen_words(), "seen tokens");
    d.fill_zero(seen_);
    group_max_ = device_buffer(d, SampleKernel::kGroups, "sampling");
    candidates_ = d.allocator().allocate(SampleKernel::candidate_bytes(), MemoryUsage::DeviceLocal, "sampling candidates");
    logits_rb_ = d.allocator().allocate(uint64_t(kLogitRows) * c.vocab * 4, MemoryUsage::Readback, "logits");
    token_rb_ = d.allocator().allocate(16, MemoryUsage::Readback, "sampled token");
}

void GlmGraph::record_layer(vk::CommandRecorder& rec, uint32_t l, uint32_t T, uint32_t slices) {
    const ModelConfig& c = m_.config;
    const LayerWeights& w = m_.layers[l];
    const uint32_t H = c.hidden;
    const bool g1 = c.is_glm1();
    const float alpha = g1 ? ModelConfig::glm1_alpha : 1.0f;
    KvCacheView cache{k_cache_[l].view(), v_cache_[l].view(), capacity_, kv_fp32_};

    norm_.record(rec, act(x_, H), act(a_, H), T, H, w.attn_norm, g1 ? &w.attn_norm_bias : nullptr, c.norm_eps, "attn_norm");
    matmul_.record(rec, w.qkv, act(a_, H), act(qkv_, qkv_dim_), T, {&w.qkv_bias}, "qkv");
    rope_kv_.record(rec, c, qkv_.view(), qkv_dim_, step_.view(), rope_.view(), rope_rows_, q_.view(), cache, T, "rope_kv");
    attention_.record(rec, c, q_.view(), step_.view(), cache, partial_.view(), o_.view(), T, slices, "attention");
    // GLM1: h = W_o o + b_o + α·a (the normalised input); GLM2+: h = W_o o + x.
    const ActView res1 = g1 ? act(a_, H) : act(x_, H);
    matmul_.record(rec, w.attn_out, act(o_, q_dim_), act(h_, H), T,
                   {g1 ? &w.attn_out_bias : nullptr, false, &res1, alpha}, "attn_out");
    norm_.record(rec, act(h_, H), act(mres_, H), T, H, w.ffn_norm, g1 ? &w.ffn_norm_bias : nullptr, c.norm_eps, "ffn_norm");
    for (uint32_t t0 = 0; t0 < T; t0 += ffn_chunk_) {
        const uint32_t n = std::min(ffn_chunk_, T - t0);
        const ActView m_in = act(mres_, H, t0 * H);
        if (g1) {
            // x = W2 gelu(W1 m + b1) + b2 + α·m
            matmul_.record(rec, w.ffn_up, m_in, act(up_, up_dim_), n, {&w.ffn_up_bias, true}, "ffn_up");
            matmul_.record(rec, w.ffn_down, act(up_, up_dim_), act(x_, H, t0 * H), n,
                           {&w.ffn_down_bias, false, &m_in, alpha}, "ffn_down");
        } else {
            // x = W_down swiglu(W_up m) + h
            const ActView h_in = act(h_, H, t0 * H);
            matmul_.record(rec, w.ffn_up, m_in, act(up_, up_dim_), n, {}, "ffn_up");
            swiglu_.record(rec, up_.view(), act_.view(), c.ffn, n, "swiglu");
            matmul_.record(rec, w.ffn_down, act(act_, c.ffn), act(x_, H, t0 * H), n, {nullptr, false, &h_in, 1.0f},
                           "ffn_down");
        }
    }
}

void GlmGraph::record_pass(vk::CommandRecorder& rec, uint32_t T, uint32_t outputs, uint32_t slices) {
    if (T == 0 || T > max_pass_) throw Error(ErrorKind::InvalidArgument, "pass of " + std::to_string(T) + " tokens");
    const ModelConfig& c = m_.config;
    const uint32_t H = c.hidden;
    rec.copy(ids_host_.view(0, T * 4), ids_.view(0, T * 4));
    rec.copy(step_host_.view(0, (4 + 2 * T) * 4), step_.view(0, (4 + 2 * T) * 4));
    if (outputs & kOutputSample) rec.copy(sampling_host_.view(), sampling_.view(0, sampling_host_.size()));
    embed_.record(rec, m_.embedding, ids_.view(), 0, act(x_, H), T, "embed");
    for (uint32_t l = 0; l < c.layers; ++l) record_layer(rec, l, T, slices);
    const DeviceVector* final_bias = c.is_glm1() ? &m_.final_norm_bias : nullptr;
    if (outputs & kOutputHidden) {
        norm_.record(rec, act(x_, H), act(y_, H), T, H, m_.final_norm, final_bias, c.norm_eps, "final_norm");
        const uint64_t bytes = uint64_t(T) * H * 4;
        if (!hidden_rb_ || hidden_rb_.size() < bytes)
            hidden_rb_ = k_.device.allocator().allocate(uint64_t(max_pass_) * H * 4, MemoryUsage::Readback, "hidden states");
        rec.copy(y_.view(0, bytes), hidden_rb_.view(0, bytes));
    }
    if (outputs & (kOutputLogits | kOutputArgmax | kOutputSample)) {
        const ActView last = act(y_, H, (T - 1) * H);
        norm_.record(rec, act(x_, H, (T - 1) * H), last, 1, H, m_.final_norm, final_bias, c.norm_eps, "final_norm");
        matmul_.record(rec, m_.lm_head(), last, act(logits_, c.vocab), 1, {}, "lm_head");
        if (outputs & kOutputLogits) rec.copy(logits_.view(0, uint64_t(c.vocab) * 4), logits_rb_.view(0, uint64_t(c.vocab) * 4));
        if (outputs & kOutputArgmax) {
            argmax_.record(rec, logits_.view(0, uint64_t(c.vocab) * 4), c.vocab, argmax_scratch_, token_.view(), 0, "argmax");
            rec.copy(token_.view(0, 4), token_rb_.view(0, 4));
        }
        if (outputs & kOutputSample) {
            sample_.record(rec, logits_.view(0, uint64_t(c.vocab) * 4), sampling_.view(), seen_.view(), group_max_.view(),
                           candidates_.view(), token_.view(), "sample");
            rec.copy(token_.view(0, 4), token_rb_.view(0, 4));
        }
    }
}

void GlmGraph::record_logits_readback(vk::CommandRecorder& rec) {
    const uint64_t bytes = uint64_t(m_.config.vocab) * 4;
    rec.copy(logits_.view(0, bytes), logits_rb_.view(0, bytes));
}

void GlmGraph::upload_seen(const std::vector<uint32_t>& bits) {
    k_.device.upload(seen_, 0, bits.data(), std::min<uint64_t>(bits.size() * 4, seen_.size()));
}

void GlmGraph::set_seen_word(uint32_t word, uint32_t bits) { k_.device.upload(seen_, uint64_t(word) * 4, &bits, 4); }

void GlmGraph::record_logits(vk::CommandRecorder& rec, uint32_t first, uint32_t rows) {
    const ModelConfig& c = m_.config;
    if (rows == 0 || rows > kLogitRows) throw Error(ErrorKind::InvalidArgument, "too many logit rows");
    matmul_.record(rec, m_.lm_head(), act(y_, c.hidden, first * c.hidden), act(logits_, c.vocab), rows, {}, "lm_head");
    const uint64_t bytes = uint64_t(rows) * c.vocab * 4;
    rec.copy(logits_.view(0, bytes), logits_rb_.view(0, bytes));
}

const float* GlmGraph::logits() const {
    logits_rb_.invalidate_host();
    return static_cast<const float*>(logits_rb_.mapped());
}

int32_t GlmGraph::argmax() const {
    token_rb_.invalidate_host();
    return *static_cast<const int32_t*>(token_rb_.mapped());
}

const float* GlmGraph::hidden() const {
    if (!hidden_rb_) return nullptr;
    hidden_rb_.invalidate_host();
    return static_cast<const float*>(hidden_rb_.mapped());
}

} // namespace glm
