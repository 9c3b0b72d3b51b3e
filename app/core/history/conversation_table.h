// Conversation rows: create, read a sidebar page, rename, pin, settings, trash and restore.
// Works on a connection it does not own; every write is one transaction.
#pragma once

#include "history/conversation_types.h"
#include "history/store_error.h"

#include <QSqlDatabase>

class QSqlQuery;

namespace glm::history {

class ConversationTable {
public:
    explicit ConversationTable(QSqlDatabase& db) : m_db(db) {}

    StoreResult<Conversation> create(const QString& model, const QJsonObject& settings,
                                     const QString& title = {});
    // A live (not trashed) conversation; NotFound otherwise.
    StoreResult<Conversation> get(qint64 id);
    // Live conversations in sidebar order that come after `after` (default: from the top).
    StoreResult<QList<Conversation>> page(const ConversationSortKey& after, int limit);
    StoreResult<qint64> count();
    StoreResult<QList<qint64>> liveIds();

    StoreResult<Conversation> rename(qint64 id, const QString& title);
    StoreResult<Conversation> setPinned(qint64 id, bool pinned);
    StoreResult<Conversation> setModel(qint64 id, const QString& model);
    StoreResult<Conversation> setSettings(qint64 id, const QJsonObject& settings);

    // Trash keeps the conversation restorable (undo) until it expires (StoreOptions).
    StoreError trash(qint64 id);
    StoreResult<Conversation> restore(qint64 id);
    // Deletes the conversation and all its messages for good.
    StoreError purge(qint64 id);

    static const QString& selectColumns();
    static Conversation fromQuery(const QSqlQuery& query, int firstColumn = 0);

private:
    StoreResult<Conversation> updateColumn(qint64 id, const QString& column, const QVariant& value);

    QSqlDatabase& m_db;
};

} // namespace glm::history
