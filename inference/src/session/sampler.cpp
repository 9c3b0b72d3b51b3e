#include "glm/sampler.h"

#include "glm/error.h"

#include <algorithm>
#include <cmath>
#include <unordered_set>

namespace glm {

SamplingParams default_sampling(int generation) {
    SamplingParams p;
    switch (generation) {
    case 1:
        p.temperature = 0.95f;
        p.top_p = 0.7f;
        break;
    case 4:
        p.temperature = 0.6f;
        p.top_p = 0.8f;
        p.repetition_penalty = 1.2f;
        break;
    default:
        p.temperature = 0.8f;
        p.top_p = 0.8f;
        break;
    }
    return p;
}

void apply_repetition_penalty(std::span<float> logits, std::span<const int32_t> history,
                              float penalty) {
    if (penalty == 1.0f) return;
    std::unordered_set<int32_t> seen;
    for (int32_t id : history) {
        if (id < 0 || size_t(id) >= logits.size() || !seen.insert(id).second) continue;
        float& l = logits[size_t(id)];
        l = l > 0 ? l / penalty : l * penalty;
    }
}

Sampler::Sampler(const SamplingParams& params) : params_(params) {
    if (std::isnan(params.temperature))
        throw Error(ErrorKind::InvalidArgument,
                    "the temperature must be a number: 0 (greedy) or more");
    if (!(params.repetition_penalty > 0))
        throw Error(ErrorKind::InvalidArgument, "the repetition penalty must be positive");
    if (params.top_k < 0)
        throw Error(ErrorKind::InvalidArgument, "top-k must be 0 (off) or positive");
    if (!(params.top_p > 0 && params.top_p <= 1))
        throw Error(ErrorKind::InvalidArgument, "top-p must be in (0, 1]");
    rng_.seed(params.seed ? params.seed : std::random_device{}());
}

float Sampler::next_uniform() {
    return std::uniform_real_distribution<float>(0.0f, 1.0f)(rng_);
}

int32_t Sampler::sample(std::span<float> logits, std::span<const int32_t> history,
                        int32_t nan_fallback) {
    const size_t V = logits.size();
    if (V == 0) throw Error(ErrorKind::InvalidArgument, "no logits to sample from");
    for (float l : logits)
        if (!std::isfinite(l) && !(std::isinf(l) && l < 0))
            return nan_fallback; // official NaN guard
    apply_repetition_penalty(logits, history, params_.repetition_penalty);
    if (params_.greedy())
        return int32_t(std::max_element(logits.begin(), logits.end()) - logits.begin());
    return pick(logits, next_uniform());
}

int32_t Sampler::pick(std::span<const float> logits, float uniform) {
    const size_t V = logits.size();
    const size_t best = size_t(std::max_element(logits.begin(), logits.end()) - logits.begin());
    if (params_.greedy()) return int32_t(best);
    const float inv_t = 1.0f / params_.temperature;
    const float max_l = logits[best];
    // Tokens more than 30 (in logit units after temperature) below the best have less than
    // e^-30 of its probability: they are never sampled. The device sampler
    // (shaders/sampling.glsl) uses the same rule, so both pick the same token for the same
    // random number.
    candidates_.clear();
    for (size_t i = 0; i < V; ++i) {
        const float z = (logits[i] - max_l) * inv_t;
        if (z > -30.0f) candidates_.emplace_back(z, int32_t(i));
    }
    // The same steps as shaders/sample_select.comp: sort by logit (ties: lower id first), keep
    // the top k, then the smallest prefix reaching top-p, then draw.
    std::sort(candidates_.begin(), candidates_.end(), [](const auto& a, const auto& b) {
        return a.first > b.first || (a.first == b.first && a.second < b.second);
    });
    size_t keep = candidates_.size();
    if (params_.top_k > 0) keep = std::min(keep, size_t(params_.top_k));
    std::vector<double> probs(keep);
    double total = 0;
    for (size_t i = 0; i < keep; ++i) total += probs[i] = std::exp(double(candidates_[i].first));
    if (params_.top_p < 1.0f) {
        double cum = 0;
        for (size_t i = 0; i < keep; ++i) {
            cum += probs[i] / total;
            if (cum >= params_.top_p) {
                keep = i + 1;
                break;
            }
        }
    }
    double kept = 0;
    for (size_t i = 0; i < keep; ++i) kept += probs[i];
    const double u = double(uniform) * kept;
    double acc = 0;
    for (size_t i = 0; i < keep; ++i) {
        acc += probs[i];
        if (u < acc) return candidates_[i].second;
    }
    return candidates_[keep - 1].second;
}

} // namespace glm
