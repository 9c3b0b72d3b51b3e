// glm-cli bench: prefill and decode speed of a model file or of a random model of a real shape.
#include "cli.h"
#include "cli_model.h"
#include "glm/bench.h"
#include "glm/error.h"

#include <cstdio>
#include <nlohmann/json.hpp>
#include <sstream>

namespace glm::cli {
namespace {

int run(const Args& args) {
    const bool json = args.has("--json");
    ModelBenchOptions o; // read first: a typo fails before a model is made
    o.prefill_tokens = parse_count_list("--prefill", args.get_or("--prefill", "128,512"));
    o.decode_contexts = parse_count_list("--contexts", args.get_or("--contexts", "128,1024"));
    o.decode_steps = uint32_t(args.integer("--steps", 16));
    o.prefill_runs = int(args.integer("--runs", 3));
    o.context = uint32_t(args.integer("--context", 0));
    o.pass_chunk = uint32_t(args.integer("--pass-chunk", 0));
    if (auto kv = args.get("--kv-cache")) {
        auto t = kv_cache_type_from_string(*kv);
        if (!t) return fail("unknown --kv-cache " + *kv + " (f16, q8_0, f32)", 2);
        o.kv_cache = *t;
    }
    CliModel m;
    uint32_t full_layers = 0; // of the named shape, when --layers made the random model smaller
    if (args.has("--model")) {
        m = open_model(args);
    } else {
        ModelConfig c;
        const std::string shape = args.get_or("--shape", "chatglm-6b");
        if (!named_config(shape, c))
            return fail(
                "unknown shape " + shape + " (chatglm-6b, chatglm2-6b, chatglm3-6b, glm-4-9b)", 2);
        full_layers = c.layers;
        if (args.has("--layers")) {
            const long long layers = args.integer("--layers", 0);
            if (layers < 1 || layers > c.layers)
                return fail("--layers must be between 1 and " + std::to_string(c.layers), 2);
            c.layers = uint32_t(layers);
        }
        auto type = tensor_type_from_string(args.get_or("--type", "q4_0"));
        auto emb = tensor_type_from_string(args.get_or("--embedding-type", "q8_0"));
        if (!type || !is_supported(*type) || !emb || !is_supported(*emb))
            return fail("unsupported --type", 2);
        EngineOptions eo;
        eo.validation = args.has("--validation");
        m.engine = std::make_unique<Engine>(eo);
        m.device = m.engine->open(args.get_or("--device", ""));
        if (!json)
            std::fprintf(stderr, "making a random %s model (%u layers, %s) on the device...\n",
                         shape.c_str(), c.layers, to_string(*type));
        m.model = random_model(m.device, c, *type, *emb);
    }
    const bool tty = stderr_is_terminal();
    auto r = bench_model(m.model, o, [&](const std::string& s) {
        if (!tty) // a log: one line per step (on stderr, apart from the results)
            std::fprintf(stderr, "%s...\n", s.c_str());
        else if (!json)
            std::fprintf(stderr, "\r\033[K%s...", s.c_str());
    });
    if (tty && !json) std::fprintf(stderr, "\r\033[K");
    const ModelConfig& c = m.model->config();
    if (json) {
        nlohmann::json j;
        j["device"] = r.device;
        j["model"] = {{"generation", to_string(c.generation)},
                      {"layers", c.layers},
                      {"weight_type", to_string(m.model->weight_type())},
                      {"embedding_type", to_string(m.model->embedding_type())}};
        j["copy_gbs"] = r.copy_gbs;
        if (r.read_gbs > 0) j["read_gbs"] = r.read_gbs;
        if (r.int8_peak_gops > 0)
            j["cpu_peak"] = {{"int8_gops", r.int8_peak_gops}, {"instruction", r.peak_instruction}};
        j["weight_bytes"] = r.weight_bytes;
        j["bytes_per_token"] = r.bytes_per_token;
        j["peak_device_bytes"] = r.peak_device_bytes;
        j["memory"] = {{"context", r.capacity},
                       {"weights", r.weight_bytes},
                       {"layer_weights", r.layer_weight_bytes},
                       {"kv_cache", r.kv_cache_bytes},
                       {"scratch", r.scratch_bytes}};
        j["skipped_contexts"] = r.skipped_contexts;
        j["dispatches_per_decode_step"] = r.dispatches_per_step;
        j["time_to_first_token_ms"] = r.time_to_first_token_ms;
        j["record_decode_step_ms"] = r.record_ms;
        j["decode_host_sampling_ms"] = r.host_sampling_ms;
        j["decode_device_sampling_ms"] = r.device_sampling_ms;
        for (auto& p : r.prefill)
            j["prefill"].push_back({{"tokens", p.tokens},
                                    {"ms", p.ms},
                                    {"tokens_per_second", p.tokens_per_second},
                                    {"gops", p.gops}});
        for (auto& d : r.decode)
            j["decode"].push_back({{"context", d.context},
                                   {"ms_per_token", d.ms_per_token},
                                   {"tokens_per_second", d.tokens_per_second},
                                   {"weight_gbs", d.weight_gbs},
                                   {"fraction_of_copy", d.fraction_of_copy},
                                   {"floor_ms", d.floor_ms},
                                   {"memcpy_floor_ms", d.memcpy_floor_ms},
                                   {"read_floor_ms", d.read_floor_ms}});
        for (auto& k : r.kernels)
            j["kernels"].push_back(
                {{"kernel", k.label}, {"calls", k.calls}, {"ms", k.ms}, {"gbs", k.gbs}});
        std::printf("%s\n", j.dump(2).c_str());
        return 0;
    }
    std::printf("device: %s\nmodel: %s, %u layers, %s (embedding/head %s)\n", r.device.c_str(),
                to_string(c.generation), c.layers, to_string(m.model->weight_type()),
                to_string(m.model->embedding_type()));
    std::printf("weights on device %s; read per decoded token %s; peak device memory %s\n",
                format_bytes(r.weight_bytes).c_str(), format_bytes(r.bytes_per_token).c_str(),
                format_bytes(r.peak_device_bytes).c_str());
    std::printf("device memory in buffers at a %u-token context: weights %s + %s KV cache %s + "
                "scratch %s = %s\n",
                r.capacity, format_bytes(r.weight_bytes).c_str(), to_string(o.kv_cache),
                format_bytes(r.kv_cache_bytes).c_str(), format_bytes(r.scratch_bytes).c_str(),
                format_bytes(r.weight_bytes + r.kv_cache_bytes + r.scratch_bytes).c_str());
    if (full_layers > c.layers) {
        // The same shape with all its layers: layer weights and KV cache scale with the layer
        // count; the rest (embedding, head, scratch) was measured as is.
        const double scale = double(full_layers) / c.layers;
        const auto weights = uint64_t(r.weight_bytes + (scale - 1) * double(r.layer_weight_bytes));
        const auto kv = uint64_t(scale * double(r.kv_cache_bytes));
        std::printf("the same with all %u layers: weights %s + KV cache %s + scratch %s = %s "
                    "(%.2f GB)\n",
                    full_layers, format_bytes(weights).c_str(), format_bytes(kv).c_str(),
                    format_bytes(r.scratch_bytes).c_str(),
                    format_bytes(weights + kv + r.scratch_bytes).c_str(),
                    double(weights + kv + r.scratch_bytes) / 1e9);
    }
    for (uint32_t ctx : r.skipped_contexts)
        std::printf("decode at context %u skipped: it does not fit the %u-token context\n", ctx,
                    r.capacity);
    if (r.read_gbs > 0) { // the CPU backend: RAM and the cores
        std::printf("memory: memcpy %.1f GB/s copied (%.1f GB/s read+write), reading alone %.1f "
                    "GB/s\n",
                    r.copy_gbs / 2, r.copy_gbs, r.read_gbs);
        if (r.int8_peak_gops > 0)
            std::printf("cores' peak: %.1f GOPS of 8-bit dot products (%s, every thread)\n",
                        r.int8_peak_gops, r.peak_instruction.c_str());
        std::printf("\n");
    } else {
        std::printf("copy bandwidth (read+write) %.1f GB/s; %u dispatches per decode step\n\n",
                    r.copy_gbs, r.dispatches_per_step);
    }
    for (auto& p : r.prefill) {
        std::printf("prefill %5u tokens: %9.1f ms  %8.1f tokens/s  %7.1f GOPS (layer matrices)",
                    p.tokens, p.ms, p.tokens_per_second, p.gops);
        if (r.int8_peak_gops > 0) std::printf(" = %.0f%% of peak", 100 * p.gops / r.int8_peak_gops);
        std::printf("\n");
    }
    std::printf("time to first token (%u-token prompt): %.1f ms\n",
                o.prefill_tokens.empty() ? 0 : o.prefill_tokens[0], r.time_to_first_token_ms);
    for (auto& d : r.decode) {
        if (r.read_gbs > 0)
            std::printf("decode at context %5u: %8.2f ms/token  %7.2f tokens/s  weights %7.2f "
                        "GB/s; floor %.2f ms by memcpy (%.2fx), %.2f ms by reading (%.2fx)\n",
                        d.context, d.ms_per_token, d.tokens_per_second, d.weight_gbs,
                        d.memcpy_floor_ms, d.ms_per_token / d.memcpy_floor_ms, d.read_floor_ms,
                        d.ms_per_token / d.read_floor_ms);
        else
            std::printf("decode at context %5u: %8.2f ms/token  %7.2f tokens/s  weights %7.2f "
                        "GB/s = %5.1f%% of copy (floor %.2f ms)\n",
                        d.context, d.ms_per_token, d.tokens_per_second, d.weight_gbs,
                        100 * d.fraction_of_copy, d.floor_ms);
    }
    if (!r.decode.empty() && r.dispatches_per_step > 0) // the Vulkan engine's recorded step
        std::printf("\nfast path at context %u: recording a decode step takes %.3f ms on the host "
                    "(saved per token by\n"
                    "replaying it); greedy step with all logits read back and picked on the host "
                    "%.2f ms, on the device %.2f ms\n",
                    r.decode[0].context, r.record_ms, r.host_sampling_ms, r.device_sampling_ms);
    if (!r.kernels.empty()) {
        std::printf("\nper decode step (GPU timestamps, context %u):\n%-14s %6s %10s %10s\n",
                    r.decode.empty() ? 0 : r.decode[0].context, "kernel", "calls", "ms", "GB/s");
        for (auto& k : r.kernels)
            std::printf("%-14s %6u %10.3f %10s\n", k.label.c_str(), k.calls, k.ms,
                        k.gbs > 0 ? std::to_string(k.gbs).substr(0, 6).c_str() : "");
    }
    return 0;
}

std::vector<OptionSpec> options() {
    auto o = model_options();
    o.push_back(
        {"", "--shape", true,
         "random model of a real shape: chatglm-6b (default), chatglm2-6b, chatglm3-6b, glm-4-9b"});
    o.push_back(
        {"", "--layers", true, "layers of the random model (keep it small on slow devices)"});
    o.push_back({"", "--type", true, "weight type of the random model (default q4_0)"});
    o.push_back(
        {"", "--embedding-type", true, "embedding/head type of the random model (default q8_0)"});
    o.push_back({"", "--prefill", true, "prompt lengths to time (default 128,512)"});
    o.push_back({"", "--contexts", true, "contexts to decode at (default 128,1024)"});
    o.push_back({"", "--steps", true, "timed decode steps per context (default 16)"});
    o.push_back({"", "--runs", true, "prefill runs, median reported (default 3)"});
    o.push_back({"", "--kv-cache", true, "KV cache type: f16 (default), q8_0, f32"});
    o.push_back({"", "--pass-chunk", true,
                 "tokens of a pass computed at a time (default 256; memory against speed)"});
    o.push_back({"", "--context", true,
                 "context of the session, for the memory report (default: what the sizes need)"});
    o.push_back({"", "--json", false, "machine-readable output"});
    return o;
}

Registrar reg({"bench", "measure prefill and decode speed and the weight bandwidth of decoding",
               "[-m MODEL | --shape chatglm-6b --layers N --type q4_0] [--prefill 128,512] "
               "[--contexts 128,1024] [--json]",
               options(), run});

} // namespace
} // namespace glm::cli
