// glm-cli bench-kernels: matrix kernels at ChatGLM-6B's shapes and decode attention, against the
// device's own copy bandwidth measured in the same run.
#include "cli.h"
#include "glm/bench_kernels.h"
#include "glm/engine.h"
#include "glm/error.h"

#include <cstdio>
#include <cstdlib>
#include <nlohmann/json.hpp>
#include <sstream>

namespace glm::cli {
namespace {

std::vector<std::string> split(const std::string& s) {
    std::vector<std::string> out;
    std::stringstream ss(s);
    for (std::string item; std::getline(ss, item, ',');)
        if (!item.empty()) out.push_back(item);
    return out;
}

int run(const Args& args) {
    const bool json = args.has("--json");
    std::vector<TensorType> types;
    for (const auto& t : split(args.get_or("--types", "q4_0,q8_0,f16"))) {
        auto tt = tensor_type_from_string(t);
        if (!tt || !is_supported(*tt)) return fail("unknown type " + t, 2);
        types.push_back(*tt);
    }
    const std::vector<uint32_t> tokens =
        parse_count_list("--tokens", args.get_or("--tokens", "1,512"));
    const std::vector<uint32_t> attention =
        parse_count_list("--attention", args.get_or("--attention", "512,2048"));
    std::vector<std::string> only = split(args.get_or("--shapes", ""));
    std::vector<MatmulShape> shapes;
    std::string known;
    for (const auto& s : chatglm6b_matmul_shapes()) {
        known += (known.empty() ? "" : ", ") + s.name;
        if (only.empty() || std::find(only.begin(), only.end(), s.name) != only.end())
            shapes.push_back(s);
    }
    for (const auto& name : only) {
        bool found = false;
        for (const auto& s : shapes) found = found || s.name == name;
        if (!found)
            return fail("--shapes: no shape named '" + name + "'; the shapes are " + known, 2);
    }
    const int runs = int(args.integer("--runs", 9));

    EngineOptions eo;
    eo.validation = args.has("--validation");
    Engine engine(eo);
    // The Vulkan kernels: the best Vulkan device unless told (a CPU driver such as lavapipe too).
    auto gpu = engine.open(args.get_or("--device", "vulkan"));
    ComputeDevice& dev = *gpu;
    // GLM_COPY_BENCH_BYTES shrinks the copy test (instruction-count profiling under valgrind).
    const char* copy_env = std::getenv("GLM_COPY_BENCH_BYTES");
    const double copy =
        copy_bandwidth_gbs(dev, copy_env ? std::strtoull(copy_env, nullptr, 10) : (256ull << 20));
    if (!json) {
        std::printf("device: %s\ncopy bandwidth (read+write): %.1f GB/s\n\n",
                    gpu->info().name.c_str(), copy);
        std::printf("%-26s %-6s %6s %10s %10s %9s %8s\n", "kernel", "type", "tokens", "ms", "GB/s",
                    "GFLOP/s", "of copy");
    }
    nlohmann::json rows = nlohmann::json::array();
    auto emit = [&](const KernelBenchResult& r) {
        if (json) {
            rows.push_back({{"kernel", r.kernel},
                            {"type", r.type},
                            {"tokens", r.tokens},
                            {"ms", r.ms},
                            {"weight_gbs", r.weight_gbs},
                            {"gflops", r.gflops},
                            {"fraction_of_copy", copy > 0 ? r.weight_gbs / copy : 0},
                            {"note", r.note}});
        } else if (!r.note.empty()) {
            std::printf("%-26s %-6s %6llu   %s\n", r.kernel.c_str(), r.type.c_str(),
                        (unsigned long long)r.tokens, r.note.c_str());
        } else {
            std::printf("%-26s %-6s %6llu %10.3f %10.2f %9.2f %7.1f%%\n", r.kernel.c_str(),
                        r.type.c_str(), (unsigned long long)r.tokens, r.ms, r.weight_gbs, r.gflops,
                        copy > 0 ? 100.0 * r.weight_gbs / copy : 0);
        }
        std::fflush(stdout);
    };
    bench_matmul(dev, shapes, types, tokens, runs, emit);
    for (uint32_t c : attention)
        for (KvCacheType kv : {KvCacheType::F16, KvCacheType::Q8_0})
            emit(bench_attention_decode(dev, c, kv, runs));
    if (json) {
        nlohmann::json out = {{"device", gpu->info().name}, {"copy_gbs", copy}, {"results", rows}};
        std::printf("%s\n", out.dump(2).c_str());
    }
    return 0;
}

Registrar reg({"bench-kernels",
               "time the matrix and attention kernels at ChatGLM-6B's real shapes",
               "[--types q4_0,q8_0,f16] [--tokens 1,512] [--shapes qkv,ffn_up,...] [--attention "
               "512,2048] [--runs N] [--json]",
               {{"", "--types", true, "weight types (default q4_0,q8_0,f16)"},
                {"", "--tokens", true, "token counts per pass (default 1,512)"},
                {"", "--shapes", true, "subset of qkv,attn_out,ffn_up,ffn_down,lm_head"},
                {"", "--attention", true,
                 "decode attention context lengths (default 512,2048; empty to skip)"},
                {"", "--runs", true, "timed runs per kernel, median reported (default 9)"},
                {"-d", "--device", true, "Vulkan device"},
                {"", "--validation", false, "enable the Vulkan validation layer"},
                {"", "--json", false, "machine-readable output"}},
               run});

} // namespace
} // namespace glm::cli
