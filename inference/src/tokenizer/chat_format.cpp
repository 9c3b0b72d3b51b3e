// ChatFormat's shared part: names, creation, checking the conversation, grouping it into rounds and
// fitting it into the token budget.
#include "glm/chat_format.h"

#include "glm/error.h"
#include "tokenizer/chat_formats.h"

namespace glm {

const char* to_string(ChatFormatKind kind) noexcept {
    switch (kind) {
    case ChatFormatKind::Glm1:
        return "glm1";
    case ChatFormatKind::Glm2:
        return "glm2";
    case ChatFormatKind::Glm3:
        return "glm3";
    case ChatFormatKind::Glm4:
        return "glm4";
    case ChatFormatKind::Glm4Think:
        return "glm4-think";
    }
    return "unknown";
}

std::optional<ChatFormatKind> parse_chat_format(std::string_view name) noexcept {
    for (auto k : {ChatFormatKind::Glm1, ChatFormatKind::Glm2, ChatFormatKind::Glm3,
                   ChatFormatKind::Glm4, ChatFormatKind::Glm4Think})
        if (name == to_string(k)) return k;
    return std::nullopt;
}

ChatFormatKind default_chat_format(TokenizerKind kind) noexcept {
    switch (kind) {
    case TokenizerKind::Glm1:
        return ChatFormatKind::Glm1;
    case TokenizerKind::Glm2:
        return ChatFormatKind::Glm2;
    case TokenizerKind::Glm3:
        return ChatFormatKind::Glm3;
    case TokenizerKind::Glm4:
        return ChatFormatKind::Glm4;
    }
    return ChatFormatKind::Glm2;
}

std::unique_ptr<ChatFormat> ChatFormat::create(ChatFormatKind kind, const Tokenizer& tokenizer) {
    auto require = [&](std::initializer_list<SpecialToken> tokens) {
        for (SpecialToken t : tokens)
            if (!tokenizer.special_id(t)) {
                std::string missing;
                try {
                    tokenizer.require_special(t);
                } catch (const Error& e) {
                    missing = e.what(); // "the glm3 tokenizer has no [gMASK] token"
                }
                throw Error(ErrorKind::InvalidFile, std::string("the chat format ") +
                                                        to_string(kind) +
                                                        " cannot be used: " + missing);
            }
    };
    switch (kind) {
    case ChatFormatKind::Glm1:
        // The GLM1 layout relies on GLM1's whitespace pre-processing and [gMASK] <sop> suffix.
        if (tokenizer.kind() != TokenizerKind::Glm1)
            throw Error(ErrorKind::InvalidFile,
                        std::string("the chat format glm1 needs the GLM1 tokenizer, not ") +
                            to_string(tokenizer.kind()));
        require({SpecialToken::GMask, SpecialToken::Sop, SpecialToken::Eop});
        return tok::make_glm12_format(kind, tokenizer);
    case ChatFormatKind::Glm2:
        require({SpecialToken::GMask, SpecialToken::Sop, SpecialToken::Eos});
        return tok::make_glm12_format(kind, tokenizer);
    case ChatFormatKind::Glm3:
        require({SpecialToken::GMask, SpecialToken::Sop, SpecialToken::Eos, SpecialToken::System,
                 SpecialToken::User, SpecialToken::Assistant, SpecialToken::Observation});
        return tok::make_glm34_format(kind, tokenizer);
    case ChatFormatKind::Glm4:
    case ChatFormatKind::Glm4Think:
        require({SpecialToken::GMask, SpecialToken::Sop, SpecialToken::EndOfText,
                 SpecialToken::System, SpecialToken::User, SpecialToken::Assistant,
                 SpecialToken::Observation});
        return tok::make_glm34_format(kind, tokenizer);
    }
    throw Error(ErrorKind::InvalidArgument, "unknown chat format");
}

std::string ChatFormat::postprocess(std::string_view answer) const {
    return postprocess_response(kind_, answer);
}

ChatPrompt ChatFormat::build(std::span<const ChatMessage> messages, std::string_view system_prompt,
                             size_t max_prompt_tokens) const {
    if (messages.empty())
        throw Error(ErrorKind::InvalidArgument, "the conversation has no message to answer");
    validate(messages);

    // Rounds start at each User message; anything before the first one is a round of its own.
    std::vector<Round> rounds;
    for (const ChatMessage& m : messages) {
        if (m.role == Role::User || rounds.empty()) rounds.emplace_back();
        rounds.back().messages.push_back(&m);
    }

    ChatPrompt prompt;
    prompt.system_prompt_used = has_system_prompt() && !system_prompt.empty();
    const std::string_view system = prompt.system_prompt_used ? system_prompt : std::string_view();
    const std::span<const Round> all(rounds);
    const size_t history = rounds.size() - 1;

    std::vector<TokenId> ids = render(all.last(1), system);
    if (ids.size() > max_prompt_tokens)
        throw Error(ErrorKind::ContextOverflow,
                    "The message is too long for this model's context: the prompt needs " +
                        std::to_string(ids.size()) + " tokens" +
                        (prompt.system_prompt_used ? " (with the system prompt)" : "") +
                        " but only " + std::to_string(max_prompt_tokens) +
                        " fit. Shorten the message" +
                        (prompt.system_prompt_used ? " or the system prompt" : "") +
                        ", or use a larger context size.");

    // Estimate how many of the newest rounds fit from their sizes on their own, then check with the
    // real prompt (GLM1/GLM2 encode the prompt as one string, so sizes are not exactly additive)
    // and step until the largest number of rounds that fits is found.
    size_t budget = max_prompt_tokens - ids.size();
    size_t keep = 0;
    while (keep < history) {
        const size_t cost = history_round_tokens(rounds[history - 1 - keep], history - 1 - keep);
        if (cost > budget) break;
        budget -= cost;
        ++keep;
    }
    auto attempt = [&](size_t kept) { return render(all.subspan(history - kept), system); };
    std::vector<TokenId> best = keep > 0 ? attempt(keep) : ids;
    while (keep > 0 && best.size() > max_prompt_tokens) best = --keep > 0 ? attempt(keep) : ids;
    while (keep < history) {
        std::vector<TokenId> more = attempt(keep + 1);
        if (more.size() > max_prompt_tokens) break;
        best = std::move(more);
        ++keep;
    }
    prompt.ids = std::move(best);
    prompt.kept_rounds = keep;
    prompt.dropped_rounds = history - keep;
    return prompt;
}

} // namespace glm
