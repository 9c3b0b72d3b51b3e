// The database schema as an ordered list of migrations. A new database is made by running
// every migration from version 0, so there is no second "current schema" that could drift
// from what upgraded databases get. The version lives in PRAGMA user_version.
//
// History (append only; never edit a released step, add a new one):
//   1  conversations and the message tree (parent ids, current leaf)
//   2  full-text search: FTS5 trigram index over message content, kept by triggers
//   3  conversation uuid (identity for export/import) and trash (deleted_at)
//   4  per-message model name, error text and generation stats
//   5  word index for 1-2 character queries: messages.search_text (ideographs spaced out,
//      NULL when equal to content) and the contentless FTS5 table messages_words
//   6  a reasoning model's thinking apart from its answer: messages.thinking and thinking_ms
#pragma once

#include "history/store_error.h"

#include <QSqlDatabase>

namespace glm::history::schema {

inline constexpr int kCurrentVersion = 6;

StoreResult<int> readVersion(QSqlDatabase& db);

// Brings the database from its user_version up to targetVersion, one transaction per step,
// so a failure (disk full, lock) leaves it at the last completed version, never in between.
// A database newer than kCurrentVersion is refused with StoreErrorKind::NewerVersion.
StoreError migrate(QSqlDatabase& db, int targetVersion = kCurrentVersion);

} // namespace glm::history::schema
