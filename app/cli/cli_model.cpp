#include "cli_model.h"

#include "glm/error.h"

#include <cstdio>

namespace glm::cli {

std::vector<OptionSpec> model_options() {
    return {{"-m", "--model", true, "the GGUF model file"},
            {"-d", "--device", true, "Vulkan device: index or name substring (default: GLM_DEVICE or the best GPU)"},
            {"", "--validation", false, "enable the Vulkan validation layer"}};
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
