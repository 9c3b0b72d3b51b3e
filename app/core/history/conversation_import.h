// Reads a JSON archive written by exportJson (docs/conversation-json.md) and adds its
// conversations to the store. A conversation already present (same uuid, live or in the
// trash) is a duplicate and is left alone, so importing the same file twice adds nothing.
// Everything in the file is checked: a bad file is refused with a reason, a bad conversation
// is skipped with a reason, and nothing is half-imported.
#pragma once

#include "history/conversation_types.h"
#include "history/store_error.h"

#include <QSqlDatabase>
#include <QStringList>

namespace glm::history {

// Message ids inside records are the file's ids (parents before children).
struct ParsedArchive {
    QList<ConversationRecord> records;
    int rejected = 0;
    QStringList problems; // one sentence per skipped conversation
};

struct ImportReport {
    int imported = 0;
    int duplicates = 0;
    int rejected = 0;
    QStringList problems;
};

inline constexpr qint64 kMaxArchiveBytes = qint64(1) << 30; // 1 GiB

// Fails (InvalidInput) when the data is not JSON, not our format, or from a newer version.
StoreResult<ParsedArchive> parseJsonArchive(const QByteArray& data);

// Adds the records not present yet, all in one transaction.
StoreResult<ImportReport> importRecords(QSqlDatabase& db, const ParsedArchive& archive);

} // namespace glm::history
