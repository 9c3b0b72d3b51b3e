// glm-cli convert: a Hugging Face checkpoint folder -> one GGUF model file.
#include "cli.h"
#include "glm/convert.h"
#include "glm/error.h"

#include <atomic>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <filesystem>
#include <vector>

namespace glm::cli {
namespace {

namespace fs = std::filesystem;

std::atomic<bool> g_interrupted{false};
extern "C" void on_interrupt(int) {
    g_interrupted.store(true);
}

std::string gb(uint64_t bytes) {
    char s[32];
    if (bytes >= 1000000000)
        std::snprintf(s, sizeof s, "%.2f GB", double(bytes) / 1e9);
    else
        std::snprintf(s, sizeof s, "%.1f MB", double(bytes) / 1e6);
    return s;
}

// A \r-redrawn bar on a terminal, a plain line every 10% otherwise (logs, pipes).
class ProgressPrinter {
public:
    explicit ProgressPrinter(bool terminal)
        : terminal_(terminal), start_(std::chrono::steady_clock::now()) {}
    void update(uint64_t done, uint64_t total) {
        const double seconds =
            std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
        const int percent = total ? int(done * 100 / total) : 100;
        const double rate = seconds > 0 ? double(done) / seconds / 1e6 : 0;
        if (terminal_) {
            if (seconds - last_draw_ < 0.1 && done != total) return;
            last_draw_ = seconds;
            const int width = 30, filled = percent * width / 100;
            std::printf("\r%3d%% [%s%s] %s / %s  %.0f MB/s ", percent,
                        std::string(size_t(filled), '#').c_str(),
                        std::string(size_t(width - filled), '-').c_str(), gb(done).c_str(),
                        gb(total).c_str(), rate);
            std::fflush(stdout);
        } else if (percent / 10 > last_tenth_) {
            last_tenth_ = percent / 10;
            std::printf("converting: %d%% (%s of %s read, %.0f MB/s)\n", percent, gb(done).c_str(),
                        gb(total).c_str(), rate);
            std::fflush(stdout);
        }
    }
    void end() {
        if (terminal_) std::printf("\n");
    }

private:
    bool terminal_;
    std::chrono::steady_clock::time_point start_;
    double last_draw_ = -1;
    int last_tenth_ = 0;
};

int run(const Args& args) {
    if (args.positional().size() != 1)
        return fail("usage: glm-cli convert HF_DIR -o OUT.gguf [--type q4_0]", 2);
    const fs::path input = args.positional()[0];
    const auto out = args.get("--output");
    if (!out) return fail("missing -o OUT.gguf", 2);
    const fs::path output = *out;
    ConvertOptions options;
    const std::string type_name = args.get_or("--type", "q4_0");
    const auto type = tensor_type_from_string(type_name);
    if (!type || !is_supported(*type))
        return fail("--type must be q4_0, q8_0, f16 or f32, not '" + type_name + "'", 2);
    options.type = *type;
    if (auto e = args.get("--embedding-type")) {
        const auto et = tensor_type_from_string(*e);
        if (!et || !is_supported(*et))
            return fail("--embedding-type must be q4_0, q8_0, f16 or f32", 2);
        options.embedding_type = *et;
    }
    if (auto g = args.get("--generation")) {
        const long long n = args.integer("--generation", 0);
        if (n < 1 || n > 4) return fail("--generation must be 1, 2, 3 or 4, not '" + *g + "'", 2);
        options.generation = Generation(uint32_t(n));
    }
    std::error_code ec;
    if (fs::exists(output, ec) && !args.has("--force"))
        return fail(output.string() + " already exists; pass --force to replace it.", 2);

    ProgressPrinter progress(stdout_is_terminal());
    options.progress = [&](uint64_t done, uint64_t total) { progress.update(done, total); };
    options.warning = [](const std::string& w) {
        std::fprintf(stderr, "warning: %s\n", w.c_str());
    };
    options.cancel = &g_interrupted;
    // Ctrl-C, and what `timeout`, `kill` and a desktop logout send: stop and remove OUT.partial.
    const int stop_signals[] = {SIGINT, SIGTERM, SIGHUP};
    std::vector<void (*)(int)> previous;
    for (int s : stop_signals) {
        previous.push_back(std::signal(s, on_interrupt));
        if (previous.back() == SIG_IGN) std::signal(s, SIG_IGN); // nohup: stays ignored
    }
    auto restore = [&] {
        for (size_t i = 0; i < previous.size(); ++i) std::signal(stop_signals[i], previous[i]);
    };
    try {
        const ConvertResult r = convert_checkpoint(input, output, options);
        restore();
        progress.end();
        std::printf("wrote %s: %s in %.1f s (%s of input, %.0f MB/s)\n", r.output.string().c_str(),
                    gb(r.output_bytes).c_str(), r.seconds, gb(r.input_bytes).c_str(),
                    r.seconds > 0 ? double(r.input_bytes) / r.seconds / 1e6 : 0.0);
        return 0;
    } catch (...) {
        restore();
        progress.end();
        throw;
    }
}

Registrar
    reg({"convert",
         "convert a Hugging Face checkpoint folder into a GGUF model file",
         "HF_DIR -o OUT.gguf [--type q4_0|q8_0|f16|f32] [--embedding-type T] [--generation N] "
         "[--force]",
         {{"-o", "--output", true, "the GGUF file to write (written as OUT.partial, then renamed)"},
          {"-t", "--type", true, "type of the attention and FFN weights (default q4_0)"},
          {"", "--embedding-type", true,
           "type of the token embedding and output head (default q8_0 for "
           "quantized types, else --type)"},
          {"", "--generation", true,
           "1..4: override the detected GLM generation (ChatGLM2 vs ChatGLM3)"},
          {"-f", "--force", false, "replace OUT.gguf if it exists"}},
         run});

} // namespace
} // namespace glm::cli
