#include "message_search.h"

#include "search_query.h"
#include "sql_support.h"

#include <QSqlError>
#include <QSqlQuery>

namespace glm::history {

StoreResult<QList<SearchHit>> MessageSearch::search(const QString& text, int limit) {
    using R = StoreResult<QList<SearchHit>>;
    const SearchQuery query = SearchQuery::parse(text);
    if (query.isEmpty()) return R::success({});

    // Snippets are cut here rather than by FTS5's snippet(): short terms are invisible to the
    // index, and trigram "tokens" are single characters, which makes snippet() excerpts too
    // short to read. Reading the hits' text costs little at these limits.
    const bool indexed = !query.longTerms.isEmpty();
    QString statement =
        QStringLiteral("SELECT m.id, m.conversation_id, c.title, m.role, m.created_at, m.content ");
    statement +=
        indexed ? QStringLiteral("FROM messages_fts JOIN messages m ON m.id = messages_fts.rowid"
                                 " JOIN conversations c ON c.id = m.conversation_id"
                                 " WHERE messages_fts MATCH ? AND c.deleted_at IS NULL")
                : QStringLiteral("FROM messages m JOIN conversations c ON c.id = m.conversation_id"
                                 " WHERE c.deleted_at IS NULL");
    for (qsizetype i = 0; i < query.shortTerms.size(); ++i)
        statement += QStringLiteral(" AND m.content LIKE ? ESCAPE '\\'");
    // Message ids grow with time, and both FTS5 and the table can walk ids backwards and stop
    // at the limit, so "newest first" costs no sort.
    statement += indexed ? QStringLiteral(" ORDER BY messages_fts.rowid DESC LIMIT ?")
                         : QStringLiteral(" ORDER BY m.id DESC LIMIT ?");

    StoreError error;
    QSqlQuery sqlQuery = sql::prepare(m_db, statement, &error);
    if (error) return R::failure(error);
    if (indexed) sqlQuery.addBindValue(query.ftsExpression());
    for (const QString& term : query.shortTerms)
        sqlQuery.addBindValue(SearchQuery::likePattern(term));
    sqlQuery.addBindValue(qBound(1, limit, kMaxResults));
    if ((error = sql::exec(sqlQuery))) return R::failure(error);

    const QStringList terms = query.allTerms();
    QList<SearchHit> hits;
    while (sqlQuery.next()) {
        SearchHit hit;
        hit.messageId = sqlQuery.value(0).toLongLong();
        hit.conversationId = sqlQuery.value(1).toLongLong();
        hit.conversationTitle = sqlQuery.value(2).toString();
        hit.role = roleFromString(sqlQuery.value(3).toString()).value_or(MessageRole::User);
        hit.createdMs = sqlQuery.value(4).toLongLong();
        hit.snippet = makeSnippet(sqlQuery.value(5).toString(), terms);
        hits.append(hit);
    }
    if ((error = StoreError::fromSql(sqlQuery.lastError()))) return R::failure(error);
    return R::success(hits);
}

} // namespace glm::history
