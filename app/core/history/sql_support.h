// Small helpers over Qt SQL that turn every failure into a classified StoreError, so no
// caller can forget to look at lastError().
#pragma once

#include "history/store_error.h"

#include <QSqlDatabase>
#include <QSqlQuery>
#include <QVariant>

namespace glm::history::sql {

// A string for a NOT NULL text column: Qt binds a null QString as SQL NULL.
inline QString text(const QString& value) {
    return value.isNull() ? QStringLiteral("") : value;
}

// Runs one statement without parameters.
StoreError exec(QSqlDatabase& db, const QString& statement);
// Runs a prepared, bound query.
StoreError exec(QSqlQuery& query);
// Prepares a statement; on failure *error says why.
QSqlQuery prepare(QSqlDatabase& db, const QString& statement, StoreError* error);
// The first column of the first row (a null QVariant when there is no row).
StoreResult<QVariant> scalar(QSqlDatabase& db, const QString& statement);

// BEGIN IMMEDIATE ... COMMIT; rolls back unless commit() succeeded. IMMEDIATE takes the write
// lock at once, so a transaction never fails half-way because another writer got in first.
class Transaction {
public:
    explicit Transaction(QSqlDatabase& db);
    ~Transaction();
    Transaction(const Transaction&) = delete;
    Transaction& operator=(const Transaction&) = delete;

    const StoreError& beginError() const { return m_beginError; }
    StoreError commit();

private:
    QSqlDatabase& m_db;
    StoreError m_beginError;
    bool m_open = false;
};

} // namespace glm::history::sql
