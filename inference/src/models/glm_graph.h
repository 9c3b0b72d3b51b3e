// The layer sequence of a GLM model as recorded GPU work, with the scratch buffers and the KV
// cache it runs on. One class for every generation: GLM1 (LayerNorm, α-scaled residual from the
// normalised input, GELU, 2-D rotary) and GLM2+ (RMSNorm, pre-norm residual, SwiGLU, partial
// rotary, grouped-query attention) differ only in which kernels and epilogues are recorded.
//
// Inputs (token ids and the step buffer of shaders/step.glsl) live in host-visible memory and
// are copied to the device at the start of every recording, so a recorded pass can be replayed
// after the host rewrote them (the decode step is recorded once and replayed per token).
#pragma once

#include "kernels/act_view.h"
#include "kernels/argmax_kernel.h"
#include "kernels/attention_kernel.h"
#include "kernels/embed_kernel.h"
#include "kernels/matmul_kernel.h"
#include "kernels/norm_kernel.h"
#include "kernels/rope_kv_kernel.h"
#include "kernels/sample_kernel.h"
#include "kernels/swiglu_kernel.h"
#include "models/device_model.h"
#include "models/pass_runner.h"
#include "vulkan/command_recorder.h"

#include <cstdint>
#include <vector>

namespace glm {

class GlmGraph {
public:
    // `pass_chunk`: tokens of a pass recorded at a time (0: 256); see record_layer.
    GlmGraph(DeviceModel& model, uint32_t capacity, KvCacheType kv_type, uint32_t pass_chunk = 0);

    uint32_t capacity() const { return capacity_; }
    KvCacheType kv_cache_type() const { return kv_type_; }
    // Most tokens one recorded pass may hold. GLM1 must prefill its whole prompt in one pass
    // (its context is bidirectional), so there it is the capacity.
    uint32_t max_pass_tokens() const { return max_pass_; }
    uint32_t decode_slices() const { return decode_slices_; }

    // Host-side inputs of the next pass: ids[0..tokens) and the step buffer.
    int32_t* ids() { return static_cast<int32_t*>(ids_host_.mapped()); }
    uint32_t* step() { return static_cast<uint32_t*>(step_host_.mapped()); }
    // Host-side sampling parameters of the next kOutputSample pass.
    DeviceSamplingParams* sampling() {
        return static_cast<DeviceSamplingParams*>(sampling_host_.mapped());
    }
    // The seen-token bitmap the repetition penalty uses (vocab bits); the sampler adds to it.
    void upload_seen(const std::vector<uint32_t>& bits);
    void set_seen_word(uint32_t word, uint32_t bits);
    uint32_t seen_words() const { return (m_.config.vocab + 31) / 32; }
    // Copies the last row's logits (penalised by a kOutputSample pass) to the read-back buffer.
    void record_logits_readback(vk::CommandRecorder& rec);

    // Records one forward pass over `tokens` tokens (inputs already written) with `outputs`.
    void record_pass(vk::CommandRecorder& rec, uint32_t tokens, uint32_t outputs, uint32_t slices);
    // After a kOutputHidden pass: logits of hidden rows [first, first + rows), rows <= kLogitRows.
    void record_logits(vk::CommandRecorder& rec, uint32_t first, uint32_t rows);
    static constexpr uint32_t kLogitRows = 8;

    // Read-back results of the last submitted recording.
    const float* logits() const; // rows × vocab
    int32_t argmax() const; // also the id of a kOutputSample pass (SampleKernel::kNeedHost: the
                            // host must sample)
    const float* hidden() const; // tokens × hidden

private:
    void record_layer(vk::CommandRecorder& rec, uint32_t l, uint32_t tokens, uint32_t slices);

    DeviceModel& m_;
    KernelContext& k_;
    MatmulKernel matmul_;
    NormKernel norm_;
    EmbedKernel embed_;
    RopeKvKernel rope_kv_;
    AttentionKernel attention_;
    SwigluKernel swiglu_;
    ArgmaxKernel argmax_;
    SampleKernel sample_;

    uint32_t capacity_, max_pass_, chunk_, decode_slices_;
    KvCacheType kv_type_;
    uint32_t qkv_dim_, q_dim_, up_dim_;
    std::vector<vk::Buffer> k_cache_, v_cache_;
    vk::Buffer ids_host_, step_host_, ids_, step_, rope_;
    vk::Buffer x_, a_, work_, qh_, logits_, argmax_scratch_, token_;
    // Views into the shared scratch buffers above (see the constructor for who shares what).
    vk::BufferView qkv_, partial_, h_, o_, mres_, up_, act_, q_, y_;
    vk::Buffer sampling_host_, sampling_, seen_, group_max_, candidates_;
    vk::Buffer logits_rb_, token_rb_, hidden_rb_;
    uint32_t rope_rows_ = 0;
};

} // namespace glm
