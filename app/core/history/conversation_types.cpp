#include "history/conversation_types.h"

namespace glm::history {

QString roleToString(MessageRole role) {
    switch (role) {
    case MessageRole::System:
        return QStringLiteral("system");
    case MessageRole::User:
        return QStringLiteral("user");
    case MessageRole::Assistant:
        return QStringLiteral("assistant");
    }
    return QStringLiteral("user");
}

std::optional<MessageRole> roleFromString(QStringView text) {
    if (text == u"system") return MessageRole::System;
    if (text == u"user") return MessageRole::User;
    if (text == u"assistant") return MessageRole::Assistant;
    return std::nullopt;
}

QString stateToString(MessageState state) {
    switch (state) {
    case MessageState::Complete:
        return QStringLiteral("complete");
    case MessageState::Streaming:
        return QStringLiteral("streaming");
    case MessageState::Interrupted:
        return QStringLiteral("interrupted");
    case MessageState::Error:
        return QStringLiteral("error");
    }
    return QStringLiteral("complete");
}

std::optional<MessageState> stateFromString(QStringView text) {
    if (text == u"complete") return MessageState::Complete;
    if (text == u"streaming") return MessageState::Streaming;
    if (text == u"interrupted") return MessageState::Interrupted;
    if (text == u"error") return MessageState::Error;
    return std::nullopt;
}

} // namespace glm::history
