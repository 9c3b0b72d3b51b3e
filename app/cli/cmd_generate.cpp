// glm-cli generate: a continuation of a prompt (raw, without a chat template), streamed as text
// when the model has a tokenizer, as token ids otherwise.
#include "cli.h"
#include "cli_model.h"
#include "cli_sampling.h"
#include "glm/chat_format.h"
#include "glm/error.h"
#include "glm/session.h"
#include "glm/tokenizer.h"

#include <cstdio>
#include <nlohmann/json.hpp>

namespace glm::cli {
namespace {

int run(const Args& args) {
    const bool json = args.has("--json");
    if (!args.has("--ids") && !args.has("--prompt"))
        return fail("give a prompt: -p TEXT or --ids 1,2,3", 2);
    CliModel m = open_model(args);
    auto tokenizer = tokenizer_for(*m.model);
    std::vector<int32_t> prompt;
    if (auto ids = args.get("--ids")) {
        for (int id : parse_id_list(*ids)) prompt.push_back(id);
    } else {
        if (!tokenizer)
            return fail(m.model->path().string() + " has no tokenizer: give the prompt as --ids",
                        2);
        chat_format_for(*m.model,
                        *tokenizer); // the special tokens a prompt needs: named if missing
        prompt = tokenizer->encode_for_generation(*args.get("--prompt"));
    }
    GenerateParams p;
    p.sampling = sampling_from_args(args, default_sampling(int(m.model->config().generation)));
    if (tokenizer) p.vocab_limit = uint32_t(tokenizer->vocab_size());
    p.max_new_tokens = uint32_t(args.integer("--max-tokens", 128));
    Session session(m.model, session_options_from(args));
    std::vector<int32_t> out;
    std::string text;
    std::unique_ptr<StreamingDetokenizer> detok;
    if (tokenizer) detok = std::make_unique<StreamingDetokenizer>(*tokenizer);
    auto stats = session.generate(prompt, p, [&](int32_t id) {
        out.push_back(id);
        if (detok && id < tokenizer->vocab_size()) {
            const std::string piece = detok->push(id);
            text += piece;
            if (!json) std::fputs(piece.c_str(), stdout);
        } else if (!json) {
            std::printf(out.size() == 1 ? "%d" : ",%d", id);
        }
        if (!json) std::fflush(stdout);
    });
    if (detok) {
        const std::string rest = detok->finish();
        text += rest;
        if (!json) std::fputs(rest.c_str(), stdout);
    }
    if (json) {
        nlohmann::json j = {{"ids", out},
                            {"text", detok ? nlohmann::json(text) : nlohmann::json(nullptr)},
                            {"stop", to_string(stats.stop)}};
        std::printf("%s\n", j.dump().c_str());
    } else {
        std::printf("\n");
    }
    print_stats(stats);
    return 0;
}

std::vector<OptionSpec> options() {
    auto o = model_options();
    for (auto& s : sampling_options()) o.push_back(s);
    o.push_back({"-p", "--prompt", true,
                 "the prompt text (encoded with the model's tokenizer, no chat template)"});
    o.push_back(
        {"", "--ids", true,
         "the prompt as token ids (used as given: for ChatGLM-6B end them with [gMASK] <sop>)"});
    for (auto& s : session_options()) o.push_back(s);
    o.push_back({"", "--json", false, "print {\"ids\": [...], \"text\": ...} at the end"});
    return o;
}

Registrar reg({"generate", "generate a continuation of a prompt",
               "-m MODEL (-p TEXT | --ids 1,2,3) [-n N] [--temperature T] [--top-k K] [--top-p P] "
               "[--repeat-penalty R] [--seed S] [--device D] [--json]",
               options(), run});

} // namespace
} // namespace glm::cli
