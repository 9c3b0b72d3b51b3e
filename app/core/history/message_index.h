// The messages of one conversation indexed as a tree, to find the current branch (root to
// leaf), siblings and the newest leaf under a message. Tolerates damaged data: unknown
// parents count as roots and cycles are not followed.
#pragma once

#include "history/conversation_types.h"

#include <QHash>

namespace glm::history {

class MessageIndex {
public:
    explicit MessageIndex(QList<Message> messages); // any order

    bool contains(qint64 id) const { return m_indexOf.contains(id); }
    const QList<Message>& messages() const { return m_messages; }
    // Children of parentId (0: the roots), oldest first.
    QList<qint64> children(qint64 parentId) const { return m_children.value(parentId); }
    // The newest message without children under (and including) id; 0 if there is none.
    qint64 newestLeafUnder(qint64 id) const;
    // The path to the conversation's current leaf (or to the newest leaf when that is unknown).
    ConversationThread thread(const Conversation& conversation) const;
    // Every message, parents before children, siblings oldest first.
    QList<Message> topologicalOrder() const;

private:
    qint64 parentOf(const Message& m) const {
        return m_indexOf.contains(m.parentId) ? m.parentId : 0;
    }

    QList<Message> m_messages; // sorted by id
    QHash<qint64, int> m_indexOf;
    QHash<qint64, QList<qint64>> m_children;
};

} // namespace glm::history
