#include "bench_util.h"
#include "cpu/cpu_device.h"
#include "cpu/cpu_model.h"
#include "cpu_peak.h"
#include "engine_internals.h"
#include "glm/architecture.h"
#include "glm/bench.h"
#include "glm/engine.h"
#include "glm/error.h"
#include "glm/session.h"
#include "models/device_model.h"
#include "vulkan/device.h"

#include <algorithm>
#include <chrono>
#include <map>

namespace glm {

bool named_config(const std::string& name, ModelConfig& c) {
    c = ModelConfig{};
    c.hidden = 4096;
    c.heads = 32;
    c.head_dim = 128;
    c.rope_dims = 64;
    c.norm_eps = 1e-5f;
    if (name == "chatglm-6b") {
        c.generation = Generation::Glm1;
        c.layers = 28;
        c.kv_heads = 32;
        c.ffn = 16384;
        c.vocab = 130528;
        c.context_length = 2048;
        c.tied_head = true;
        c.mask_id = 130000;
        c.gmask_id = 130001;
        c.bos_id = 130004;
        c.eos_ids = {130005};
        c.pad_id = 3;
        return true;
    }
    if (name == "chatglm2-6b" || name == "chatglm3-6b" || name == "glm-4-9b") {
        const bool g4 = name == "glm-4-9b";
        c.generation = g4                      ? Generation::Glm4
                       : name == "chatglm3-6b" ? Generation::Glm3
                                               : Generation::Glm2;
        c.layers = g4 ? 40 : 28;
        c.kv_heads = 2;
        c.ffn = 13696;
        c.vocab = g4 ? 151552 : 65024;
        c.context_length = g4 ? 131072 : name == "chatglm2-6b" ? 32768 : 8192;
        c.rope_base = g4 ? 5e6f : 10000.0f;
        c.norm_eps = g4 ? 1.5625e-7f : 1e-5f;
        c.tied_head = false;
        c.gmask_id = g4 ? 151331 : 64790;
        c.bos_id = g4 ? 151333 : 64792;
        c.eos_ids = g4 ? std::vector<int32_t>{151329, 151336, 151338} : std::vector<int32_t>{2};
        return true;
    }
    return false;
}

namespace {

// A prompt of n tokens the model accepts, for any vocabulary size: ordinary ids (never a special
// token the file declares, which could end the sequence or misplace GLM1's blank), framed as
// the tokenizer frames a prompt: [gMASK] <sop> first (GLM2+), or last (GLM1, which needs them).
std::vector<int32_t> bench_prompt(const ModelConfig& c, uint32_t n) {
    std::vector<int32_t> special = {c.mask_id, c.gmask_id, c.bos_id, c.pad_id};
    special.insert(special.end(), c.eos_ids.begin(), c.eos_ids.end());
    const int32_t mask = c.gmask_id >= 0 ? c.gmask_id : c.mask_id;
    std::vector<int32_t> frame;
    if (mask >= 0 && c.bos_id >= 0) frame = {mask, c.bos_id};
    const bool prefix_lm = c.architecture().mask == MaskKind::PrefixLm;
    if (prefix_lm) n = std::max<uint32_t>(n, uint32_t(frame.size()));
    if (frame.size() > n) frame.clear();
    const uint32_t span = std::min<uint32_t>(c.vocab, 60000u);
    std::vector<int32_t> ids;
    ids.reserve(n);
    if (!prefix_lm) ids = frame;
    for (uint32_t i = 0; ids.size() + (prefix_lm ? frame.size() : 0) < n; ++i) {
        const int32_t id = int32_t((i * 7919u + 17u) % span);
        if (std::find(special.begin(), special.end(), id) == special.end()) ids.push_back(id);
    }
    if (prefix_lm) ids.insert(ids.end(), frame.begin(), frame.end());
    return ids;
}

double ms_since(std::chrono::steady_clock::time_point t0) {
    return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
}

} // namespace

ModelBenchReport bench_model(const std::shared_ptr<Model>& model, const ModelBenchOptions& o,
                             const std::function<void(const std::string&)>& progress) {
    auto say = [&](const std::string& s) {
        if (progress) progress(s);
    };
    ModelBenchReport r;
    const ModelConfig& c = model->config();
    r.device = model->device().info().name;
    say("measuring copy bandwidth");
    // Bytes of weights one decode step reads: every layer matrix and the LM head (the embedding
    // lookup reads one row; norms and biases are included, they are tiny).
    std::map<std::string, uint64_t> label_bytes;
    auto count_weights = [&](const auto& weights, auto bytes_of, uint64_t final_norm_bytes) {
        for (const auto& l : weights.layers) {
            label_bytes["qkv"] += bytes_of(l.qkv);
            label_bytes["attn_out"] += bytes_of(l.attn_out);
            label_bytes["ffn_up"] += bytes_of(l.ffn_up);
            label_bytes["ffn_down"] += bytes_of(l.ffn_down);
        }
        label_bytes["lm_head"] = bytes_of(weights.lm_head());
        r.weight_bytes = weights.weight_bytes();
        r.layer_weight_bytes = r.weight_bytes - bytes_of(weights.embedding) -
                               bytes_of(weights.output) - final_norm_bytes;
    };
    vk::Device* dev = nullptr;
    if (cpu::CpuModel* cm = ModelInternals::cpu_model(*model)) {
        r.copy_gbs = cpu_copy_bandwidth_gbs(cm->device->pool, 512ull << 20);
        r.read_gbs = cpu_read_bandwidth_gbs(cm->device->pool, 1ull << 30);
        say("measuring the cores' peak");
        const CpuPeak peak = measure_cpu_peak(cm->device->pool, cpu::active_isa());
        r.int8_peak_gops = peak.int8_gops;
        r.peak_instruction = peak.instruction;
        count_weights(
            *cm, [](const cpu::Matrix& m) { return m.size; },
            (cm->final_norm.size() + cm->final_norm_bias.size()) * 4);
    } else {
        DeviceModel& dm = ModelInternals::device_model(*model);
        dev = &dm.kernels->device;
        r.copy_gbs = copy_bandwidth_gbs(*dev, 256ull << 20);
        count_weights(
            dm, [](const DeviceMatrix& m) { return m.device_bytes(); },
            (dm.final_norm.size + dm.final_norm_bias.size) * 4);
    }
    for (const auto& [k, v] : label_bytes) r.bytes_per_token += v;
    // Device memory in use (0 on the CPU backend, whose memory is the process's).
    auto device_bytes = [&] { return dev ? dev->allocator().stats().device_local_in_buffers : 0; };

    uint32_t capacity = 64;
    for (uint32_t t : o.prefill_tokens) capacity = std::max(capacity, t + 2);
    for (uint32_t t : o.decode_contexts)
        capacity = std::max(capacity, t + 2 * (o.decode_steps + 2) + 4);
    if (o.context) capacity = o.context;
    capacity = std::min(capacity, c.context_length);
    const uint64_t before_session = device_bytes();
    Session session(model, SessionOptions{capacity, o.kv_cache, o.pass_chunk});
    r.capacity = capacity;
    r.kv_cache_bytes =
        uint64_t(c.layers) * 2 * c.kv_heads * capacity * kv_cache_row_bytes(o.kv_cache, c.head_dim);
    if (dev) r.scratch_bytes = device_bytes() - before_session - r.kv_cache_bytes;

    for (uint32_t t : o.prefill_tokens) {
        if (t > capacity) continue;
        const auto prompt = bench_prompt(c, t);
        // The first pass of a size builds pipelines and touches fresh memory: not timed, so that
        // one run (--runs 1) measures the same thing as the median of several.
        say("warm-up prefill " + std::to_string(t) + " tokens");
        session.reset();
        session.prefill(prompt);
        std::vector<double> times;
        for (int i = 0; i < std::max(1, o.prefill_runs); ++i) {
            say("prefill " + std::to_string(t) + " tokens, run " + std::to_string(i + 1));
            session.reset();
            const auto t0 = std::chrono::steady_clock::now();
            session.prefill(prompt);
            times.push_back(ms_since(t0));
        }
        const double ms = median(times);
        // The layer matrices' multiply-adds (attention and the one-row head are left out).
        const double macs = double(c.layers) * double(c.hidden) *
                            double(qkv_rows(c) + q_width(c) + ffn_up_rows(c) + uint64_t(c.ffn));
        r.prefill.push_back({t, ms, t * 1000.0 / ms, 2 * macs * t / (ms * 1e6)});
    }
    if (!o.prefill_tokens.empty() && o.prefill_tokens[0] <= capacity) {
        say("time to first token");
        session.reset();
        GenerateParams gp;
        gp.sampling.temperature = 0;
        gp.max_new_tokens = 1;
        gp.stop_ids = {-1};
        auto st = session.generate(bench_prompt(c, o.prefill_tokens[0]), gp, [](int32_t) {});
        r.time_to_first_token_ms = st.time_to_first_token_ms;
    }

    bool first_context = true;
    for (uint32_t ctx : o.decode_contexts) {
        if (ctx + o.decode_steps + 2 > capacity) {
            r.skipped_contexts.push_back(ctx);
            continue;
        }
        say("decode at context " + std::to_string(ctx));
        session.reset();
        session.assume_cached_for_benchmark(ctx);
        session.set_profiling(first_context);
        std::vector<double> steps;
        std::map<std::string, std::pair<uint32_t, double>> per_label;
        int32_t id = 1000 % int32_t(c.vocab);
        for (uint32_t i = 0; i < o.decode_steps + 2; ++i) {
            const auto t0 = std::chrono::steady_clock::now();
            id = session.decode_greedy(id);
            const double ms = ms_since(t0);
            if (i < 2) continue; // warm-up
            steps.push_back(ms);
            if (first_context)
                for (const auto& k : session.last_step_timings()) {
                    auto& e = per_label[k.label];
                    ++e.first;
                    e.second += k.ms;
                }
        }
        ModelBenchReport::Decode d;
        d.context = ctx;
        d.ms_per_token = median(steps);
        d.tokens_per_second = 1000.0 / d.ms_per_token;
        d.weight_gbs = double(r.bytes_per_token) / (d.ms_per_token * 1e6);
        d.fraction_of_copy = r.copy_gbs > 0 ? d.weight_gbs / r.copy_gbs : 0;
        d.floor_ms = r.copy_gbs > 0 ? double(r.bytes_per_token) / (r.copy_gbs * 1e6) : 0;
        if (r.read_gbs > 0) {
            d.memcpy_floor_ms = 2 * d.floor_ms;
            d.read_floor_ms = double(r.bytes_per_token) / (r.read_gbs * 1e6);
        }
        r.decode.push_back(d);
        if (first_context) {
            r.device_sampling_ms = d.ms_per_token;
            std::vector<double> host_steps, records;
            for (uint32_t i = 0; i < o.decode_steps + 2; ++i) {
                const auto t0 = std::chrono::steady_clock::now();
                const auto logits = session.decode(id);
                id = int32_t(std::max_element(logits.begin(), logits.end()) - logits.begin());
                if (i >= 2) host_steps.push_back(ms_since(t0));
            }
            for (int i = 0; i < 5; ++i) records.push_back(session.record_decode_step_ms());
            r.host_sampling_ms = median(host_steps);
            r.record_ms = median(records);
            r.dispatches_per_step = session.dispatches_per_decode_step();
            const double n = double(steps.size());
            for (const auto& [label, e] : per_label) {
                ModelBenchReport::Kernel k{label, uint32_t(e.first / n + 0.5), e.second / n, 0};
                if (label_bytes.count(label)) k.gbs = double(label_bytes[label]) / (k.ms * 1e6);
                r.kernels.push_back(k);
            }
            std::sort(r.kernels.begin(), r.kernels.end(),
                      [](auto& a, auto& b) { return a.ms > b.ms; });
            session.set_profiling(false);
        }
        first_context = false;
    }
    if (dev) r.peak_device_bytes = dev->allocator().stats().device_local_peak;
    return r;
}

} // namespace glm
