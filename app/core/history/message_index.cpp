#include "history/message_index.h"

#include <QSet>
#include <algorithm>

namespace glm::history {

MessageIndex::MessageIndex(QList<Message> messages) : m_messages(std::move(messages)) {
    std::sort(m_messages.begin(), m_messages.end(),
              [](const Message& a, const Message& b) { return a.id < b.id; });
    for (int i = 0; i < m_messages.size(); ++i) m_indexOf.insert(m_messages[i].id, i);
    for (const Message& m : m_messages)
        if (m.parentId != m.id) m_children[parentOf(m)].append(m.id);
}

qint64 MessageIndex::newestLeafUnder(qint64 id) const {
    qint64 best = 0;
    QList<qint64> stack{id};
    QSet<qint64> seen;
    while (!stack.isEmpty()) {
        const qint64 current = stack.takeLast();
        if (seen.contains(current)) continue;
        seen.insert(current);
        const QList<qint64> kids = m_children.value(current);
        if (kids.isEmpty() && current != 0 && contains(current)) best = qMax(best, current);
        stack.append(kids);
    }
    return best;
}

ConversationThread MessageIndex::thread(const Conversation& conversation) const {
    ConversationThread result{conversation, {}};
    qint64 leaf = conversation.currentLeafId;
    if (!contains(leaf)) leaf = newestLeafUnder(0);
    QSet<qint64> seen;
    for (qint64 id = leaf; contains(id) && !seen.contains(id);) {
        seen.insert(id);
        const Message& m = m_messages[m_indexOf.value(id)];
        result.messages.prepend({m, m_children.value(parentOf(m))});
        id = parentOf(m);
    }
    result.conversation.currentLeafId = leaf;
    return result;
}

QList<Message> MessageIndex::topologicalOrder() const {
    QList<Message> ordered;
    ordered.reserve(m_messages.size());
    QList<qint64> queue = m_children.value(0);
    QSet<qint64> seen;
    for (qsizetype i = 0; i < queue.size(); ++i) {
        const qint64 id = queue[i];
        if (seen.contains(id)) continue;
        seen.insert(id);
        ordered.append(m_messages[m_indexOf.value(id)]);
        queue.append(m_children.value(id));
    }
    return ordered; // messages on a cycle have no path from a root and are left out
}

} // namespace glm::history
