#include "glm/session.h"

#include "engine_internals.h"
#include "glm/architecture.h"
#include "glm/engine.h"
#include "glm/error.h"
#include "kernels/sample_kernel.h"
#include "models/device_model.h"
#include "models/glm_graph.h"
#include "models/positions.h"
#include "vulkan/device.h"

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
    DeviceModel* dm = nullptr;
    std::unique_ptr<GlmGraph> graph;
    std::unique_ptr<vk::CommandRecorder> pass_rec, aux_rec;
    std::map<uint32_t, std::unique_ptr<vk::CommandRecorder>> decode_recs; // by GraphOutput
    std::vector<int32_t> cached; // ids whose keys/values are in the cache, from index 0
    SequenceLayout layout;
    bool profiling = false;
    std::vector<KernelTiming> timings;

    const ModelConfig& config() const { return dm->config; }

    void check_ids(std::span<const int32_t> ids) const {
        for (int32_t id : ids)
            if (id < 0 || uint32_t(id) >= config().vocab)
                throw Error(ErrorKind::InvalidArgument,
                            "Token id " + std::to_string(id) + " is outside the vocabulary (0.." +
                                std::to_string(config().vocab - 1) + ").");
    }

    void check_room(size_t more) const {
        if (cached.size() + more > graph->capacity())
            throw Error(ErrorKind::ContextOverflow,
                        "The conversation needs " + std::to_string(cached.size() + more) +
                            " tokens but the context holds " + std::to_string(graph->capacity()) +
                            ". Start a new chat, shorten the message, or raise the context length "
                            "in the settings.");
    }

    // Writes ids and positions of a pass of ids[0..n) starting at cache index `past`.
    void write_inputs(std::span<const int32_t> ids, uint32_t past) {
        std::copy(ids.begin(), ids.end(), graph->ids());
        uint32_t* step = graph->step();
        step[0] = past;
        step[1] = uint32_t(ids.size());
        step[2] = layout.prefix;
        step[3] = 0;
        for (uint32_t t = 0; t < ids.size(); ++t) {
            TokenPosition p = position_at(config(), layout, past + t);
            step[4 + 2 * t] = p.pos;
            step[5 + 2 * t] = p.block;
        }
    }

    void begin_sequence_if_empty(std::span<const int32_t> ids) {
        if (cached.empty()) layout = layout_for_prompt(config(), ids);
    }

    // Runs ids through the model in passes; the last pass produces `last_outputs`, earlier
    // passes `each_outputs` (with a callback per pass for the results).
    void run_passes(std::span<const int32_t> ids, uint32_t last_outputs, uint32_t each_outputs,
                    const std::function<void(uint32_t first, uint32_t n)>& after_pass) {
        check_ids(ids);
        check_room(ids.size());
        begin_sequence_if_empty(ids);
        if (config().architecture().mask == MaskKind::PrefixLm && cached.empty() &&
            ids.size() > graph->max_pass_tokens())
            throw Error(ErrorKind::ContextOverflow, "The prompt is longer than the context.");
        const uint32_t step_max = graph->max_pass_tokens();
        for (size_t first = 0; first < ids.size(); first += step_max) {
            const uint32_t n = uint32_t(std::min<size_t>(step_max, ids.size() - first));
            const bool last = first + n == ids.size();
            write_inputs(ids.subspan(first, n), uint32_t(cached.size()));
            if (!pass_rec)
                pass_rec = std::make_unique<vk::CommandRecorder>(dm->kernels->device, profiling);
            pass_rec->begin();
            graph->record_pass(*pass_rec, n, last ? last_outputs : each_outputs, 1);
            pass_rec->end();
            pass_rec->submit_and_wait();
            cached.insert(cached.end(), ids.begin() + long(first), ids.begin() + long(first + n));
            if (after_pass) after_pass(uint32_t(first), n);
        }
    }

    vk::CommandRecorder& decode_recorder(uint32_t output) {
        auto& rec = decode_recs[output];
        if (!rec) {
            // Recorded once, replayed for every token: only the host-side inputs change.
            rec = std::make_unique<vk::CommandRecorder>(dm->kernels->device, profiling);
            rec->begin();
            graph->record_pass(*rec, 1, output, graph->decode_slices());
            rec->end();
        }
        return *rec;
    }

    void decode_step(int32_t id, uint32_t output) {
        check_ids({&id, 1});
        check_room(1);
        if (cached.empty()) throw Error(ErrorKind::InvalidArgument, "decode before any prompt");
        write_inputs({&id, 1}, uint32_t(cached.size()));
        auto& rec = decode_recorder(output);
        rec.submit_and_wait();
        cached.push_back(id);
        if (profiling) {
            timings.clear();
            for (auto& t : rec.kernel_times()) timings.push_back({t.label, t.ms});
        }
    }

    std::vector<float> last_logits() const {
        const float* l = graph->logits();
        return std::vector<float>(l, l + config().vocab);
    }
};

Session::Session(std::shared_ptr<Model> model, const SessionOptions& options)
    : s_(std::make_unique<State>()) {
    if (!model) throw Error(ErrorKind::InvalidArgument, "no model");
    s_->model = std::move(model);
    s_->dm = &ModelInternals::device_model(*s_->model);
    const ModelConfig& c = s_->dm->config;
    uint32_t ctx = options.context_length ? options.context_length
                                          : std::min<uint32_t>(c.context_length, 4096);
    if (ctx > c.context_length)
        throw Error(ErrorKind::InvalidArgument, "The context length " + std::to_string(ctx) +
                                                    " exceeds the model's " +
                                                    std::to_string(c.context_length) + " tokens.");
    s_->graph = std::make_unique<GlmGraph>(*s_->dm, ctx, options.kv_cache, options.pass_chunk);
}

