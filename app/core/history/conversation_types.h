// Plain data of the conversation history: what the store reads and writes, what export and
// import convert, what the view models show. No behaviour beyond text conversions.
#pragma once

#include <QJsonObject>
#include <QList>
#include <QMetaType>
#include <QString>
#include <limits>
#include <optional>

namespace glm::history {

enum class MessageRole { System, User, Assistant };

// Streaming: the reply is being generated and is checkpointed while it grows. A reply still
// streaming when the store opens was cut off by a crash and becomes Interrupted.
enum class MessageState { Complete, Streaming, Interrupted, Error };

// The spelling stored in the database and in exported JSON ("user", "streaming", ...).
QString roleToString(MessageRole role);
std::optional<MessageRole> roleFromString(QStringView text);
QString stateToString(MessageState state);
std::optional<MessageState> stateFromString(QStringView text);

// Numbers the engine reports for one reply; absent when unknown (e.g. user messages).
struct GenerationStats {
    std::optional<qint64> promptTokens;
    std::optional<qint64> completionTokens;
    std::optional<double> tokensPerSecond;
    std::optional<qint64> firstTokenMs; // time to first token
    std::optional<qint64> durationMs;   // whole generation
    bool operator==(const GenerationStats&) const = default;
};

// One node of a conversation's message tree. Ids are database row ids (never 0); parentId 0
// marks a root. Editing a user message or regenerating a reply adds a sibling (same parent).
struct Message {
    qint64 id = 0;
    qint64 conversationId = 0;
    qint64 parentId = 0;
    MessageRole role = MessageRole::User;
    QString content;
    MessageState state = MessageState::Complete;
    qint64 createdMs = 0; // milliseconds since the Unix epoch, UTC
    QString model;        // the model that wrote an assistant reply
    QString error;        // why generation failed, for state Error
    GenerationStats stats;
    // A reasoning model's thinking before its answer (GLM-Z1's "<think>" part), kept apart from
    // `content` so that the answer alone is shown, searched and sent back to the model.
    QString thinking;
    std::optional<qint64> thinkingMs; // how long it thought; absent when the thought never ended
};

// The text of a reply as it is written: the answer and, for reasoning models, the thinking. A
// plain QString converts to it (an answer without thinking), so callers of models that do not
// think need not know about thinking at all.
struct ReplyText {
    ReplyText() = default;
    ReplyText(const QString& answer) : answer(answer) {} // NOLINT: implicit on purpose
    ReplyText(const QString& answer, const QString& thinking, std::optional<qint64> thinkingMs)
        : answer(answer), thinking(thinking), thinkingMs(thinkingMs) {}
    QString answer;
    QString thinking;
    std::optional<qint64> thinkingMs;
    bool operator==(const ReplyText&) const = default;
};

struct Conversation {
    qint64 id = 0;
    QString uuid; // stable identity across export/import (duplicate detection)
    QString title;
    QString model;
    qint64 createdMs = 0;
    qint64 updatedMs = 0; // last activity: what the sidebar sorts by
    bool pinned = false;
    QJsonObject settings; // per-conversation settings (sampling, system prompt), free-form
    qint64 currentLeafId = 0;
};

// A message on the path the chat view shows, with its siblings so the view can offer "2/3".
struct ThreadMessage {
    Message message;
    QList<qint64> siblingIds; // all messages with the same parent, oldest first (includes this one)
    int siblingIndex() const { return int(siblingIds.indexOf(message.id)); }
};

// What the chat view shows: the root-to-leaf path of the current branch.
struct ConversationThread {
    Conversation conversation;
    QList<ThreadMessage> messages;
};

// A conversation with every message of its tree (parents before children): export and import.
struct ConversationRecord {
    Conversation conversation;
    QList<Message> messages;
};

// Snippets mark matched text with these two characters; views turn them into markup.
inline constexpr QChar kHighlightStart = QChar(0x0002);
inline constexpr QChar kHighlightEnd = QChar(0x0003);

struct SearchHit {
    qint64 conversationId = 0;
    qint64 messageId = 0;
    QString conversationTitle;
    MessageRole role = MessageRole::User;
    QString snippet; // plain text with kHighlightStart/kHighlightEnd around matches
    qint64 createdMs = 0;
};

// The sidebar order: pinned first, then most recent activity; id breaks ties. Pages are read
// after the last key seen (keyset paging), so loading page 200 costs what page 1 costs.
struct ConversationSortKey {
    bool pinned = true;
    qint64 updatedMs = std::numeric_limits<qint64>::max();
    qint64 id = std::numeric_limits<qint64>::max();
    static ConversationSortKey of(const Conversation& c) { return {c.pinned, c.updatedMs, c.id}; }
    // True when a comes before b in the sidebar.
    static bool before(const ConversationSortKey& a, const ConversationSortKey& b) {
        if (a.pinned != b.pinned) return a.pinned;
        if (a.updatedMs != b.updatedMs) return a.updatedMs > b.updatedMs;
        return a.id > b.id;
    }
};

} // namespace glm::history

Q_DECLARE_METATYPE(glm::history::Conversation)
Q_DECLARE_METATYPE(glm::history::Message)
