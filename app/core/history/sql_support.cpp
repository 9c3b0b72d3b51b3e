#include "history/sql_support.h"

#include <QSqlError>

namespace glm::history::sql {

StoreError exec(QSqlDatabase& db, const QString& statement) {
    QSqlQuery query(db);
    if (!query.exec(statement)) return StoreError::fromSql(query.lastError());
    return {};
}

StoreError exec(QSqlQuery& query) {
    if (!query.exec()) return StoreError::fromSql(query.lastError());
    return {};
}

QSqlQuery prepare(QSqlDatabase& db, const QString& statement, StoreError* error) {
    QSqlQuery query(db);
    query.setForwardOnly(true);
    if (!query.prepare(statement)) *error = StoreError::fromSql(query.lastError());
    return query;
}

StoreResult<QVariant> scalar(QSqlDatabase& db, const QString& statement) {
    QSqlQuery query(db);
    query.setForwardOnly(true);
    if (!query.exec(statement))
        return StoreResult<QVariant>::failure(StoreError::fromSql(query.lastError()));
    if (!query.next()) {
        // next() fails both at the end of the rows and on a read error.
        if (query.lastError().type() != QSqlError::NoError)
            return StoreResult<QVariant>::failure(StoreError::fromSql(query.lastError()));
        return StoreResult<QVariant>::success(QVariant());
    }
    return StoreResult<QVariant>::success(query.value(0));
}

Transaction::Transaction(QSqlDatabase& db) : m_db(db) {
    m_beginError = exec(m_db, QStringLiteral("BEGIN IMMEDIATE"));
    m_open = !m_beginError.isError();
}

Transaction::~Transaction() {
    if (m_open) exec(m_db, QStringLiteral("ROLLBACK"));
}

StoreError Transaction::commit() {
    if (!m_open)
        return m_beginError.isError()
                   ? m_beginError
                   : StoreError::make(StoreErrorKind::Other, QStringLiteral("no transaction"));
    StoreError error = exec(m_db, QStringLiteral("COMMIT"));
    // A failed COMMIT (e.g. SQLITE_FULL) leaves the transaction open: the destructor rolls back.
    if (!error.isError()) m_open = false;
    return error;
}

} // namespace glm::history::sql
