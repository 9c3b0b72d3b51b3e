#include "cli_sampling.h"

#include <cstdio>

namespace glm::cli {

std::vector<OptionSpec> sampling_options() {
    return {{"-n", "--max-tokens", true, "most tokens to generate (default 128)"},
            {"", "--temperature", true, "0 = greedy (default: the model's official setting)"},
            {"", "--top-k", true, "0 = off (default)"},
            {"", "--top-p", true, "nucleus sampling mass (default: the model's official setting)"},
            {"", "--repeat-penalty", true, "> 1 discourages repetition (default: the model's setting)"},
            {"", "--seed", true, "random seed (default: random)"}};
}

SamplingParams sampling_from_args(const Args& args, SamplingParams p) {
    p.temperature = float(args.number("--temperature", p.temperature));
    p.top_k = int(args.integer("--top-k", p.top_k));
    p.top_p = float(args.number("--top-p", p.top_p));
    p.repetition_penalty = float(args.number("--repeat-penalty", p.repetition_penalty));
    p.seed = uint64_t(args.integer("--seed", 0));
    return p;
}

void print_stats(const GenerationStats& s) {
    std::fprintf(stderr, "%u prompt tokens (%u reused), %u generated (%s); first token %.1f ms, prefill %.1f tok/s, decode %.2f tok/s\n",
                 s.prompt_tokens, s.reused_tokens, s.generated_tokens, to_string(s.stop), s.time_to_first_token_ms,
                 s.prefill_tokens_per_second(), s.decode_tokens_per_second());
}

} // namespace glm::cli
