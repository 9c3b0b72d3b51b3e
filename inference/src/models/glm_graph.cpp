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
    return d.allocator().allocate(std::max<uint64_t>(floats, 4) * 4, MemoryUsage::DeviceLocal,
                                  what);
}
} // namespace

GlmGraph::GlmGraph(DeviceModel& model, uint32_t capacity, KvCacheType kv_type, uint32_t pass_chunk)
    : m_(model), k_(*model.kernels), matmul_(k_), norm_(k_), embed_(k_), rope_kv_(k_),
      attention_(k_), swiglu_(k_), argmax_(k_), sample_(k_), capacity_(capacity),
      kv_type_(kv_type) {
    const ModelConfig& c = m_.config;
    vk::Device& d = k_.device;
    const Architecture& a = c.architecture();
    // A prefix-LM prompt is bidirectional: it must run in one pass.
    max_pass_ = a.mask == MaskKind::PrefixLm ? capacity : std::min<uint32_t>(capacity, 512);
    chunk_ = std::min<uint32_t>(max_pass_, pass_chunk ? pass_chunk : 256);
    decode_slices_ = std::max<uint32_t>(1, k_.config.decode_slices);
    q_dim_ = uint32_t(q_width(c));
    qkv_dim_ = uint32_t(qkv_rows(c));
    up_dim_ = uint32_t(ffn_up_rows(c));
    const uint64_t T = max_pass_, H = c.hidden;

    const uint64_t row_bytes = kv_cache_row_bytes(kv_type, c.head_dim);
    if (row_bytes == 0)
        throw Error(ErrorKind::InvalidArgument, std::string("a ") + to_string(kv_type) +
                                                    " KV cache needs heads of a multiple of 32 "
                                                    "dimensions; this model's have " +
                                                    std::to_string(c.head_dim) +
                                                    ". Use the default fp16 cache.");
    const uint64_t cache_bytes = uint64_t(c.kv_heads) * capacity * row_bytes;
    for (uint32_t l = 0; l < c.layers; ++l) {
        k_cache_.push_back(
            d.allocator().allocate(cache_bytes, MemoryUsage::DeviceLocal, "the KV cache"));
        v_cache_.push_back(
            d.allocator().allocate(cache_bytes, MemoryUsage::DeviceLocal, "the KV cache"));
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

    // Activations. A pass is recorded in chunks of chunk_ tokens (record_layer), so only the
    // residual stream x_ and the queries hold every token of the pass; the rest holds one chunk,
    // and what is not alive at the same time within a chunk shares work_:
    //   sweep 1: qkv (projection -> rope_kv)           [0, C·qkv_dim)
    //   sweep 2: partials (attention -> its combine),  [0, r1)
    //            then h (attn_out -> ffn_norm; GLM2+: -> ffn_down)
    //            o (combine -> attn_out),              [r1, r1 + r2)
    //            then mres (ffn_norm -> ffn_down)
    //            up, act (GLM2+)                       after them
    // a_ (one chunk) is the normalised input (GLM1's residual) and the last row's final norm;
    // qh_ holds q of every token of the pass, then y, the final norm of every row. GLM1 prefills
    // its whole prompt in one pass of up to `capacity` tokens: for ChatGLM-6B at 2048 tokens
    // this is about 100 MiB of scratch where unchunked, unshared buffers took 370 MiB.
    // The command recorder derives barriers from these ranges, write-after-read included.
    const uint64_t C = chunk_;
    const uint64_t align = d.allocator().alignment() / 4; // floats; descriptor offsets stay aligned
    const auto aligned = [&](uint64_t floats) { return (floats + align - 1) / align * align; };
    const uint64_t partial_floats = std::max(AttentionKernel::partial_floats(c, chunk_, 1),
                                             AttentionKernel::partial_floats(c, 1, decode_slices_));
    const uint64_t r1 = aligned(std::max(partial_floats, C * H));
    const uint64_t r2 = aligned(C * std::max<uint64_t>(q_dim_, H));
    const uint64_t up_at = r1 + r2, up_floats = C * up_dim_;
    const uint64_t act_at = aligned(up_at + up_floats);
    const uint64_t act_floats = a.mlp == MlpKind::SwiGlu ? C * c.ffn : 0;
    work_ = device_buffer(d, std::max(C * qkv_dim_, act_at + act_floats), "activations");
    qkv_ = work_.view(0, C * qkv_dim_ * 4);
    partial_ = work_.view(0, partial_floats * 4);
    h_ = work_.view(0, C * H * 4);
    o_ = work_.view(r1 * 4, C * q_dim_ * 4);
    mres_ = work_.view(r1 * 4, C * H * 4);
    up_ = work_.view(up_at * 4, up_floats * 4);
    if (act_floats) act_ = work_.view(act_at * 4, act_floats * 4);
    qh_ = device_buffer(d, T * std::max<uint64_t>(q_dim_, H), "activations");
    q_ = qh_.view(0, T * q_dim_ * 4);
    y_ = qh_.view(0, T * H * 4);
    x_ = device_buffer(d, T * H, "activations");
    a_ = device_buffer(d, C * H, "activations");
    logits_ = device_buffer(d, uint64_t(kLogitRows) * c.vocab, "logits");
    argmax_scratch_ =
        d.allocator().allocate(ArgmaxKernel::scratch_bytes(), MemoryUsage::DeviceLocal, "argmax");
    token_ = device_buffer(d, 4, "sampled token");
    sampling_host_ = d.allocator().allocate(sizeof(DeviceSamplingParams), MemoryUsage::Upload,
                                            "sampling parameters");
    *sampling() = DeviceSamplingParams{};
    sampling()->vocab = c.vocab;
    sampling_ = device_buffer(d, sizeof(DeviceSamplingParams) / 4, "sampling parameters");
    seen_ = device_buffer(d, seen_words(), "seen tokens");
    d.fill_zero(seen_);
    group_max_ = device_buffer(d, SampleKernel::kGroups, "sampling");
    candidates_ = d.allocator().allocate(SampleKernel::candidate_bytes(), MemoryUsage::DeviceLocal,
                                         "sampling candidates");
    logits_rb_ =
        d.allocator().allocate(uint64_t(kLogitRows) * c.vocab * 4, MemoryUsage::Readback, "logits");
    token_rb_ = d.allocator().allocate(16, MemoryUsage::Readback, "sampled token");
}

void GlmGraph::record_layer(vk::CommandRecorder& rec, uint32_t l, uint32_t T, uint32_t slices) {
    const ModelConfig& c = m_.config;
    const LayerWeights& w = m_.layers[l];
    const uint32_t H = c.hidden, C = chunk_;
    const Architecture& a = c.architecture();
    // GLM1 adds α·(normalised input) as each sublayer's residual, GLM2+ the input itself.
    const bool normalised_residual = a.residual_from_normalised_input;
    const float alpha = a.residual_scale;
    const DeviceVector* attn_norm_bias = a.norm_has_bias() ? &w.attn_norm_bias : nullptr;
    const DeviceVector* ffn_norm_bias = a.norm_has_bias() ? &w.ffn_norm_bias : nullptr;
    const auto bias = [](const DeviceVector& b) { return b.size ? &b : nullptr; };
    KvCacheView cache{k_cache_[l].view(), v_cache_[l].view(), capacity_, kv_type_};

    // Sweep 1: the keys and values of every token of the pass enter the cache before any token
    // attends (GLM1's prompt is bidirectional); the queries are kept for sweep 2.
    // Decoding, the mat-vec kernel normalises its input itself where only the projection needs
    // the normalised vector (GLM2+; GLM1's residual is the normalised input), and rotates q and k
    // and writes the cache in its epilogue.
    const InputNorm attn_norm{.weight = &w.attn_norm, .eps = c.norm_eps};
    for (uint32_t t0 = 0; t0 < T; t0 += C) {
        const uint32_t n = std::min(C, T - t0);
        const bool fuse_norm = !normalised_residual && matmul_.fuses_input_norm(w.qkv, n);
        const ActView qkv_in = fuse_norm ? act(x_, H, t0 * H) : act(a_, H);
        if (!fuse_norm)
            norm_.record(rec, act(x_, H, t0 * H), act(a_, H), n, H, w.attn_norm, attn_norm_bias,
                         c.norm_eps, "attn_norm");
        Epilogue e{.bias = bias(w.qkv_bias)};
        if (fuse_norm) e.input_norm = &attn_norm;
        const RopeKvTarget target{.config = &c,
                                  .step = step_.view(),
                                  .rope = rope_.view(),
                                  .rope_rows = rope_rows_,
                                  .q = q_,
                                  .cache = cache,
                                  .first_token = t0};
        const bool fuse_rope = matmul_.fuses_rope_kv(w.qkv, c, kv_type_, n);
        if (fuse_rope) e.rope_kv = &target;
        matmul_.record(rec, w.qkv, qkv_in, act(qkv_, qkv_dim_), n, e, "qkv");
        if (!fuse_rope)
            rope_kv_.record(rec, c, qkv_, qkv_dim_, step_.view(), rope_.view(), rope_rows_, q_,
                            cache, n, t0, "rope_kv");
    }
    // Sweep 2: attention onwards, chunk by chunk; x_ is updated in place.
    for (uint32_t t0 = 0; t0 < T; t0 += C) {
        const uint32_t n = std::min(C, T - t0);
        const ActView x_in = act(x_, H, t0 * H);
        // GLM1's residual is the normalised input, still in a_ when the pass is one chunk.
        if (normalised_residual && T > C)
            norm_.record(rec, x_in, act(a_, H), n, H, w.attn_norm, attn_norm_bias, c.norm_eps,
                         "attn_norm");
        attention_.record(rec, c, q_, step_.view(), cache, partial_, o_, n, t0, slices,
                          "attention");
        // GLM1: h = W_o o + b_o + α·a; GLM2+: h = W_o o + x; sandwich norms (GLM-4-0414):
        // h = x + norm(W_o o), the projection going through a_, unused in this sweep.
        if (a.sandwich_norms) {
            matmul_.record(rec, w.attn_out, act(o_, q_dim_), act(a_, H), n,
                           {.bias = bias(w.attn_out_bias)}, "attn_out");
            norm_.record_add(rec, act(a_, H), x_in, act(h_, H), n, H, w.attn_post_norm, c.norm_eps,
                             "attn_post_norm");
        } else {
            const ActView res1 = normalised_residual ? act(a_, H) : x_in;
            matmul_.record(
                rec, w.attn_out, act(o_, q_dim_), act(h_, H), n,
                {.bias = bias(w.attn_out_bias), .residual = &res1, .residual_scale = alpha},
                "attn_out");
        }
        const bool fuse_norm = !normalised_residual && matmul_.fuses_input_norm(w.ffn_up, n);
        if (!fuse_norm)
            norm_.record(rec, act(h_, H), act(mres_, H), n, H, w.ffn_norm, ffn_norm_bias,
                         c.norm_eps, "ffn_norm");
        const ActView m_in = act(mres_, H);
        const ActView res2 = normalised_residual ? m_in : act(h_, H);
        if (a.mlp == MlpKind::Gelu) {
            // x = W2 gelu(W1 m + b1) + b2 + α·m
            matmul_.record(rec, w.ffn_up, m_in, act(up_, up_dim_), n,
                           {.bias = bias(w.ffn_up_bias), .gelu = true}, "ffn_up");
            matmul_.record(
                rec, w.ffn_down, act(up_, up_dim_), x_in, n,
                {.bias = bias(w.ffn_down_bias), .residual = &res2, .residual_scale = alpha},
                "ffn_down");
        } else {
            // x = W_down swiglu(W_up norm(h)) + h; the mat-vec kernels apply the norm and
            // SwiGLU themselves.
            const ActView h_in = act(h_, H);
            const InputNorm ffn_norm{.weight = &w.ffn_norm, .eps = c.norm_eps};
            Epilogue e;
            if (fuse_norm) e.input_norm = &ffn_norm;
            const ActView up_in = fuse_norm ? h_in : m_in;
            if (matmul_.fuses_swiglu(w.ffn_up, n)) {
                e.swiglu = true;
                matmul_.record(rec, w.ffn_up, up_in, act(act_, c.ffn), n, e, "ffn_up");
            } else {
                matmul_.record(rec, w.ffn_up, up_in, act(up_, up_dim_), n, e, "ffn_up");
                swiglu_.record(rec, up_, act_, c.ffn, n, "swiglu");
            }
            if (a.sandwich_norms) {
                matmul_.record(rec, w.ffn_down, act(act_, c.ffn), act(a_, H), n,
                               {.bias = bias(w.ffn_down_bias)}, "ffn_down");
                norm_.record_add(rec, act(a_, H), res2, x_in, n, H, w.ffn_post_norm, c.norm_eps,
                                 "ffn_post_norm");
            } else {
                matmul_.record(
                    rec, w.ffn_down, act(act_, c.ffn), x_in, n,
                    {.bias = bias(w.ffn_down_bias), .residual = &res2, .residual_scale = alpha},
                    "ffn_down");
            }
        }
    }
}

void GlmGraph::record_pass(vk::CommandRecorder& rec, uint32_t T, uint32_t outputs,
                           uint32_t slices) {
    if (T == 0 || T > max_pass_)
        throw Error(ErrorKind::InvalidArgument, "pass of " + std::to_string(T) + " tokens");
    const ModelConfig& c = m_.config;
    const uint32_t H = c.hidden;
    rec.copy(ids_host_.view(0, T * 4), ids_.view(0, T * 4));
    rec.copy(step_host_.view(0, (4 + 2 * T) * 4), step_.view(0, (4 + 2 * T) * 4));
    if (outputs & kOutputSample)
        rec.copy(sampling_host_.view(), sampling_.view(0, sampling_host_.size()));
    embed_.record(rec, m_.embedding, ids_.view(), 0, act(x_, H), T, "embed");
    for (uint32_t l = 0; l < c.layers; ++l) record_layer(rec, l, T, slices);
    const DeviceVector* final_bias =
        c.architecture().norm_has_bias() ? &m_.final_norm_bias : nullptr;
    if (outputs & kOutputHidden) {
        norm_.record(rec, act(x_, H), act(y_, H), T, H, m_.final_norm, final_bias, c.norm_eps,
                     "final_norm");
        const uint64_t bytes = uint64_t(T) * H * 4;
        if (!hidden_rb_ || hidden_rb_.size() < bytes)
            hidden_rb_ = k_.device.allocator().allocate(uint64_t(max_pass_) * H * 4,
                                                        MemoryUsage::Readback, "hidden states");
        rec.copy({y_.buffer, y_.offset, bytes}, hidden_rb_.view(0, bytes));
    }
    if (outputs & (kOutputLogits | kOutputArgmax | kOutputSample)) {
        // The head normalises the last row itself where it can.
        const InputNorm final_norm{.weight = &m_.final_norm, .bias = final_bias, .eps = c.norm_eps};
        Epilogue e;
        ActView last = act(x_, H, (T - 1) * H);
        if (matmul_.fuses_input_norm(m_.lm_head(), 1)) {
            e.input_norm = &final_norm;
        } else {
            norm_.record(rec, last, act(a_, H), 1, H, m_.final_norm, final_bias, c.norm_eps,
                         "final_norm");
            last = act(a_, H);
        }
        matmul_.record(rec, m_.lm_head(), last, act(logits_, c.vocab), 1, e, "lm_head");
        if (outputs & kOutputLogits)
            rec.copy(logits_.view(0, uint64_t(c.vocab) * 4),
                     logits_rb_.view(0, uint64_t(c.vocab) * 4));
        if (outputs & kOutputArgmax) {
            argmax_.record(rec, logits_.view(0, uint64_t(c.vocab) * 4), c.vocab, argmax_scratch_,
                           token_.view(), 0, "argmax");
            rec.copy(token_.view(0, 4), token_rb_.view(0, 4));
        }
        if (outputs & kOutputSample) {
            sample_.record(rec, logits_.view(0, uint64_t(c.vocab) * 4), sampling_.view(),
                           seen_.view(), group_max_.view(), candidates_.view(), token_.view(),
                           "sample");
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

void GlmGraph::set_seen_word(uint32_t word, uint32_t bits) {
    k_.device.upload(seen_, uint64_t(word) * 4, &bits, 4);
}

void GlmGraph::record_logits(vk::CommandRecorder& rec, uint32_t first, uint32_t rows) {
    const ModelConfig& c = m_.config;
    if (rows == 0 || rows > kLogitRows)
        throw Error(ErrorKind::InvalidArgument, "too many logit rows");
    matmul_.record(rec, m_.lm_head(), act(y_, c.hidden, first * c.hidden), act(logits_, c.vocab),
                   rows, {}, "lm_head");
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
