// glm-cli generate: text (or token ids) from a prompt, streamed as it is generated.
#include "cli.h"
#include "cli_model.h"
#include "glm/error.h"
#include "glm/session.h"

#include <cstdio>
#include <nlohmann/json.hpp>

namespace glm::cli {
namespace {

int run(const Args& args) {
    const bool json = args.has("--json");
    std::vector<int32_t> prompt;
    if (auto ids = args.get("--ids")) {
        for (int id : parse_id_list(*ids)) prompt.push_back(id);
    } else if (args.has("--prompt")) {
        return fail("-p TEXT needs the model's tokenizer, which this build cannot use yet; pass --ids", 2);
    } else {
        return fail("give a prompt: -p TEXT or --ids 1,2,3", 2);
    }
    GenerateParams p;
    p.max_new_tokens = uint32_t(args.integer("--max-tokens", 128));
    p.sampling.temperature = float(args.number("--temperature", p.sampling.temperature));
    p.sampling.top_k = int(args.integer("--top-k", p.sampling.top_k));
    p.sampling.top_p = float(args.number("--top-p", p.sampling.top_p));
    p.sampling.repetition_penalty = float(args.number("--repeat-penalty", p.sampling.repetition_penalty));
    p.sampling.seed = uint64_t(args.integer("--seed", 0));

    CliModel m = open_model(args);
    SessionOptions so;
    so.context_length = uint32_t(args.integer("--context", 0));
    Session session(m.model, so);
    std::vector<int32_t> out;
    auto stats = session.generate(prompt, p, [&](int32_t id) {
        out.push_back(id);
        if (!json) {
            std::printf(out.size() == 1 ? "%d" : ",%d", id);
            std::fflush(stdout);
        }
    });
    if (json) {
        nlohmann::json j = {{"ids", out}, {"text", nullptr}, {"stop", to_string(stats.stop)}};
        std::printf("%s\n", j.dump().c_str());
    } else {
        std::printf("\n");
    }
    std::fprintf(stderr, "%u prompt tokens, %u generated (%s); first token %.1f ms, prefill %.1f tok/s, decode %.2f tok/s\n",
                 stats.prompt_tokens, stats.generated_tokens, to_string(stats.stop), stats.time_to_first_token_ms,
                 stats.prefill_tokens_per_second(), stats.decode_tokens_per_second());
    return 0;
}

std::vector<OptionSpec> options() {
    auto o = model_options();
    o.push_back({"-p", "--prompt", true, "the prompt text"});
    o.push_back({"", "--ids", true, "the prompt as token ids (used as given: for ChatGLM-6B end them with [gMASK] <sop>)"});
    o.push_back({"-n", "--max-tokens", true, "most tokens to generate (default 128)"});
    o.push_back({"", "--temperature", true, "0 = greedy (default 0.8)"});
    o.push_back({"", "--top-k", true, "0 = off (default)"});
    o.push_back({"", "--top-p", true, "nucleus sampling mass (default 0.8)"});
    o.push_back({"", "--repeat-penalty", true, "> 1 discourages repetition (default 1)"});
    o.push_back({"", "--seed", true, "random seed (default: random)"});
    o.push_back({"", "--context", true, "KV cache size in tokens (default: the model's, at most 4096)"});
    o.push_back({"", "--json", false, "print {\"ids\": [...], \"text\": ...} at the end"});
    return o;
}

Registrar reg({"generate", "generate a continuation of a prompt",
               "-m MODEL (-p TEXT | --ids 1,2,3) [-n N] [--temperature T] [--top-k K] [--top-p P] "
               "[--repeat-penalty R] [--seed S] [--device D] [--json]",
               options(), run});

} // namespace
} // namespace glm::cli
