// One message as the chat view shows it: plain data, owned by MessageListModel.
#pragma once

#include <QList>
#include <QString>

struct MessageItem {
    enum class Role { User, Assistant };
    // Streaming: being generated. Interrupted: stopped by the user or cut off (the partial text
    // is kept). Error: generation failed; errorText says why.
    enum class State { Complete, Streaming, Interrupted, Error };

    qint64 id = 0;       // the store's message id
    qint64 parentId = 0; // 0: the first message
    Role role = Role::User;
    QString text;
    State state = State::Complete;
    QString errorText;
    QString modelName;
    double tokensPerSecond = 0;
    double timeToFirstTokenMs = 0;
    int generatedTokens = 0;
    // A reasoning model's thinking, shown folded above the answer (`text` is the answer alone).
    QString thinking;
    bool hasThinking = false; // the reply opened a thinking part (its text may still be empty)
    qint64 thinkingMs = -1;   // how long it thought; -1 while thinking or when it never ended
    QList<qint64> siblingIds; // messages with the same parent (edits / regenerations), oldest first
    int siblingIndex = 0;

    bool operator==(const MessageItem&) const = default;
};
