#include "viewmodels/message_conversion.h"

#include <QCoreApplication>

namespace glm::ui {

using glm::history::MessageRole;
using glm::history::MessageState;

MessageItem toMessageItem(const glm::history::ThreadMessage& t) {
    const glm::history::Message& m = t.message;
    MessageItem item;
    item.id = m.id;
    item.parentId = m.parentId;
    item.role =
        m.role == MessageRole::User ? MessageItem::Role::User : MessageItem::Role::Assistant;
    item.text = m.content;
    item.thinking = m.thinking;
    item.hasThinking = !m.thinking.isEmpty() || m.thinkingMs.has_value();
    item.thinkingMs = m.thinkingMs.value_or(-1);
    item.modelName = m.model;
    switch (m.state) {
    case MessageState::Complete:
        item.state = MessageItem::State::Complete;
        break;
    case MessageState::Streaming:
        item.state = MessageItem::State::Streaming;
        break;
    case MessageState::Interrupted:
        item.state = MessageItem::State::Interrupted;
        item.errorText = m.error.isEmpty()
                             ? QCoreApplication::translate("ChatController",
                                                           "This reply was cut off before its end.")
                             : m.error;
        break;
    case MessageState::Error:
        item.state = MessageItem::State::Error;
        item.errorText = m.error;
        break;
    }
    item.tokensPerSecond = m.stats.tokensPerSecond.value_or(0);
    item.timeToFirstTokenMs = double(m.stats.firstTokenMs.value_or(0));
    item.generatedTokens = int(m.stats.completionTokens.value_or(0));
    item.siblingIds = t.siblingIds;
    item.siblingIndex = qMax(0, t.siblingIndex());
    return item;
}

QList<MessageItem> toMessageItems(const glm::history::ConversationThread& thread) {
    QList<MessageItem> items;
    for (const glm::history::ThreadMessage& t : thread.messages)
        if (t.message.role != MessageRole::System) items.append(toMessageItem(t));
    return items;
}

glm::history::GenerationStats toStoreStats(const glm::app::GenerationResult& r) {
    glm::history::GenerationStats s;
    s.promptTokens = r.promptTokens;
    s.completionTokens = r.generatedTokens;
    s.tokensPerSecond = r.tokensPerSecond;
    s.firstTokenMs = qint64(r.timeToFirstTokenMs);
    s.durationMs = qint64(r.durationMs);
    return s;
}

} // namespace glm::ui
