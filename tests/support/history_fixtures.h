// Helpers shared by the conversation-history tests: waiting for ConversationStore callbacks,
// raw SQL on a store file, and seeding conversations with chosen timestamps.
#pragma once

#include "history/conversation_database.h"
#include "history/conversation_store.h"
#include "history/conversation_table.h"
#include "history/message_tree.h"

#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QTest>
#include <optional>

namespace glm::history::test {

// Calls call(done) and spins the event loop until done ran (or 20 s passed).
template <typename T, typename Call> std::optional<StoreResult<T>> await(Call call) {
    std::optional<StoreResult<T>> result;
    call([&result](const StoreResult<T>& r) { result = r; });
    (void)QTest::qWaitFor([&result] { return result.has_value(); }, 20000);
    return result;
}

inline std::optional<StoreError>
awaitStatus(const std::function<void(ConversationStore::DoneStatus)>& call) {
    std::optional<StoreError> result;
    call([&result](const StoreError& e) { result = e; });
    (void)QTest::qWaitFor([&result] { return result.has_value(); }, 20000);
    return result;
}

inline bool waitReady(ConversationStore& store) {
    return QTest::qWaitFor([&store] { return store.isReady(); }, 20000);
}

// A separate connection to a store file, as another program would have.
class RawConnection {
public:
    explicit RawConnection(const QString& path, const QString& options = {}) {
        static int counter = 0;
        m_name = QStringLiteral("raw-%1").arg(++counter);
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), m_name);
        db.setDatabaseName(path);
        db.setConnectOptions(options);
        m_open = db.open();
    }
    ~RawConnection() {
        {
            QSqlDatabase db = QSqlDatabase::database(m_name, false);
            db.close();
        }
        QSqlDatabase::removeDatabase(m_name);
    }
    bool isOpen() const { return m_open; }
    QSqlDatabase db() const { return QSqlDatabase::database(m_name, false); }
    // Runs a statement; returns the first column of the first row (or an error string).
    QVariant value(const QString& statement) const {
        QSqlQuery query(db());
        if (!query.exec(statement)) return QStringLiteral("ERROR: ") + query.lastError().text();
        return query.next() ? query.value(0) : QVariant();
    }
    bool exec(const QString& statement) const {
        QSqlQuery query(db());
        const bool ok = query.exec(statement);
        if (!ok) qWarning("%s: %s", qPrintable(statement), qPrintable(query.lastError().text()));
        return ok;
    }

private:
    QString m_name;
    bool m_open = false;
};

// Sets a conversation's last-activity time (the sidebar order) directly.
inline bool setUpdated(QSqlDatabase& db, qint64 id, qint64 updatedMs) {
    QSqlQuery query(db);
    query.prepare(QStringLiteral("UPDATE conversations SET updated_at = ? WHERE id = ?"));
    query.addBindValue(updatedMs);
    query.addBindValue(id);
    return query.exec();
}

inline StoreOptions optionsFor(const QString& dir) {
    StoreOptions options;
    options.dataDirectory = dir;
    options.busyTimeoutMs = 300;
    return options;
}

} // namespace glm::history::test
