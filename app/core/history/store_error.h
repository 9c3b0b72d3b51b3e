// What went wrong in the conversation store, classified so the app can say it in words and
// decide what to do (wait, retry later, fall back to a temporary store, move a file aside).
#pragma once

#include <QString>
#include <utility>

class QSqlError;

namespace glm::history {

enum class StoreErrorKind {
    None,
    Busy,         // another program holds a lock on the database file
    DiskFull,     // SQLITE_FULL: the disk (or the configured size limit) is full
    ReadOnly,     // the file or its folder cannot be written
    Corrupt,      // the file is damaged or is not a database at all
    CannotOpen,   // the file or folder cannot be opened or created
    NewerVersion, // written by a newer GLM Chat
    NotFound,     // the conversation or message does not exist
    InvalidInput, // the caller's or a file's data is wrong
    Io,           // another input/output error
    Other,
};

struct StoreError {
    StoreErrorKind kind = StoreErrorKind::None;
    QString detail; // technical text (SQLite's message, a file name), for logs and notices

    bool isError() const { return kind != StoreErrorKind::None; }
    explicit operator bool() const { return isError(); }

    // Classifies a Qt SQL error by SQLite's primary result code.
    static StoreError fromSql(const QSqlError& error);
    static StoreError make(StoreErrorKind kind, QString detail) {
        return {kind, std::move(detail)};
    }

    // One sentence for the user: what happened and what to do.
    QString userText() const;
};

// A value or the reason there is none.
template <typename T> struct StoreResult {
    T value{};
    StoreError error;

    bool ok() const { return !error.isError(); }
    static StoreResult success(T v) { return {std::move(v), {}}; }
    static StoreResult failure(StoreError e) { return {T{}, std::move(e)}; }
};

} // namespace glm::history
