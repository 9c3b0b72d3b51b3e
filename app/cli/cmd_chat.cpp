// glm-cli chat: a conversation on the terminal (or from a pipe: one message per line), with the
// model's own chat format, history fitted into the context, and streamed replies.
#include "cli.h"
#include "cli_model.h"
#include "cli_sampling.h"
#include "glm/chat_format.h"
#include "glm/error.h"
#include "glm/session.h"
#include "glm/tokenizer.h"

#include <algorithm>
#include <atomic>
#include <csignal>
#include <cstdio>
#include <iostream>
#include <string>
#include <unistd.h>

namespace glm::cli {
namespace {

// Ctrl-C stops the reply being written; at the prompt (or while loading) it ends the program,
// as it always did.
std::atomic<bool> g_replying{false};
std::atomic<bool> g_stop_reply{false};
extern "C" void on_chat_interrupt(int) {
    if (g_replying.load()) {
        g_stop_reply.store(true);
        return;
    }
    const char nl = '\n';
    (void)!write(STDOUT_FILENO, &nl, 1);
    _exit(130);
}

const char* kCommands =
    "commands:\n"
    "  /help           this list\n"
    "  /clear, /reset  start a new conversation (forget the messages so far)\n"
    "  /quit, /exit    end (Ctrl-D too)\n"
    "Ctrl-C stops a reply that is being written; at the prompt it ends the program.\n";

// What is running and how to use it, on stderr (stdout carries the replies).
void print_banner(const CliModel& m, const Session& session) {
    std::fprintf(stderr, "%s (%s) on %s, %u-token context\n", m.model->config().name.c_str(),
                 m.model->path().filename().string().c_str(), m.device->info().name.c_str(),
                 session.context_length());
    std::fprintf(stderr,
                 "Type a message and press Enter. /help lists the commands; /quit or Ctrl-D "
                 "ends; Ctrl-C stops a reply.\n");
}

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
    const long long max_tokens = args.integer("--max-tokens", 512);
    if (max_tokens < 1) return fail("--max-tokens (-n) must be at least 1", 2);
    p.max_new_tokens = uint32_t(std::min<long long>(max_tokens, 1 << 30));
    p.stop_ids = format->stop_ids();
    Session session(m.model, session_options_from(args));
    // The reply's room comes out of the context: -n as large as the context leaves none for the
    // message. Say that it is -n, not the message, that does not fit.
    if (p.max_new_tokens >= session.context_length())
        return fail("-n " + std::to_string(max_tokens) + " leaves no room for your message: the " +
                        std::to_string(session.context_length()) +
                        "-token context holds the message and the reply together. Use a smaller "
                        "-n (for example " +
                        std::to_string(session.context_length() / 4) + ") or a larger --context.",
                    2);
    const std::string system = args.get_or("--system", "");
    if (!system.empty() && !format->has_system_prompt())
        std::fprintf(stderr, "note: %s has no system prompt; --system is ignored\n",
                     to_string(m.model->config().generation));
    const bool tty = stdout_is_terminal();
    const size_t budget = session.context_length() - p.max_new_tokens;
    print_banner(m, session);
    struct sigaction sa {};
    sa.sa_handler = on_chat_interrupt;
    sa.sa_flags = SA_RESTART; // a reply blocked on a full pipe goes on writing after Ctrl-C
    sigemptyset(&sa.sa_mask);
    struct sigaction previous {};
    sigaction(SIGINT, &sa, &previous);

    std::vector<ChatMessage> messages;
    std::string line;
    for (;;) {
        if (tty) std::printf("\n> "), std::fflush(stdout);
        if (!std::getline(std::cin, line)) break;
        if (line == "/quit" || line == "/exit") break;
        if (line == "/help" || line == "/?") {
            std::fputs(kCommands, stdout);
            continue;
        }
        if (line == "/reset" || line == "/clear") {
            messages.clear();
            session.reset();
            std::printf("(new conversation)\n");
            continue;
        }
        if (line.size() > 1 && line[0] == '/' && line.find(' ') == std::string::npos) {
            std::fprintf(stderr, "unknown command %s; /help lists the commands\n", line.c_str());
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
        g_stop_reply.store(false);
        g_replying.store(true);
        GenerationStats stats;
        try {
            stats = session.generate(
                prompt.ids, p,
                [&](int32_t id) {
                    if (id >= tokenizer->vocab_size()) return; // embedding padding rows: no text
                    const std::string piece = detok.push(id);
                    reply += piece;
                    std::fputs(piece.c_str(), stdout);
                    std::fflush(stdout);
                },
                &g_stop_reply);
        } catch (...) {
            g_replying.store(false);
            sigaction(SIGINT, &previous, nullptr);
            throw;
        }
        g_replying.store(false);
        reply += detok.finish();
        std::printf("\n");
        std::fflush(stdout);
        if (stats.stop == StopReason::Cancelled)
            std::fprintf(stderr, "(reply stopped; it stays in the conversation)\n");
        if (args.has("--stats")) print_stats(stats);
        messages.push_back({Role::Assistant, format->postprocess(reply), {}});
    }
    sigaction(SIGINT, &previous, nullptr);
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

Registrar reg({"chat",
               "chat with a model on the terminal (/help lists the commands; Ctrl-C stops a "
               "reply)",
               "-m MODEL [--system TEXT] [--temperature T] [--top-p P] [--max-tokens N]", options(),
               run});

} // namespace
} // namespace glm::cli
