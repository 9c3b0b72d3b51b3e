// Messages and the tree they form. Each message has a parent (0 for a root); editing a user
// message or regenerating a reply adds a sibling, which becomes the conversation's current
// leaf. The chat view shows the path from the root to that leaf.
#pragma once

#include "history/conversation_types.h"
#include "history/store_error.h"

#include <QSqlDatabase>

class QSqlQuery;

namespace glm::history {

class MessageTree {
public:
    explicit MessageTree(QSqlDatabase& db) : m_db(db) {}

    // A written message and its conversation as it is now (title, leaf, last activity).
    struct Written {
        Message message;
        Conversation conversation;
    };

    // Adds a message under parentId (0: a new root) and makes it the current leaf; the first
    // user message also names an untitled conversation. One transaction: when this returns,
    // the message is on disk.
    StoreResult<Written> add(qint64 conversationId, qint64 parentId, MessageRole role,
                             const QString& content, MessageState state = MessageState::Complete,
                             const QString& model = {});

    // Checkpoint of a growing reply. Only a message still streaming is changed, so a late
    // checkpoint can never overwrite the final text.
    StoreError checkpoint(qint64 messageId, const ReplyText& text);

    // The final text, state and numbers of a reply (state must not be Streaming).
    StoreResult<Written> finish(qint64 messageId, const ReplyText& text, MessageState state,
                                const GenerationStats& stats, const QString& error = {});

    StoreResult<Message> get(qint64 messageId);
    // Every message of a conversation, parents before children.
    StoreResult<QList<Message>> all(qint64 conversationId);
    // The current branch, root to leaf, with each message's siblings.
    StoreResult<ConversationThread> thread(qint64 conversationId);
    // Makes the branch through messageId current: its newest leaf becomes the current leaf.
    // Used for "2/3" switching and to open a search hit on whatever branch it is.
    StoreResult<ConversationThread> switchBranch(qint64 conversationId, qint64 messageId);

    static const QString& selectColumns();
    static Message fromQuery(const QSqlQuery& query);

private:
    StoreError setCurrentLeaf(qint64 conversationId, qint64 leafId);

    QSqlDatabase& m_db;
};

} // namespace glm::history
