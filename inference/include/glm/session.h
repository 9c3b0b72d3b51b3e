// A conversation's state on the GPU (its KV cache) and text generation.
#pragma once

#include "glm/kv_cache.h"
#include "glm/model.h"
#include "glm/sampler.h"

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <span>
#include <vector>

namespace glm {

struct SessionOptions {
    // Tokens the KV cache holds (prompt + reply). 0: the model's context length, at most 4096.
    uint32_t context_length = 0;
    // How keys and values are stored: fp16, fp32 (exact; for conformance checks) or 8-bit (long
    // contexts in about half the memory).
    KvCacheType kv_cache = KvCacheType::F16;
    // Tokens of a forward pass whose activations are computed at a time (0: 256). Less saves
    // device memory on long prompts at some speed; the result is the same (tests use tiny values
    // to check that).
    uint32_t pass_chunk = 0;
};

struct GenerateParams {
    SamplingParams sampling;
    uint32_t max_new_tokens = 512;
    std::vector<int32_t> stop_ids; // empty: the model's end tokens
    // Ids at or above this are never generated (0: none excluded). Pass the tokenizer's size:
    // the embedding of GLM models has padding rows that are not tokens.
    uint32_t vocab_limit = 0;
};

enum class StopReason { EndOfText, MaxTokens, Cancelled, ContextFull };
const char* to_string(StopReason r) noexcept;

struct GenerationStats {
    uint32_t prompt_tokens = 0;
    uint32_t reused_tokens = 0; // prompt tokens already in the KV cache (GLM2+ conversations)
    uint32_t generated_tokens = 0;
    double prefill_ms = 0;
    double time_to_first_token_ms = 0;
    double decode_ms = 0;
    double prefill_tokens_per_second() const {
        return prefill_ms > 0 ? (prompt_tokens - reused_tokens) * 1000.0 / prefill_ms : 0;
    }
    double decode_tokens_per_second() const {
        return decode_ms > 0 && generated_tokens > 1 ? (generated_tokens - 1) * 1000.0 / decode_ms
                                                     : 0;
    }
    StopReason stop = StopReason::EndOfText;
};

class Session {
public:
    explicit Session(std::shared_ptr<Model> model, const SessionOptions& options = {});
    ~Session();
    Session(const Session&) = delete;
    Session& operator=(const Session&) = delete;

    const Model& model() const;
    uint32_t context_length() const;
    KvCacheType kv_cache_type() const;
    uint32_t cached_tokens() const;
    void reset();

    // Runs `ids` after what is cached. Returns the logits of the last token, or of every token
    // with all_logits (ids.size() × vocab). Throws ContextOverflow if they do not fit and
    // InvalidArgument for ids outside the vocabulary.
    std::vector<float> prefill(std::span<const int32_t> ids, bool all_logits = false);
    // One token through the KV cache; returns its logits.
    std::vector<float> decode(int32_t id);
    // One token through the KV cache; returns the most likely next id, chosen on the device
    // (only the id is read back: the step generate() runs for greedy decoding).
    int32_t decode_greedy(int32_t id);
    // Final hidden states (after the final norm) of `ids` run after what is cached, ids × hidden.
    std::vector<float> forward_hidden(std::span<const int32_t> ids);

    // Generates after `prompt` (the whole conversation as ids). Reuses the cached prefix where
    // the model allows it (causal models). on_token receives each new id (stop ids excluded).
    // `cancel` is checked between tokens: stopping returns within one decode step.
    GenerationStats generate(std::span<const int32_t> prompt, const GenerateParams& params,
                             const std::function<void(int32_t)>& on_token,
                             const std::atomic<bool>* cancel = nullptr);

    // Per-kernel GPU times of the last decode step (profiling builds of the step; empty if the
    // device has no timestamps). For benchmarks.
    struct KernelTiming {
        std::string label;
        double ms;
    };
    void set_profiling(bool on);
    // Benchmarks only: treat the first n cache positions as filled (with whatever the cache
    // holds), so decoding at a long context can be timed without computing that context.
    void assume_cached_for_benchmark(uint32_t n);
    std::vector<KernelTiming> last_step_timings() const;
    uint32_t dispatches_per_decode_step() const;
    // Benchmarks only: host milliseconds to record one decode step's command buffer — what
    // every token would cost on top of the GPU time if the step were not recorded once and
    // replayed.
    double record_decode_step_ms() const;

private:
    struct State;
    std::unique_ptr<State> s_;
};

} // namespace glm
