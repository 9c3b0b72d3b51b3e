// The seam between a session and a backend: run these token ids at these positions into the KV
// cache the runner owns, and give back the logits, the chosen id or the hidden states. The
// session (prompt-prefix reuse, the generation loop, stop rules, host sampling) is shared; the
// Vulkan engine (VulkanPassRunner) and the CPU backend (cpu::CpuPassRunner) sit behind this.
#pragma once

#include "glm/kv_cache.h"
#include "models/positions.h"

#include <atomic>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

namespace glm {

enum PassOutput : uint32_t {
    kOutputNone = 0,
    kOutputHidden = 1, // final norm of every row into hidden()
    kOutputLogits = 2, // logits of the last row into logits()
    kOutputArgmax = 4, // argmax of the last row's logits into token() (greedy decoding)
    kOutputSample = 8, // a token sampled from the last row's logits into token()
};

// One pass: ids[t] runs at cache index past + t, at positions[t].
struct PassInputs {
    std::span<const int32_t> ids;
    std::span<const TokenPosition> positions;
    uint32_t past = 0;
    uint32_t prefix = 0; // SequenceLayout::prefix: tokens that see each other (GLM1)
    bool decode = false; // the one-token step of generation (a backend may replay it)
    // Set from another thread to stop: a backend whose pass takes long may throw Cancelled
    // between its steps (the pass then counts as not run).
    const std::atomic<bool>* cancel = nullptr;
};

// What kOutputSample draws with (the session's SamplingParams, resolved).
struct SamplingSetup {
    float inv_temperature = 1.0f;
    uint32_t top_k = 0;
    float top_p = 1.0f;
    float penalty = 1.0f;
    uint32_t vocab = 0;  // ids at or above are never drawn
    float random = 0.0f; // the uniform number of the next draw
};

class PassRunner {
public:
    // token() after a kOutputSample pass when the backend leaves the draw to the host: the
    // session then reads penalised_logits() and samples there.
    static constexpr uint32_t kNeedHost = 0xfffffffeu;
    // Most rows logits_of_hidden() computes at a time.
    static constexpr uint32_t kLogitRows = 8;

    virtual ~PassRunner() = default;

    virtual uint32_t capacity() const = 0;
    virtual KvCacheType kv_cache_type() const = 0;
    // Most tokens one pass may hold (GLM1 prefills its whole prompt at once: the capacity).
    virtual uint32_t max_pass_tokens() const = 0;

    virtual void run(const PassInputs& in, uint32_t outputs) = 0;
    // After a kOutputHidden pass: the logits of its hidden rows [first, first + rows) into
    // logits(), rows <= kLogitRows.
    virtual void logits_of_hidden(uint32_t first, uint32_t rows) = 0;

    virtual const float* logits() const = 0; // rows × vocab
    virtual int32_t token() const = 0;       // kOutputArgmax / kOutputSample
    virtual const float* hidden() const = 0; // tokens × hidden

    // Sampling: the parameters (random changes every draw), and the bitmap of ids seen so far
    // (one bit per vocabulary entry) that the repetition penalty applies to.
    virtual void set_sampling(const SamplingSetup& setup) = 0;
    virtual void upload_seen(const std::vector<uint32_t>& bits) = 0;
    virtual void set_seen_word(uint32_t word, uint32_t bits) = 0;
    // After token() == kNeedHost: the last row's logits with the penalty applied, in logits().
    virtual void read_penalised_logits() = 0;

    // Benchmarks and profiling (backends without them keep these defaults).
    struct KernelTiming {
        std::string label;
        double ms;
    };
    virtual void set_profiling(bool) {}
    virtual std::vector<KernelTiming> last_step_timings() const { return {}; }
    virtual uint32_t dispatches_per_decode_step() const { return 0; }
    virtual double record_decode_step_ms() { return 0; }
};

} // namespace glm
