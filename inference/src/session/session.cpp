#include "glm/session.h"

#include "cpu/cpu_pass_runner.h"
#include "engine_internals.h"
#include "glm/architecture.h"
#include "glm/engine.h"
#include "glm/error.h"
#include "models/pass_runner.h"
#include "models/positions.h"
#include "models/vulkan_pass_runner.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <map>

namespace glm {

const char* to_string(StopReason r) noexcept {
    switch (r) {
    case StopReason::EndOfText:
        return "end-of-text";
    case StopReason::MaxTokens:
        return "max-tokens";
    case StopReason::Cancelled:
        return "cancelled";
    case StopReason::ContextFull:
        return "context-full";
    }
    return "unknown";
}

namespace {
double ms_since(std::chrono::steady_clock::time_point t0) {
    return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
}
// Every logit NaN (no token could be chosen): the official code substitutes a fixed token
// (docs/architectures.md#checkpoint-quirks), which shows as an empty or nonsensical reply. Say
// what happened instead.
[[noreturn]] void throw_invalid_output() {
    throw Error(ErrorKind::InvalidOutput,
                "The model produced invalid numbers (NaN) instead of a next token. The model file "
                "may be damaged (download or convert it again), or the graphics driver may be "
                "faulty (update it or try another device).");
}
bool has_nan(std::span<const float> logits) {
    return std::any_of(logits.begin(), logits.end(), [](float l) { return std::isnan(l); });
}
} // namespace

struct Session::State {
    std::shared_ptr<Model> model;
    std::unique_ptr<PassRunner> runner;
    std::vector<int32_t> cached; // ids whose keys/values are in the cache, from index 0
    SequenceLayout layout;

    const ModelConfig& config() const { return model->config(); }

    void check_ids(std::span<const int32_t> ids) const {
        for (int32_t id : ids)
            if (id < 0 || uint32_t(id) >= config().vocab)
                throw Error(ErrorKind::InvalidArgument,
                            "Token id " + std::to_string(id) + " is outside the vocabulary (0.." +
                                std::to_string(config().vocab - 1) + ").");
    }

    void check_room(size_t more) const {
        if (cached.size() + more > runner->capacity())
            throw Error(ErrorKind::ContextOverflow,
                        "The conversation needs " + std::to_string(cached.size() + more) +
                            " tokens but the context holds " + std::to_string(runner->capacity()) +
                            ". Start a new chat, shorten the message, or raise the context length "
                            "in the settings.");
    }

    // Runs ids at cache index cached.size() onwards (one pass).
    void run_pass(std::span<const int32_t> ids, uint32_t outputs, bool decode,
                  const std::atomic<bool>* cancel = nullptr) {
        const uint32_t past = uint32_t(cached.size());
        std::vector<TokenPosition> positions(ids.size());
        for (uint32_t t = 0; t < ids.size(); ++t)
            positions[t] = position_at(config(), layout, past + t);
        runner->run(PassInputs{ids, positions, past, layout.prefix, decode, cancel}, outputs);
        cached.insert(cached.end(), ids.begin(), ids.end());
    }

    void begin_sequence_if_empty(std::span<const int32_t> ids) {
        if (cached.empty()) layout = layout_for_prompt(config(), ids);
    }

    // Runs ids through the model in passes; the last pass produces `last_outputs`, earlier
    // passes `each_outputs` (with a callback per pass for the results).
    // `cancel` is checked before each pass (and by a backend within one, between layers): a long
    // prompt stops within a pass of Cancelled, leaving only whole passes in the cache.
    void run_passes(std::span<const int32_t> ids, uint32_t last_outputs, uint32_t each_outputs,
                    const std::function<void(uint32_t first, uint32_t n)>& after_pass,
                    const std::atomic<bool>* cancel = nullptr) {
        check_ids(ids);
        check_room(ids.size());
        begin_sequence_if_empty(ids);
        if (config().architecture().mask == MaskKind::PrefixLm && cached.empty() &&
            ids.size() > runner->max_pass_tokens())
            throw Error(ErrorKind::ContextOverflow, "The prompt is longer than the context.");
        const uint32_t step_max = runner->max_pass_tokens();
        for (size_t first = 0; first < ids.size(); first += step_max) {
            const uint32_t n = uint32_t(std::min<size_t>(step_max, ids.size() - first));
            const bool last = first + n == ids.size();
            if (cancel && cancel->load()) throw Error(ErrorKind::Cancelled, "prefill cancelled");
            run_pass(ids.subspan(first, n), last ? last_outputs : each_outputs, false, cancel);
            if (after_pass) after_pass(uint32_t(first), n);
        }
    }

    void decode_step(int32_t id, uint32_t output) {
        check_ids({&id, 1});
        check_room(1);
        if (cached.empty()) throw Error(ErrorKind::InvalidArgument, "decode before any prompt");
        run_pass({&id, 1}, output, true);
    }

