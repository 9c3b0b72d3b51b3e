#include "history/message_search.h"

#include "history/search_query.h"
#include "history/sql_support.h"

#include <QSqlError>
#include <QSqlQuery>

namespace glm::history {

StoreResult<QList<SearchHit>> MessageSearch::search(const QString& text, int limit) {
    using R = StoreResult<QList<SearchHit>>;
    const SearchQuery query = SearchQuery::parse(text);
    if (query.isEmpty()) return R::success({});

    // The most selective index drives the query and walks message ids backwards (ids grow
    // with time), stopping at the limit: "newest first" costs no sort. The other kinds of
    // terms filter its rows.
    const bool trigram = !query.longTerms.isEmpty();
    const bool words = !query.wordTerms.isEmpty();
    QString statement =
        QStringLiteral("SELECT m.id, m.conversation_id, c.title, m.role, m.created_at, m.content ");
    QStringList where{QStringLiteral("c.deleted_at IS NULL")};
    QString order;
    if (trigram) {
        statement +=
            QStringLiteral("FROM messages_fts JOIN messages m ON m.id = messages_fts.rowid ");
        where.append(QStringLiteral("messages_fts MATCH ?"));
        if (words)
            where.append(QStringLiteral(
                "m.id IN (SELECT rowid FROM messages_words WHERE messages_words MATCH ?)"));
        order = QStringLiteral("messages_fts.rowid DESC");
    } else if (words) {
        statement +=
            QStringLiteral("FROM messages_words JOIN messages m ON m.id = messages_words.rowid ");
        where.append(QStringLiteral("messages_words MATCH ?"));
        order = QStringLiteral("messages_words.rowid DESC");
    } else {
        statement += QStringLiteral("FROM messages m ");
        order = QStringLiteral("m.id DESC");
    }
    statement += QStringLiteral("JOIN conversations c ON c.id = m.conversation_id ");
    for (qsizetype i = 0; i < query.likeTerms.size(); ++i)
        where.append(QStringLiteral("m.content LIKE ? ESCAPE '\\'"));
    statement += QStringLiteral("WHERE %1 ORDER BY %2 LIMIT ?")
                     .arg(where.join(QStringLiteral(" AND ")), order);

    StoreError error;
    QSqlQuery sqlQuery = sql::prepare(m_db, statement, &error);
    if (error) return R::failure(error);
    if (trigram) sqlQuery.addBindValue(query.trigramExpression());
    if (words) sqlQuery.addBindValue(query.wordExpression());
    for (const QString& term : query.likeTerms)
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

StoreResult<QList<SearchHit>> MessageSearch::searchTitles(const QString& text, int limit) {
    using R = StoreResult<QList<SearchHit>>;
    const SearchQuery query = SearchQuery::parse(text);
    if (query.isEmpty()) return R::success({});
    // Titles are short and few (one per conversation): LIKE over the live ones, no index.
    const QStringList terms = query.allTerms();
    QStringList where{QStringLiteral("deleted_at IS NULL")};
    for (qsizetype i = 0; i < terms.size(); ++i)
        where.append(QStringLiteral("title LIKE ? ESCAPE '\\'"));
    StoreError error;
    QSqlQuery sqlQuery =
        sql::prepare(m_db,
                     QStringLiteral("SELECT id, title, updated_at FROM conversations WHERE %1 "
                                    "ORDER BY updated_at DESC, id DESC LIMIT ?")
                         .arg(where.join(QStringLiteral(" AND "))),
                     &error);
    if (error) return R::failure(error);
    for (const QString& term : terms) sqlQuery.addBindValue(SearchQuery::likePattern(term));
    sqlQuery.addBindValue(qBound(1, limit, kMaxResults));
    if ((error = sql::exec(sqlQuery))) return R::failure(error);
    QList<SearchHit> hits;
    while (sqlQuery.next()) {
        SearchHit hit;
        hit.conversationId = sqlQuery.value(0).toLongLong();
        hit.conversationTitle = sqlQuery.value(1).toString();
        hit.role = MessageRole::System;
        hit.createdMs = sqlQuery.value(2).toLongLong();
        hit.snippet = makeSnippet(hit.conversationTitle, terms);
        hits.append(hit);
    }
    if ((error = StoreError::fromSql(sqlQuery.lastError()))) return R::failure(error);
    return R::success(hits);
}

} // namespace glm::history
