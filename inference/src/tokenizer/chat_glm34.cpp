// ChatGLM3-6B and GLM-4-9B-Chat prompts (docs/tokenizers.md#chat-formats): [gMASK] sop, then every
// message as its role token (an id, never text), "{metadata}\n" and the content, each encoded on
// its own (so each SentencePiece segment gets its own dummy prefix, as in the reference), then
// <|assistant|>. GLM4 leaves out messages with empty content, as its official chat template does.
#include "glm/error.h"
#include "tokenizer/chat_formats.h"

namespace glm::tok {

namespace {

class Glm34Format final : public ChatFormat {
public:
    Glm34Format(ChatFormatKind kind, const Tokenizer& tokenizer) : ChatFormat(kind, tokenizer) {}

    std::vector<TokenId> stop_ids() const override {
        return {tokenizer_.require_special(glm4() ? SpecialToken::EndOfText : SpecialToken::Eos),
                tokenizer_.require_special(SpecialToken::User),
                tokenizer_.require_special(SpecialToken::Observation)};
    }

protected:
    void validate(std::span<const ChatMessage> messages) const override {
        const Role last = messages.back().role;
        if (last != Role::User && last != Role::Observation)
            throw Error(
                ErrorKind::InvalidArgument,
                "the conversation must end with the user's message (or a tool result) to answer");
    }

    std::vector<TokenId> render(std::span<const Round> rounds,
                                std::string_view system_prompt) const override {
        std::vector<TokenId> ids = {tokenizer_.require_special(SpecialToken::GMask),
                                    tokenizer_.require_special(SpecialToken::Sop)};
        if (!system_prompt.empty()) append_message(ids, SpecialToken::System, {}, system_prompt);
        for (const Round& round : rounds)
            for (const ChatMessage* m : round.messages)
                append_message(ids, role_token(m->role), m->metadata, m->content);
        ids.push_back(tokenizer_.require_special(SpecialToken::Assistant));
        if (reply_starts_in_thinking()) {
            // GLM-Z1's template opens the thinking itself (docs/tokenizers.md, "GLM-Z1").
            const std::vector<TokenId> think = tokenizer_.encode("\n<think>");
            ids.insert(ids.end(), think.begin(), think.end());
        }
        return ids;
    }

    size_t history_round_tokens(const Round& round, size_t) const override {
        std::vector<TokenId> ids;
        for (const ChatMessage* m : round.messages)
            append_message(ids, role_token(m->role), m->metadata, m->content);
        return ids.size();
    }

private:
    bool glm4() const {
        return kind_ == ChatFormatKind::Glm4 || kind_ == ChatFormatKind::Glm4Think;
    }

    static SpecialToken role_token(Role role) {
        switch (role) {
        case Role::User:
            return SpecialToken::User;
        case Role::Assistant:
            return SpecialToken::Assistant;
        case Role::Observation:
            return SpecialToken::Observation;
        }
        return SpecialToken::User;
    }

    void append_message(std::vector<TokenId>& ids, SpecialToken role, std::string_view metadata,
                        std::string_view content) const {
        if (glm4() && content.empty()) return;
        ids.push_back(tokenizer_.require_special(role));
        std::string header(metadata);
        header += '\n';
        const std::vector<TokenId> head = tokenizer_.encode(header);
        ids.insert(ids.end(), head.begin(), head.end());
        const std::vector<TokenId> body = tokenizer_.encode(content);
        ids.insert(ids.end(), body.begin(), body.end());
    }
};

} // namespace

std::unique_ptr<ChatFormat> make_glm34_format(ChatFormatKind kind, const Tokenizer& tokenizer) {
    return std::make_unique<Glm34Format>(kind, tokenizer);
}

} // namespace glm::tok
