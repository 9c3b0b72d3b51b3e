// ChatGLM-6B and ChatGLM2-6B prompts (docs/tokenizers.md#chat-formats): the conversation as one
// text of numbered rounds, encoded in one go. GLM1 counts rounds from 0 and, without history, sends
// the bare message; GLM2 counts from 1 and always wraps. Neither has a system prompt or tools.
#include "glm/error.h"
#include "tokenizer/chat_formats.h"

namespace glm::tok {

namespace {

class Glm12Format final : public ChatFormat {
public:
    Glm12Format(ChatFormatKind kind, const Tokenizer& tokenizer) : ChatFormat(kind, tokenizer) {}

    std::vector<TokenId> stop_ids() const override {
        // GLM1 ends its answer with <eop>, GLM2 with </s>.
        return {tokenizer_.require_special(glm1() ? SpecialToken::Eop : SpecialToken::Eos)};
    }

protected:
    void validate(std::span<const ChatMessage> messages) const override {
        for (const ChatMessage& m : messages)
            if (m.role == Role::Observation)
                throw Error(ErrorKind::InvalidArgument,
                            std::string("the ") + to_string(kind_) +
                                " chat format has no tool results (observation messages)");
        if (messages.back().role != Role::User)
            throw Error(ErrorKind::InvalidArgument,
                        "the conversation must end with the user's message to answer");
    }

    std::vector<TokenId> render(std::span<const Round> rounds, std::string_view) const override {
        std::string text;
        const size_t history = rounds.size() - 1;
        const std::string query = question(rounds.back());
        if (glm1() && history == 0) {
            text = query;
        } else {
            for (size_t i = 0; i < history; ++i)
                text += round_text(i, question(rounds[i]), answer(rounds[i]));
            text += header(history) + query + (glm1() ? "\n答：" : "\n\n答：");
        }
        const TokenId gmask = tokenizer_.require_special(SpecialToken::GMask);
        const TokenId sop = tokenizer_.require_special(SpecialToken::Sop);
        std::vector<TokenId> ids;
        if (glm1()) {
            ids = tokenizer_.encode(text);
            ids.push_back(gmask);
            ids.push_back(sop);
        } else {
            ids = {gmask, sop};
            const std::vector<TokenId> body = tokenizer_.encode(text);
            ids.insert(ids.end(), body.begin(), body.end());
        }
        return ids;
    }

    size_t history_round_tokens(const Round& round, size_t index) const override {
        return tokenizer_.encode(round_text(index, question(round), answer(round))).size();
    }

private:
    bool glm1() const { return kind_ == ChatFormatKind::Glm1; }

    std::string header(size_t index) const {
        return glm1() ? "[Round " + std::to_string(index) + "]\n问："
                      : "[Round " + std::to_string(index + 1) + "]\n\n问：";
    }
    std::string round_text(size_t index, const std::string& q, const std::string& a) const {
        return header(index) + q + (glm1() ? "\n答：" + a + "\n" : "\n\n答：" + a + "\n\n");
    }
    static std::string question(const Round& round) {
        const ChatMessage* first = round.messages.front();
        return first->role == Role::User ? first->content : std::string();
    }
    static std::string answer(const Round& round) {
        std::string text;
        bool any = false;
        for (const ChatMessage* m : round.messages) {
            if (m->role != Role::Assistant) continue;
            if (any) text += '\n';
            text += m->content;
            any = true;
        }
        return text;
    }
};

} // namespace

std::unique_ptr<ChatFormat> make_glm12_format(ChatFormatKind kind, const Tokenizer& tokenizer) {
    return std::make_unique<Glm12Format>(kind, tokenizer);
}

} // namespace glm::tok
