// glm-cli chat: a conversation on the terminal (or from a pipe: one message per line), with the
// model's own chat format, history fitted into the context, and streamed replies.
#include "cli.h"
#include "cli_model.h"
#include "cli_sampling.h"
#include "glm/chat_format.h"
#include "glm/error.h"
#include "glm/session.h"
#include "glm/tokenizer.h"

#include <cstdio>
#include <iostream>
#include <string>

namespace glm::cli {
namespace {

int run(const Args& args) {
    CliModel m = open_model(args);
    auto tokenizer = tokenizer_for(*m.model);
    if (!tokenizer)
        return fail(
            m.model->path().string() + " has no tokenizer: it cannot chat (use generate --ids)", 2);
    auto format = chat_format_for(*m.model, *tokenizer);
    GenerateParams p;
    p.sampling = sampling_from_args(args, default_sampling(int(m.model->config().generation)));
    if (tokenizer) p.vocab_limit = uint32_t(tokenizer->vocab_size());
    p.max_new_tokens = uint32_t(args.integer("--max-tokens", 512));
    p.stop_ids = format->stop_ids();
    Session session(m.model, session_options_from(args));
    const std::string system = args.get_or("--system", "");
    if (!system.empty() && !format->has_system_prompt())
        std::fprintf(stderr, "note: %s has no system prompt; --system is ignored\n",
                     to_string(m.model->config().generation));
    const bool tty = stdout_is_terminal();
    const size_t budget = session.context_length() > p.max_new_tokens
                              ? session.context_length() - p.max_new_tokens
                              : 1;

    std::vector<ChatMessage> messages;
    std::string line;
    for (;;) {
        if (tty) std::printf("\n> "), std::fflush(stdout);
        if (!std::getline(std::cin, line)) break;
        if (line == "/quit" || line == "/exit") break;
        if (line == "/reset") {
            messages.clear();
            session.reset();
            std::printf("(new conversation)\n");
            continue;
        }
        if (line.empty()) continue;
        messages.push_back({Role::User, line, {}});
        ChatPrompt prompt;
        try {
            prompt = format->build(messages, system, budget);
        } catch (const Error& e) {
            messages.pop_back();
            std::fprintf(stderr, "%s\n", e.what());
            continue;
        }
        if (prompt.dropped_rounds)
            std::fprintf(stderr,
                         "(the %zu oldest rounds no longer fit the context and were left out)\n",
                         prompt.dropped_rounds);
        StreamingDetokenizer detok(*tokenizer);
        std::string reply;
        auto stats = session.generate(prompt.ids, p, [&](int32_t id) {
            if (id >= tokenizer->vocab_size()) return; // embedding padding rows have no text
            const std::string piece = detok.push(id);
            reply += piece;
            std::fputs(piece.c_str(), stdout);
            std::fflush(stdout);
        });
        reply += detok.finish();
        std::printf("\n");
        if (args.has("--stats")) print_stats(stats);
        messages.push_back({Role::Assistant, format->postprocess(reply), {}});
    }
    return 0;
}

std::vector<OptionSpec> options() {
    auto o = model_options();
    for (auto& s : sampling_options()) o.push_back(s);
    o.push_back({"", "--system", true, "system prompt (ChatGLM3, GLM-4)"});
    for (auto& s : session_options()) o.push_back(s);
    o.push_back({"", "--stats", false, "print speed after each reply"});
    return o;
}

Registrar reg({"chat", "chat with a model on the terminal (/reset starts over, /quit ends)",
               "-m MODEL [--system TEXT] [--temperature T] [--top-p P] [--max-tokens N]", options(),
               run});

} // namespace
} // namespace glm::cli
