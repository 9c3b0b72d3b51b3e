// Full-text search over every message of the live (not trashed) conversations, newest first,
// and over their titles,
// with a highlighted snippet per hit (search_query.h: makeSnippet). English and Chinese alike: see
// search_query.h for how queries of 1, 2 and 3+ characters are answered.
#pragma once

#include "history/conversation_types.h"
#include "history/store_error.h"

#include <QSqlDatabase>

namespace glm::history {

class MessageSearch {
public:
    explicit MessageSearch(QSqlDatabase& db) : m_db(db) {}

    static constexpr int kMaxResults = 500;

    StoreResult<QList<SearchHit>> search(const QString& text, int limit = 100);
    // Conversations whose title holds every term of `text`, most recent first: hits with no
    // message (messageId 0), the title as the snippet, role System.
    StoreResult<QList<SearchHit>> searchTitles(const QString& text, int limit = 20);

private:
    QSqlDatabase& m_db;
};

} // namespace glm::history
