// The history database as one synchronous object: opens (and repairs) the file, then lends
// its connection to the table classes (ConversationTable, MessageTree, MessageSearch) that do
// the reading and writing. Belongs to one thread: ConversationStore keeps it on its worker
// thread; tests, the benchmark and command-line tools may use it directly.
#pragma once

#include "history/store_opener.h"

#include <QSqlDatabase>

namespace glm::history {

class ConversationDatabase {
public:
    explicit ConversationDatabase(const StoreOptions& options);
    ~ConversationDatabase();
    ConversationDatabase(const ConversationDatabase&) = delete;
    ConversationDatabase& operator=(const ConversationDatabase&) = delete;

    // Always true unless Qt's SQLite driver is missing: a broken file is replaced, not fatal.
    bool isOpen() const { return !m_store.connectionName.isEmpty(); }
    StoreMode mode() const { return m_store.mode; }
    bool isPersistent() const { return m_store.mode == StoreMode::Persistent; }
    const QString& notice() const { return m_store.notice; }
    const QString& path() const { return m_store.path; }
    const QString& primaryPath() const { return m_store.primaryPath; }
    const QString& movedAsidePath() const { return m_store.movedAsidePath; }
    int recoveredConversations() const { return m_store.recoveredConversations; }
    const StoreOptions& options() const { return m_options; }

    QSqlDatabase& connection() { return m_db; }

    // Asks the next open to check the file's integrity (after a damaged page was met).
    void requestIntegrityCheck() const;

private:
    StoreOptions m_options;
    OpenedStore m_store;
    QSqlDatabase m_db;
};

} // namespace glm::history
