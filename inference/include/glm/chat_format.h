// Chat prompt layouts of the GLM generations (docs/tokenizers.md#chat-formats): a conversation
// in, the prompt's token ids out, fitted into a token budget by dropping whole rounds, oldest
// first.
//
//   GLM1  no history: the message itself; with history
//         "[Round 0]\n问：{q}\n答：{r}\n" ... "[Round k]\n问：{message}\n答："
//         then [gMASK] <sop>
//   GLM2  [gMASK] sop, then
//         "[Round 1]\n\n问：{q}\n\n答：{r}\n\n" ... "[Round k+1]\n\n问：{message}\n\n答："
//   GLM3  [gMASK] sop, then per message: role id, "{metadata}\n", content (each encoded on
//         its own), finally <|assistant|>. The system prompt is a <|system|> message first.
//   GLM4  as GLM3 with GLM4's ids; messages with empty content are left out (as the official
//         template does).
//   GLM4-think  (GLM-Z1, "glm4-think") as GLM4, the prompt ending "<|assistant|>\n<think>": the
//         template opens the thinking for the model, so the reply starts inside it
//         (reply_starts_in_thinking) and has no metadata line.
// GLM1 and GLM2 have no system prompt: one passed to them is not used (ChatPrompt says so).
#pragma once

#include "glm/tokenizer.h"

#include <cstddef>
#include <limits>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace glm {

enum class ChatFormatKind { Glm1, Glm2, Glm3, Glm4, Glm4Think };

// "glm1".."glm4", "glm4-think": the values of the GGUF key tokenizer.glm.chat_format.
const char* to_string(ChatFormatKind kind) noexcept;
std::optional<ChatFormatKind> parse_chat_format(std::string_view name) noexcept;
// The format each tokenizer generation comes with.
ChatFormatKind default_chat_format(TokenizerKind kind) noexcept;

enum class Role { User, Assistant, Observation };

struct ChatMessage {
    Role role = Role::User;
    std::string content;
    // GLM3/GLM4 only: the text after the role token on its line (a tool name for a tool call,
    // "interpreter" for code); empty for plain chat.
    std::string metadata;
};

struct ChatPrompt {
    std::vector<TokenId> ids;
    size_t dropped_rounds = 0; // rounds of history left out to fit the budget (oldest first)
    size_t kept_rounds = 0;    // rounds of history in the prompt (not counting the current one)
    bool system_prompt_used = false;
};

class ChatFormat {
public:
    // The format keeps a reference to the tokenizer, which must outlive it. Throws
    // glm::Error(InvalidFile) when the tokenizer lacks a token the format needs (e.g. glm3 over a
    // GLM2 tokenizer, which has no role tokens).
    static std::unique_ptr<ChatFormat> create(ChatFormatKind kind, const Tokenizer& tokenizer);

    virtual ~ChatFormat() = default;
    ChatFormat(const ChatFormat&) = delete;
    ChatFormat& operator=(const ChatFormat&) = delete;

    ChatFormatKind kind() const noexcept { return kind_; }
    bool has_system_prompt() const noexcept {
        return kind_ == ChatFormatKind::Glm3 || kind_ == ChatFormatKind::Glm4 ||
               kind_ == ChatFormatKind::Glm4Think;
    }
    // The prompt opens a reasoning model's thinking: the reply is thinking up to "</think>".
    bool reply_starts_in_thinking() const noexcept { return kind_ == ChatFormatKind::Glm4Think; }

    // Builds the prompt for the model's next answer. `messages` is the conversation so far, oldest
    // first, ending with the message to answer: a User message (or, GLM3/GLM4, an Observation with
    // a tool result). A round is a User message and everything after it up to the next User
    // message; the last round is never dropped or cut. History rounds are dropped, oldest first,
    // until the prompt has at most `max_prompt_tokens` ids (pass the context size minus the room to
    // keep for the answer). When even the system prompt and the last round do not fit, throws
    // glm::Error(ContextOverflow) with a message for the user that says how many tokens are needed
    // and how many fit. Throws glm::Error(InvalidArgument) for an empty conversation, one that does
    // not end with a message to answer, or an Observation message in GLM1/GLM2 (they have no
    // tools). GLM1/GLM2: several assistant messages in one round are joined with "\n"; a round
    // without an answer gets an empty one.
    ChatPrompt build(std::span<const ChatMessage> messages, std::string_view system_prompt = {},
                     size_t max_prompt_tokens = std::numeric_limits<size_t>::max()) const;

    // Ids that end the answer (the engine stops when it samples one; it is not part of the answer).
    virtual std::vector<TokenId> stop_ids() const = 0;

    // The official post-processing of a finished answer's text (see postprocess_response).
    std::string postprocess(std::string_view answer) const;

protected:
    struct Round {
        std::vector<const ChatMessage*> messages; // the User message first (if any)
    };
    ChatFormat(ChatFormatKind kind, const Tokenizer& tokenizer)
        : kind_(kind), tokenizer_(tokenizer) {}

    // Checks the roles this format accepts; throws InvalidArgument otherwise.
    virtual void validate(std::span<const ChatMessage> messages) const = 0;
    // The prompt ids for `rounds` (history first, the current round last), with or without a system
    // prompt. Called several times while searching for the number of rounds that fits.
    virtual std::vector<TokenId> render(std::span<const Round> rounds,
                                        std::string_view system_prompt) const = 0;
    // The tokens one history round adds to the prompt; an estimate where the format encodes the
    // prompt as one string (build() checks the real prompt). `index` is its place in the history.
    virtual size_t history_round_tokens(const Round& round, size_t index) const = 0;

    ChatFormatKind kind_;
    const Tokenizer& tokenizer_;
};

// The official post-processing of an answer's text, per generation:
//   GLM1  trim white space; "[[训练时间]]" → "2023年"; the ASCII punctuation , ! : ; ? becomes
//         full-width ，！：；？ where it directly follows or precedes a CJK ideograph
//         (U+4E00–U+9FFF).
//   GLM2  trim; "[[训练时间]]" → "2023年".
//   GLM3  the answer starts with a metadata line: when it is empty (plain chat), the line is
//   removed,
//         the rest trimmed and "[[训练时间]]" → "2023年"; a tool call (non-empty metadata) is
//         returned unchanged for the caller to parse.
//   GLM4  as GLM3 without the placeholder.
//   GLM4-think  trim (the reply starts inside the thinking: no metadata line).
std::string postprocess_response(ChatFormatKind kind, std::string_view answer);

} // namespace glm

namespace glm {
class Model;
struct ModelConfig;
// The chat format a model file names (tokenizer.glm.chat_format), over its tokenizer. Throws
// glm::Error(InvalidFile) naming a special token the format needs that the tokenizer or the
// file's configuration lacks (checked when a model is opened, not at its first reply).
std::unique_ptr<ChatFormat> chat_format_for(const Model& model, const Tokenizer& tokenizer);
// The same from a file's configuration (glm-cli info checks files without loading them).
std::unique_ptr<ChatFormat> chat_format_for(const ModelConfig& config, const Tokenizer& tokenizer,
                                            const std::string& file_name);
} // namespace glm
