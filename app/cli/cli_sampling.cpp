#include "cli_sampling.h"

#include <cmath>
#include <cstdio>
#include <stdexcept>

namespace glm::cli {

std::vector<OptionSpec> sampling_options() {
    return {
        {"-n", "--max-tokens", true, "most tokens to generate (default 128)"},
        {"", "--temperature", true, "0 = greedy (default: the model's official setting)"},
        {"", "--top-k", true, "0 = off (default)"},
        {"", "--top-p", true, "nucleus sampling mass (default: the model's official setting)"},
        {"", "--repeat-penalty", true, "> 1 discourages repetition (default: the model's setting)"},
        {"", "--seed", true, "random seed (default: random)"}};
}

namespace {
// A number option within [low, high] (or (low, high] when low_open), else an error that gives the
// range. NaN and infinities are never within it.
double in_range(const Args& args, const std::string& name, double fallback, double low,
                bool low_open, double high, const std::string& range) {
    const double v = args.number(name, fallback);
    if (!std::isfinite(v) || v < low || (low_open && v == low) || v > high)
        throw std::runtime_error(name + " " + args.get_or(name, "") + " is out of range: " + range);
    return v;
}
} // namespace

SamplingParams sampling_from_args(const Args& args, SamplingParams p) {
    p.temperature = float(in_range(args, "--temperature", p.temperature, 0, false, 100,
                                   "use 0 (greedy) up to 100 (typical: 0.6 to 1)"));
    const long long top_k = args.integer("--top-k", p.top_k);
    if (top_k < 0 || top_k > (1 << 24))
        throw std::runtime_error("--top-k " + std::to_string(top_k) +
                                 " is out of range: use 0 (off) or a number of tokens");
    p.top_k = int(top_k);
    p.top_p = float(
        in_range(args, "--top-p", p.top_p, 0, true, 1, "use more than 0, at most 1 (1 = off)"));
    p.repetition_penalty =
        float(in_range(args, "--repeat-penalty", p.repetition_penalty, 0, true, 100,
                       "use more than 0 (1 = off, > 1 discourages "
                       "repetition)"));
    p.seed = uint64_t(args.integer("--seed", 0));
    return p;
}

void print_stats(const GenerationStats& s) {
    std::fprintf(stderr,
                 "%u prompt tokens (%u reused), %u generated (%s); first token %.1f ms, prefill "
                 "%.1f tok/s, decode %.2f tok/s\n",
                 s.prompt_tokens, s.reused_tokens, s.generated_tokens, to_string(s.stop),
                 s.time_to_first_token_ms, s.prefill_tokens_per_second(),
                 s.decode_tokens_per_second());
}

} // namespace glm::cli