Session::~Session() {
    if (s_ && s_->dm) s_->dm->kernels->device.wait_idle();
}

const Model& Session::model() const {
    return *s_->model;
}
uint32_t Session::context_length() const {
    return s_->graph->capacity();
}
KvCacheType Session::kv_cache_type() const {
    return s_->graph->kv_cache_type();
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
        for (uint32_t r = 0; r < n; r += GlmGraph::kLogitRows) {
            const uint32_t rows = std::min(GlmGraph::kLogitRows, n - r);
            s.pass_rec->begin();
            s.graph->record_logits(*s.pass_rec, r, rows);
            s.pass_rec->end();
            s.pass_rec->submit_and_wait();
            std::copy_n(s.graph->logits(), size_t(rows) * V,
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
    return s_->graph->argmax();
}

std::vector<float> Session::forward_hidden(std::span<const int32_t> ids) {
    if (ids.empty()) throw Error(ErrorKind::InvalidArgument, "no tokens");
    State& s = *s_;
    const uint32_t H = s.config().hidden;
    std::vector<float> out(ids.size() * size_t(H));
    s.run_passes(ids, kOutputHidden, kOutputHidden, [&](uint32_t first, uint32_t n) {
        std::copy_n(s.graph->hidden(), size_t(n) * H, out.begin() + long(size_t(first) * H));
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
    if (prompt.size() >= s.graph->capacity())
        throw Error(ErrorKind::ContextOverflow,
                    "The prompt is " + std::to_string(prompt.size()) +
                        " tokens but the context holds " + std::to_string(s.graph->capacity()) +
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
    float uniform = 0;
    if (output == kOutputSample) {
        seen.assign(s.graph->seen_words(), 0);
        for (int32_t id : prompt) seen[uint32_t(id) >> 5] |= 1u << (uint32_t(id) & 31);
        s.graph->upload_seen(seen);
        DeviceSamplingParams& dp = *s.graph->sampling();
        dp.inv_temperature = sp.greedy() ? 1.0f : 1.0f / sp.temperature;
        dp.top_k = sp.greedy() ? 1u : uint32_t(sp.top_k);
        dp.top_p = sp.greedy() ? 1.0f : sp.top_p;
        dp.penalty = sp.repetition_penalty;
        dp.vocab = vocab;
        dp.history_bits = 1;
    }
    auto next_random = [&] {
        uniform = sp.greedy() ? 0.0f : sampler.next_uniform();
        if (output == kOutputSample) s.graph->sampling()->random = uniform;
    };
    // The id a pass left for us, with the host fallbacks (flat distribution, NaN logits).
    auto take_token = [&]() -> int32_t {
        int32_t id = s.graph->argmax();
        if (output == kOutputSample && uint32_t(id) == SampleKernel::kNeedHost) {
            if (!s.aux_rec)
                s.aux_rec = std::make_unique<vk::CommandRecorder>(s.dm->kernels->device);
            s.aux_rec->begin();
            s.graph->record_logits_readback(*s.aux_rec);
            s.aux_rec->end();
            s.aux_rec->submit_and_wait();
            auto logits = s.last_logits(); // already penalised on the device
            logits.resize(vocab);
            if (has_nan(logits)) throw_invalid_output();
            id = sampler.pick(logits, uniform);
            seen[uint32_t(id) >> 5] |= 1u << (uint32_t(id) & 31);
            s.graph->set_seen_word(uint32_t(id) >> 5, seen[uint32_t(id) >> 5]);
        } else if (output == kOutputSample && id >= 0 && uint32_t(id) < c.vocab) {
            seen[uint32_t(id) >> 5] |= 1u << (uint32_t(id) & 31);
        }
        if (id < 0 || uint32_t(id) >= c.vocab) throw_invalid_output(); // every logit was NaN
        return id;
    };

    auto t0 = std::chrono::steady_clock::now();
    next_random();
    s.run_passes(prompt.subspan(reuse), output, kOutputNone, nullptr);
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
        if (s.cached.size() >= s.graph->capacity()) {
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
    if (on == s_->profiling) return;
    s_->profiling = on;
    s_->pass_rec.reset();
    s_->decode_recs.clear();
}

void Session::assume_cached_for_benchmark(uint32_t n) {
    if (n > s_->graph->capacity()) throw Error(ErrorKind::ContextOverflow, "more than the context");
    s_->cached.assign(n, 0);
    s_->layout = {};
}

std::vector<Session::KernelTiming> Session::last_step_timings() const {
    return s_->timings;
}

double Session::record_decode_step_ms() const {
    vk::CommandRecorder rec(s_->dm->kernels->device, false);
    const auto t0 = std::chrono::steady_clock::now();
    rec.begin();
    s_->graph->record_pass(rec, 1, kOutputArgmax, s_->graph->decode_slices());
    rec.end();
    return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
}

uint32_t Session::dispatches_per_decode_step() const {
    uint32_t n = 0;
    for (const auto& [output, rec] : s_->decode_recs) n = std::max(n, rec->dispatch_count());
    return n;
}

} // namespace glm
