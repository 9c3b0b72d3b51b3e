#include "history/message_tree.h"

#include "history/conversation_table.h"
#include "history/conversation_title.h"
#include "history/message_index.h"
#include "history/search_query.h"
#include "history/sql_support.h"

#include <QDateTime>
#include <QSqlError>
#include <QSqlQuery>

namespace glm::history {

namespace {

template <typename T> std::optional<T> optionalValue(const QVariant& value) {
    if (value.isNull()) return std::nullopt;
    return value.value<T>();
}

QVariant nullable(const std::optional<qint64>& value) {
    return value ? QVariant(*value) : QVariant();
}
QVariant nullable(const std::optional<double>& value) {
    return value ? QVariant(*value) : QVariant();
}

StoreError messageNotFound(qint64 id) {
    return StoreError::make(StoreErrorKind::NotFound, QStringLiteral("message %1").arg(id));
}

} // namespace

const QString& MessageTree::selectColumns() {
    static const QString columns =
        QStringLiteral("m.id, m.conversation_id, m.parent_id, m.role, m.content, m.state, "
                       "m.created_at, m.model, m.error,"
                       " m.prompt_tokens, m.completion_tokens, m.tokens_per_second, "
                       "m.first_token_ms, m.duration_ms, m.thinking, m.thinking_ms");
    return columns;
}

Message MessageTree::fromQuery(const QSqlQuery& query) {
    Message m;
    m.id = query.value(0).toLongLong();
    m.conversationId = query.value(1).toLongLong();
    m.parentId = query.value(2).toLongLong();
    m.role = roleFromString(query.value(3).toString()).value_or(MessageRole::User);
    m.content = query.value(4).toString();
    m.state = stateFromString(query.value(5).toString()).value_or(MessageState::Interrupted);
    m.createdMs = query.value(6).toLongLong();
    m.model = query.value(7).toString();
    m.error = query.value(8).toString();
    m.stats.promptTokens = optionalValue<qint64>(query.value(9));
    m.stats.completionTokens = optionalValue<qint64>(query.value(10));
    m.stats.tokensPerSecond = optionalValue<double>(query.value(11));
    m.stats.firstTokenMs = optionalValue<qint64>(query.value(12));
    m.stats.durationMs = optionalValue<qint64>(query.value(13));
    m.thinking = query.value(14).toString();
    m.thinkingMs = optionalValue<qint64>(query.value(15));
    return m;
}

StoreResult<MessageTree::Written> MessageTree::add(qint64 conversationId, qint64 parentId,
                                                   MessageRole role, const QString& content,
                                                   MessageState state, const QString& model) {
    using R = StoreResult<Written>;
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    qint64 id = 0;
    {
        sql::Transaction transaction(m_db);
        if (transaction.beginError()) return R::failure(transaction.beginError());
        StoreError error;
        QSqlQuery owner = sql::prepare(
            m_db,
            QStringLiteral("SELECT title FROM conversations WHERE id = ? AND deleted_at IS NULL"),
            &error);
        if (error) return R::failure(error);
        owner.addBindValue(conversationId);
        if ((error = sql::exec(owner))) return R::failure(error);
        if (!owner.next())
            return R::failure(StoreError::make(
                StoreErrorKind::NotFound, QStringLiteral("conversation %1").arg(conversationId)));
        const bool untitled = owner.value(0).toString().isEmpty();
        owner.finish();
        if (parentId != 0) {
            QSqlQuery parent = sql::prepare(
                m_db, QStringLiteral("SELECT conversation_id FROM messages WHERE id = ?"), &error);
            if (error) return R::failure(error);
            parent.addBindValue(parentId);
            if ((error = sql::exec(parent))) return R::failure(error);
            if (!parent.next() || parent.value(0).toLongLong() != conversationId)
                return R::failure(
                    StoreError::make(StoreErrorKind::InvalidInput,
                                     QStringLiteral("message %1 is not in conversation %2")
                                         .arg(parentId)
                                         .arg(conversationId)));
        }
        QSqlQuery insert =
            sql::prepare(m_db,
                         QStringLiteral("INSERT INTO messages (conversation_id, parent_id, role, "
                                        "content, search_text, state, created_at, model)"
                                        " VALUES (?, ?, ?, ?, ?, ?, ?, ?)"),
                         &error);
        if (error) return R::failure(error);
        insert.addBindValue(conversationId);
        insert.addBindValue(parentId == 0 ? QVariant() : QVariant(parentId));
        insert.addBindValue(roleToString(role));
        insert.addBindValue(sql::text(content));
        insert.addBindValue(separateIdeographs(content)); // NULL without ideographs
        insert.addBindValue(stateToString(state));
        insert.addBindValue(now);
        insert.addBindValue(sql::text(model));
        if ((error = sql::exec(insert))) return R::failure(error);
        id = insert.lastInsertId().toLongLong();
        const bool nameIt =
            untitled && role == MessageRole::User && !titleFromMessage(content).isEmpty();
        QSqlQuery touch = sql::prepare(
            m_db,
            nameIt
                ? QStringLiteral("UPDATE conversations SET current_leaf_id = ?, updated_at = ?, "
                                 "title = ? WHERE id = ?")
                : QStringLiteral(
                      "UPDATE conversations SET current_leaf_id = ?, updated_at = ? WHERE id = ?"),
            &error);
        if (error) return R::failure(error);
        touch.addBindValue(id);
        touch.addBindValue(now);
        if (nameIt) touch.addBindValue(titleFromMessage(content));
        touch.addBindValue(conversationId);
        if ((error = sql::exec(touch))) return R::failure(error);
        if ((error = transaction.commit())) return R::failure(error);
    }
    StoreResult<Message> message = get(id);
    if (!message.ok()) return R::failure(message.error);
    StoreResult<Conversation> conversation = ConversationTable(m_db).get(conversationId);
    if (!conversation.ok()) return R::failure(conversation.error);
    return R::success({message.value, conversation.value});
}

StoreError MessageTree::checkpoint(qint64 messageId, const ReplyText& text) {
    StoreError error;
    QSqlQuery update = sql::prepare(
        m_db,
        QStringLiteral("UPDATE messages SET content = ?, search_text = ?, thinking = ?, "
                       "thinking_ms = ? WHERE id = ? AND state = 'streaming'"),
        &error);
    if (error) return error;
    update.addBindValue(sql::text(text.answer));
    update.addBindValue(separateIdeographs(text.answer));
    update.addBindValue(sql::text(text.thinking));
    update.addBindValue(nullable(text.thinkingMs));
    update.addBindValue(messageId);
    if ((error = sql::exec(update))) return error;
    return update.numRowsAffected() == 0 ? messageNotFound(messageId) : StoreError();
}

StoreResult<MessageTree::Written> MessageTree::finish(qint64 messageId, const ReplyText& text,
                                                      MessageState state,
                                                      const GenerationStats& stats,
                                                      const QString& errorText) {
    using R = StoreResult<Written>;
    if (state == MessageState::Streaming)
        return R::failure(StoreError::make(StoreErrorKind::InvalidInput,
                                           QStringLiteral("a finished reply cannot be streaming")));
    StoreResult<Message> before = get(messageId);
    if (!before.ok()) return R::failure(before.error);
    {
        sql::Transaction transaction(m_db);
        if (transaction.beginError()) return R::failure(transaction.beginError());
        StoreError error;
        QSqlQuery update = sql::prepare(
            m_db,
            QStringLiteral(
                "UPDATE messages SET content = ?, search_text = ?, state = ?, error = ?, "
                "prompt_tokens = ?, "
                "completion_tokens = ?,"
                " tokens_per_second = ?, first_token_ms = ?, duration_ms = ?, thinking = ?, "
                "thinking_ms = ? WHERE id = ?"),
            &error);
        if (error) return R::failure(error);
        update.addBindValue(sql::text(text.answer));
        update.addBindValue(separateIdeographs(text.answer));
        update.addBindValue(stateToString(state));
        update.addBindValue(sql::text(errorText));
        update.addBindValue(nullable(stats.promptTokens));
        update.addBindValue(nullable(stats.completionTokens));
        update.addBindValue(nullable(stats.tokensPerSecond));
        update.addBindValue(nullable(stats.firstTokenMs));
        update.addBindValue(nullable(stats.durationMs));
        update.addBindValue(sql::text(text.thinking));
        update.addBindValue(nullable(text.thinkingMs));
        update.addBindValue(messageId);
        if ((error = sql::exec(update))) return R::failure(error);
        QSqlQuery touch = sql::prepare(
            m_db, QStringLiteral("UPDATE conversations SET updated_at = ? WHERE id = ?"), &error);
        if (error) return R::failure(error);
        touch.addBindValue(QDateTime::currentMSecsSinceEpoch());
        touch.addBindValue(before.value.conversationId);
        if ((error = sql::exec(touch))) return R::failure(error);
        if ((error = transaction.commit())) return R::failure(error);
    }
    StoreResult<Message> after = get(messageId);
    if (!after.ok()) return R::failure(after.error);
    StoreResult<Conversation> conversation =
        ConversationTable(m_db).get(after.value.conversationId);
    if (!conversation.ok()) return R::failure(conversation.error);
    return R::success({after.value, conversation.value});
}

StoreResult<Message> MessageTree::get(qint64 messageId) {
    using R = StoreResult<Message>;
    StoreError error;
    QSqlQuery query = sql::prepare(
        m_db, QStringLiteral("SELECT %1 FROM messages m WHERE m.id = ?").arg(selectColumns()),
        &error);
    if (error) return R::failure(error);
    query.addBindValue(messageId);
    if ((error = sql::exec(query))) return R::failure(error);
    if (!query.next()) {
        error = StoreError::fromSql(query.lastError());
        return R::failure(error ? error : messageNotFound(messageId));
    }
    return R::success(fromQuery(query));
}

StoreResult<QList<Message>> MessageTree::all(qint64 conversationId) {
    using R = StoreResult<QList<Message>>;
    StoreError error;
    QSqlQuery query = sql::prepare(
        m_db,
        QStringLiteral("SELECT %1 FROM messages m WHERE m.conversation_id = ? ORDER BY m.id")
            .arg(selectColumns()),
        &error);
    if (error) return R::failure(error);
    query.addBindValue(conversationId);
    if ((error = sql::exec(query))) return R::failure(error);
    QList<Message> messages;
    while (query.next()) messages.append(fromQuery(query));
    if ((error = StoreError::fromSql(query.lastError()))) return R::failure(error);
    return R::success(messages);
}

StoreResult<ConversationThread> MessageTree::thread(qint64 conversationId) {
    using R = StoreResult<ConversationThread>;
    StoreResult<Conversation> conversation = ConversationTable(m_db).get(conversationId);
    if (!conversation.ok()) return R::failure(conversation.error);
    StoreResult<QList<Message>> messages = all(conversationId);
    if (!messages.ok()) return R::failure(messages.error);
    return R::success(MessageIndex(messages.value).thread(conversation.value));
}

StoreResult<ConversationThread> MessageTree::switchBranch(qint64 conversationId, qint64 messageId) {
    using R = StoreResult<ConversationThread>;
    StoreResult<Conversation> conversation = ConversationTable(m_db).get(conversationId);
    if (!conversation.ok()) return R::failure(conversation.error);
    StoreResult<QList<Message>> messages = all(conversationId);
    if (!messages.ok()) return R::failure(messages.error);
    const MessageIndex tree(messages.value);
    if (!tree.contains(messageId)) return R::failure(messageNotFound(messageId));
    const qint64 leaf = tree.newestLeafUnder(messageId);
    if (StoreError error = setCurrentLeaf(conversationId, leaf)) return R::failure(error);
    conversation.value.currentLeafId = leaf;
    return R::success(tree.thread(conversation.value));
}

StoreError MessageTree::setCurrentLeaf(qint64 conversationId, qint64 leafId) {
    StoreError error;
    QSqlQuery update = sql::prepare(
        m_db, QStringLiteral("UPDATE conversations SET current_leaf_id = ? WHERE id = ?"), &error);
    if (error) return error;
    update.addBindValue(leafId);
    update.addBindValue(conversationId);
    return sql::exec(update);
}

} // namespace glm::history
