// The CPU backend behind the session seam: the forward pass of every architecture, written
// against its description (glm/architecture.h), over a KV cache in RAM. Products through
// matmul.h, split over the device's thread pool; everything else in ops.h.
#pragma once

#include "cpu/cpu_model.h"
#include "models/pass_runner.h"

#include <cstdint>
#include <vector>

namespace glm::cpu {

class CpuPassRunner final : public PassRunner {
public:
    // `pass_chunk`: most tokens of a pass (0: 256); GLM1 runs its whole prompt at once.
    CpuPassRunner(const CpuModel& model, uint32_t capacity, KvCacheType kv_type,
                  uint32_t pass_chunk);

    uint32_t capacity() const override { return capacity_; }
    KvCacheType kv_cache_type() const override { return kv_type_; }
    uint32_t max_pass_tokens() const override { return max_pass_; }

    void run(const PassInputs& in, uint32_t outputs) override;
    void logits_of_hidden(uint32_t first, uint32_t rows) override;
    const float* logits() const override { return logits_.data(); }
    int32_t token() const override { return token_; }
    const float* hidden() const override { return hidden_.data(); }

    void set_sampling(const SamplingSetup& setup) override { sampling_ = setup; }
    void upload_seen(const std::vector<uint32_t>& bits) override { seen_ = bits; }
    void set_seen_word(uint32_t word, uint32_t bits) override { seen_.at(word) = bits; }
    // The logits of a kOutputSample pass are penalised already.
    void read_penalised_logits() override {}

private:
    void layer(uint32_t l, const PassInputs& in);
    void attention(uint32_t l, const PassInputs& in);
    // Normalises rows of x into y with the architecture's norm (bias may be empty).
    void norm(const float* x, uint32_t rows, const Vector& weight, const Vector& bias, float* y);
    void product(const Matrix& w, const float* x, uint32_t rows, float* y, const Vector& bias);
    void final_logits(const float* hidden_row);

    const CpuModel& m_;
    const ModelConfig& c_;
    uint32_t capacity_, max_pass_;
    KvCacheType kv_type_;
    uint64_t kv_row_bytes_;
    // Per layer, per kv head: keys as `capacity` rows of head_dim values; values likewise in the
    // 8-bit cache, but by column in the fp16/fp32 caches (head_dim rows of `capacity` values), so
    // that the weighted sum of values is a product with the cache as it is.
    std::vector<std::vector<uint8_t>> k_cache_, v_cache_;
    std::vector<float> rope_;
    uint32_t rope_rows_;
    // Activations of a pass, max_pass_ rows each (see layer() for who holds what).
    std::vector<float> x_, n_, qkv_, q_, o_, h_, m_norm_, up_, act_;
    std::vector<float> hidden_, logits_;
    int32_t token_ = -1;
    SamplingSetup sampling_;
    std::vector<uint32_t> seen_;
};

} // namespace glm::cpu