    std::vector<float> last_logits() const {
        const float* l = runner->logits();
        return std::vector<float>(l, l + config().vocab);
    }
};

namespace {
std::unique_ptr<PassRunner> make_runner(Model& model, uint32_t capacity, KvCacheType kv,
                                        uint32_t pass_chunk) {
    if (cpu::CpuModel* cpu_model = ModelInternals::cpu_model(model))
        return std::make_unique<cpu::CpuPassRunner>(*cpu_model, capacity, kv, pass_chunk);
    return std::make_unique<VulkanPassRunner>(ModelInternals::device_model(model), capacity, kv,
                                              pass_chunk);
}
} // namespace

Session::Session(std::shared_ptr<Model> model, const SessionOptions& options)
    : s_(std::make_unique<State>()) {
    if (!model) throw Error(ErrorKind::InvalidArgument, "no model");
    s_->model = std::move(model);
    const ModelConfig& c = s_->model->config();
    uint32_t ctx = options.context_length ? options.context_length
                                          : std::min<uint32_t>(c.context_length, 4096);
    if (ctx > c.context_length)
        throw Error(ErrorKind::InvalidArgument, "The context length " + std::to_string(ctx) +
                                                    " exceeds the model's " +
                                                    std::to_string(c.context_length) + " tokens.");
    s_->runner = make_runner(*s_->model, ctx, options.kv_cache, options.pass_chunk);
}

Session::~Session() = default;

const Model& Session::model() const {
    return *s_->model;
}
uint32_t Session::context_length() const {
    return s_->runner->capacity();
}
KvCacheType Session::kv_cache_type() const {
    return s_->runner->kv_cache_type();
}
uint32_t Session::cached_tokens() const {
    return uint32_t(s_->cached.size());
}
void Session::reset() {
    s_->cached.clear();
    s_->layout = {};
}

std::vector<float> Session::prefill(std::span<const int32_t> ids, bool all_logits) {
    if (ids.empty()) throw Error(ErrorKind::InvalidArgument, "an empty prompt");
    State& s = *s_;
    if (!all_logits) {
        s.run_passes(ids, kOutputLogits, kOutputNone, nullptr);
        return s.last_logits();
    }
    const uint32_t V = s.config().vocab;
    std::vector<float> out(ids.size() * size_t(V));
    s.run_passes(ids, kOutputHidden, kOutputHidden, [&](uint32_t first, uint32_t n) {
        for (uint32_t r = 0; r < n; r += PassRunner::kLogitRows) {
            const uint32_t rows = std::min(PassRunner::kLogitRows, n - r);
            s.runner->logits_of_hidden(r, rows);
            std::copy_n(s.runner->logits(), size_t(rows) * V,
                        out.begin() + long(size_t(first + r) * V));
        }
    });
    return out;
}

std::vector<float> Session::decode(int32_t id) {
    s_->decode_step(id, kOutputLogits);
    return s_->last_logits();
}

int32_t Session::decode_greedy(int32_t id) {
    s_->decode_step(id, kOutputArgmax);
    return s_->runner->token();
}

std::vector<float> Session::forward_hidden(std::span<const int32_t> ids) {
    if (ids.empty()) throw Error(ErrorKind::InvalidArgument, "no tokens");
    State& s = *s_;
    const uint32_t H = s.config().hidden;
    std::vector<float> out(ids.size() * size_t(H));
    s.run_passes(ids, kOutputHidden, kOutputHidden, [&](uint32_t first, uint32_t n) {
        std::copy_n(s.runner->hidden(), size_t(n) * H, out.begin() + long(size_t(first) * H));
    });
    return out;
}

GenerationStats Session::generate(std::span<const int32_t> prompt, const GenerateParams& params,
                                  const std::function<void(int32_t)>& on_token,
                                  const std::atomic<bool>* cancel) {
    State& s = *s_;
    const ModelConfig& c = s.config();
    if (prompt.empty()) throw Error(ErrorKind::InvalidArgument, "an empty prompt");
    s.check_ids(prompt);
    if (prompt.size() >= s.runner->capacity())
        throw Error(ErrorKind::ContextOverflow,
                    "The prompt is " + std::to_string(prompt.size()) +
                        " tokens but the context holds " + std::to_string(s.runner->capacity()) +
                        " (including the reply). Start a new chat or raise the context length.");
    const SamplingParams& sp = params.sampling;
    Sampler sampler(sp); // validates the parameters; draws the random numbers
    const std::vector<int32_t>& stops = params.stop_ids.empty() ? c.eos_ids : params.stop_ids;
    // Greedy without a penalty: a device argmax. Anything else: the device sampler, which reads
    // back one id and needs the host only for extremely flat distributions.
    const uint32_t vocab = params.vocab_limit ? std::min(params.vocab_limit, c.vocab) : c.vocab;
    const uint32_t output = sp.greedy() && sp.repetition_penalty == 1.0f && vocab == c.vocab
                                ? kOutputArgmax
                                : kOutputSample;

    GenerationStats st;
    st.prompt_tokens = uint32_t(prompt.size());
    // Causal models keep the KV cache of the common prefix (earlier rounds of the chat). GLM1's
    // bidirectional context changes whenever the prompt changes: it always starts afresh.
    size_t reuse = 0;
    if (c.architecture().mask == MaskKind::Causal) {
        while (reuse < s.cached.size() && reuse < prompt.size() && s.cached[reuse] == prompt[reuse])
            ++reuse;
        if (reuse == prompt.size()) --reuse; // the last prompt token must run to give logits
    }
    s.cached.resize(reuse);
    if (reuse == 0) s.layout = {};
    st.reused_tokens = uint32_t(reuse);

    std::vector<uint32_t> seen;
    SamplingSetup setup;
    if (output == kOutputSample) {
        seen.assign((c.vocab + 31) / 32, 0);
        for (int32_t id : prompt) seen[uint32_t(id) >> 5] |= 1u << (uint32_t(id) & 31);
        s.runner->upload_seen(seen);
        setup.inv_temperature = sp.greedy() ? 1.0f : 1.0f / sp.temperature;
        setup.top_k = sp.greedy() ? 1u : uint32_t(sp.top_k);
        setup.top_p = sp.greedy() ? 1.0f : sp.top_p;
        setup.penalty = sp.repetition_penalty;
        setup.vocab = vocab;
    }
    auto next_random = [&] {
        setup.random = sp.greedy() ? 0.0f : sampler.next_uniform();
        if (output == kOutputSample) s.runner->set_sampling(setup);
    };
    // The id a pass left for us, with the host fallbacks (flat distribution, NaN logits).
    auto take_token = [&]() -> int32_t {
        int32_t id = s.runner->token();
        if (output == kOutputSample && uint32_t(id) == PassRunner::kNeedHost) {
            s.runner->read_penalised_logits();
            auto logits = s.last_logits(); // already penalised on the device
            logits.resize(vocab);
            if (has_nan(logits)) throw_invalid_output();
            id = sampler.pick(logits, setup.random);
            seen[uint32_t(id) >> 5] |= 1u << (uint32_t(id) & 31);
            s.runner->set_seen_word(uint32_t(id) >> 5, seen[uint32_t(id) >> 5]);
        } else if (output == kOutputSample && id >= 0 && uint32_t(id) < c.vocab) {
            seen[uint32_t(id) >> 5] |= 1u << (uint32_t(id) & 31);
        }
        if (id < 0 || uint32_t(id) >= c.vocab) throw_invalid_output(); // every logit was NaN
        return id;
    };

    auto t0 = std::chrono::steady_clock::now();
    next_random();
    try {
        s.run_passes(prompt.subspan(reuse), output, kOutputNone, nullptr, cancel);
    } catch (const Error& e) {
        if (e.kind() != ErrorKind::Cancelled) throw;
        st.stop = StopReason::Cancelled;
        st.prefill_ms = ms_since(t0);
        return st;
    }
    int32_t next = take_token();
    st.prefill_ms = st.time_to_first_token_ms = ms_since(t0);
    auto t1 = std::chrono::steady_clock::now();
    for (;;) {
        if (std::find(stops.begin(), stops.end(), next) != stops.end()) {
            st.stop = StopReason::EndOfText;
            break;
        }
        on_token(next);
        ++st.generated_tokens;
        if (cancel && cancel->load()) {
            st.stop = StopReason::Cancelled;
            break;
        }
        if (st.generated_tokens >= params.max_new_tokens) {
            st.stop = StopReason::MaxTokens;
            break;
        }
        if (s.cached.size() >= s.runner->capacity()) {
            st.stop = StopReason::ContextFull;
            break;
        }
        next_random();
        s.decode_step(next, output);
        next = take_token();
    }
    st.decode_ms = ms_since(t1);
    return st;
}

void Session::set_profiling(bool on) {
    s_->runner->set_profiling(on);
}

void Session::assume_cached_for_benchmark(uint32_t n) {
    if (n > s_->runner->capacity())
        throw Error(ErrorKind::ContextOverflow, "more than the context");
    s_->cached.assign(n, 0);
    s_->layout = {};
}

std::vector<Session::KernelTiming> Session::last_step_timings() const {
    std::vector<KernelTiming> out;
    for (const auto& t : s_->runner->last_step_timings()) out.push_back({t.label, t.ms});
    return out;
}

double Session::record_decode_step_ms() const {
    return s_->runner->record_decode_step_ms();
}

uint32_t Session::dispatches_per_decode_step() const {
    return s_->runner->dispatches_per_decode_step();
}

} // namespace glm
