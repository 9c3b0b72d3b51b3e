// Choosing the next token from logits: repetition penalty, temperature, top-k, top-p, seed
// (the order chatglm.cpp uses; docs/tokenizers.md#sampling). Temperature 0 means greedy.
#pragma once

#include <cstdint>
#include <random>
#include <span>
#include <vector>

namespace glm {

struct SamplingParams {
    float temperature = 0.8f;        // <= 0: greedy (argmax)
    int top_k = 0;                   // 0: off
    float top_p = 0.8f;              // 1: off
    float repetition_penalty = 1.0f; // 1: off; > 1 discourages repeating prompt and output tokens
    uint64_t seed = 0;               // 0: a random seed

    bool greedy() const { return temperature <= 0.0f; }
};

// The official chat defaults of each generation (docs/tokenizers.md#sampling): GLM1 temperature
// 0.95, top-p 0.7; GLM2/GLM3 0.8, 0.8; GLM4 0.6, 0.8 with a repetition penalty of 1.2 (its demo's
// settings). top-k stays off (the official code's top-k of 50 is a transformers default no model
// asks for).
SamplingParams default_sampling(int generation);

class Sampler {
public:
    explicit Sampler(const SamplingParams& params);
    const SamplingParams& params() const { return params_; }
    // `history`: prompt and generated ids so far (for the repetition penalty). Modifies logits.
    // Non-finite logits (numerical failure) fall back to `nan_fallback`, as the official code's NaN
    // guard does (docs/architectures.md#checkpoint-quirks).
    int32_t sample(std::span<float> logits, std::span<const int32_t> history,
                   int32_t nan_fallback = 0);
    // The uniform number in [0, 1) for the next draw (the device sampler gets it from here).
    float next_uniform();
    // Temperature, top-k and top-p on logits that already carry the repetition penalty, with
    // the given uniform number: exactly what the device sampler computes.
    int32_t pick(std::span<const float> logits, float uniform);

private:
    SamplingParams params_;
    std::mt19937_64 rng_;
    std::vector<std::pair<float, int32_t>> candidates_;
};

// Applies the repetition penalty in place: logit > 0 divided by the penalty, else multiplied.
void apply_repetition_penalty(std::span<float> logits, std::span<const int32_t> history,
                              float penalty);

} // namespace glm
