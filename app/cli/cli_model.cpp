#include "cli_model.h"

#include "glm/error.h"

#include <algorithm>
#include <cstdio>

namespace glm::cli {

std::vector<OptionSpec> model_options() {
    return {{"-m", "--model", true, "the GGUF model file"},
            {"-d", "--device", true,
             "device: index, 'cpu' (the CPU backend), 'vulkan' or a name substring (default: "
             "GLM_DEVICE, else the best GPU, else the CPU backend)"},
            {"", "--validation", false, "enable the Vulkan validation layer"}};
}

std::vector<OptionSpec> session_options() {
    return {{"", "--context", true, "KV cache size in tokens (default: the model's, at most 4096)"},
            {"", "--kv-cache", true,
             "how the KV cache stores keys and values: f16 (default), q8_0 (about half the "
             "memory, for long contexts), f32"}};
}

SessionOptions session_options_from(const Args& args) {
    SessionOptions so;
    so.context_length = uint32_t(std::max<long long>(args.integer("--context", 0), 0));
    if (auto kv = args.get("--kv-cache")) {
        auto t = kv_cache_type_from_string(*kv);
        if (!t)
            throw Error(ErrorKind::InvalidArgument,
                        "--kv-cache " + *kv + " is not a cache type: use f16, q8_0 or f32");
        so.kv_cache = *t;
    }
    return so;
}

CliModel open_model(const Args& args) {
    auto path = args.get("--model");
    if (!path) throw Error(ErrorKind::InvalidArgument, "-m MODEL.gguf is required");
    CliModel m;
    EngineOptions eo;
    eo.validation = args.has("--validation");
    m.engine = std::make_unique<Engine>(eo);
    m.device = m.engine->open(args.get_or("--device", ""));
    LoadOptions lo;
    const bool tty = stderr_is_terminal();
    int last_pct = -1;
    lo.progress = [&](uint64_t done, uint64_t total) {
        const int pct = total ? int(done * 100 / total) : 100;
        if (!tty || pct == last_pct) return;
        last_pct = pct;
        std::fprintf(stderr, "\rloading %s: %3d%%", path->c_str(), pct);
        if (pct == 100) std::fprintf(stderr, "\r\033[K");
    };
    m.model = Model::load(m.device, *path, lo);
    return m;
}

} // namespace glm::cli
