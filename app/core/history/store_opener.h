// Opens the history database and copes with everything that can be wrong with it, so the app
// always starts with a usable store and can say in words what happened:
//
//   damaged file or not a database  -> renamed aside ("<file>.damaged-<time>", with its -wal),
//                                      a fresh file is created and whatever rows can still be
//                                      read are copied into it (store_salvage.h)
//   written by a newer GLM Chat     -> left untouched for that version; this version keeps its
//                                      chats in a sibling file "<name>.v<N>.sqlite"
//   read-only file or folder,       -> the history is opened from a temporary copy (or an
//   disk full while upgrading          empty in-memory store when there is nothing to copy);
//                                      the notice says new chats will not be kept
//   locked by another program       -> an empty in-memory store; the file is not touched
//
// Nothing is ever deleted. An integrity check (PRAGMA quick_check) reads the whole file, so it
// runs on every open only while the file is under 32 MiB; a larger file is checked when the
// last session did not close cleanly (a -wal file is left over) or met a damaged page (it
// leaves a "<file>.check" marker). Damage found later, by a query, sets the notice and the
// marker, and the next start repairs.
//
// Runs on the store's worker thread; the connection it returns belongs to that thread.
#pragma once

#include "history/store_error.h"
#include "history/store_options.h"

#include <QString>
#include <memory>

class QTemporaryDir;

namespace glm::history {

enum class StoreMode {
    Persistent,    // the history file in the data directory
    TemporaryCopy, // a copy of an unwritable history file; changes are lost on quit
    InMemory,      // nothing on disk; changes are lost on quit
};

struct OpenedStore {
    QString connectionName; // a QSqlDatabase connection, ready to use
    QString path;           // the file in use; empty for InMemory
    QString primaryPath;    // where the history file belongs (data directory)
    StoreMode mode = StoreMode::InMemory;
    QString notice;         // what happened, for the user; empty when all went well
    QString movedAsidePath; // where a damaged file was kept
    int recoveredConversations = 0;
    std::shared_ptr<QTemporaryDir> scratch; // keeps a temporary copy alive
};

class StoreOpener {
public:
    static OpenedStore open(const StoreOptions& options);
    // Closes and unregisters the connection (checkpointing the WAL into the file).
    static void close(OpenedStore& store);

    // "<file>.check": asks the next open to run an integrity check.
    static QString checkMarkerPath(const QString& databasePath);
    // The connection setup every store file gets (WAL, foreign keys, durable commits).
    static StoreResult<QString> connect(const QString& path, const StoreOptions& options,
                                        bool readOnly);
    static void disconnect(const QString& connectionName);
};

} // namespace glm::history
