#include "history/store_schema.h"

#include "history/history_log.h"
#include "history/search_query.h"
#include "history/sql_support.h"

#include <QSqlError>
#include <QSqlQuery>
#include <QUuid>

namespace glm::history::schema {

namespace {

StoreError execAll(QSqlDatabase& db, std::initializer_list<const char*> statements) {
    for (const char* statement : statements)
        if (StoreError error = sql::exec(db, QString::fromUtf8(statement))) return error;
    return {};
}

// parent_id is checked at commit (DEFERRABLE) and has no ON DELETE action on purpose: deleting
// a conversation removes its messages through conversation_id in one pass, whereas a cascade
// along parent_id would recurse once per tree level and hit SQLite's trigger depth limit on
// long chats.
StoreError toVersion1(QSqlDatabase& db) {
    return execAll(
        db, {
                "CREATE TABLE conversations ("
                " id INTEGER PRIMARY KEY,"
                " title TEXT NOT NULL DEFAULT '',"
                " model TEXT NOT NULL DEFAULT '',"
                " created_at INTEGER NOT NULL,"
                " updated_at INTEGER NOT NULL,"
                " pinned INTEGER NOT NULL DEFAULT 0,"
                " settings TEXT NOT NULL DEFAULT '{}',"
                " current_leaf_id INTEGER REFERENCES messages(id) ON DELETE SET NULL DEFERRABLE "
                "INITIALLY DEFERRED)",
                "CREATE TABLE messages ("
                " id INTEGER PRIMARY KEY,"
                " conversation_id INTEGER NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,"
                " parent_id INTEGER REFERENCES messages(id) DEFERRABLE INITIALLY DEFERRED,"
                " role TEXT NOT NULL CHECK (role IN ('system', 'user', 'assistant')),"
                " content TEXT NOT NULL DEFAULT '',"
                " state TEXT NOT NULL DEFAULT 'complete'"
                "  CHECK (state IN ('complete', 'streaming', 'interrupted', 'error')),"
                " created_at INTEGER NOT NULL,"
                " prompt_tokens INTEGER,"
                " completion_tokens INTEGER)",
                "CREATE INDEX messages_by_conversation ON messages(conversation_id, id)",
                "CREATE INDEX messages_by_parent ON messages(parent_id)",
                "CREATE INDEX messages_streaming ON messages(state) WHERE state = 'streaming'",
                "CREATE INDEX conversations_by_recency ON conversations(pinned, updated_at, id)",
            });
}

// Trigram matches any substring of 3+ characters in any script (unicode61 does not split
// Chinese); shorter queries use LIKE on the base table (message_search.cpp).
StoreError toVersion2(QSqlDatabase& db) {
    return execAll(
        db, {
                "CREATE VIRTUAL TABLE messages_fts USING fts5("
                " content, content='messages', content_rowid='id', tokenize='trigram')",
                "CREATE TRIGGER messages_fts_insert AFTER INSERT ON messages BEGIN"
                " INSERT INTO messages_fts(rowid, content) VALUES (new.id, new.content); END",
                "CREATE TRIGGER messages_fts_delete AFTER DELETE ON messages BEGIN"
                " INSERT INTO messages_fts(messages_fts, rowid, content) VALUES ('delete', old.id, "
                "old.content); END",
                "CREATE TRIGGER messages_fts_update AFTER UPDATE OF content ON messages BEGIN"
                " INSERT INTO messages_fts(messages_fts, rowid, content) VALUES ('delete', old.id, "
                "old.content);"
                " INSERT INTO messages_fts(rowid, content) VALUES (new.id, new.content); END",
                "INSERT INTO messages_fts(messages_fts) VALUES ('rebuild')",
            });
}

StoreError toVersion3(QSqlDatabase& db) {
    if (StoreError error =
            execAll(db, {
                            "ALTER TABLE conversations ADD COLUMN uuid TEXT",
                            "ALTER TABLE conversations ADD COLUMN deleted_at INTEGER",
                        }))
        return error;
    // Existing conversations get their identity now; new ones get it when created.
    StoreError error;
    QSqlQuery ids =
        sql::prepare(db, QStringLiteral("SELECT id FROM conversations WHERE uuid IS NULL"), &error);
    if (error || (error = sql::exec(ids))) return error;
    QSqlQuery set =
        sql::prepare(db, QStringLiteral("UPDATE conversations SET uuid = ? WHERE id = ?"), &error);
    if (error) return error;
    QList<qint64> pending;
    while (ids.next()) pending.append(ids.value(0).toLongLong());
    ids.finish();
    for (qint64 id : pending) {
        set.bindValue(0, QUuid::createUuid().toString(QUuid::WithoutBraces));
        set.bindValue(1, id);
        if ((error = sql::exec(set))) return error;
    }
    return execAll(db, {
                           "CREATE UNIQUE INDEX conversations_by_uuid ON conversations(uuid)",
                           "DROP INDEX conversations_by_recency",
                           // The sidebar reads live conversations in this order, page by page.
                           "CREATE INDEX conversations_sidebar ON conversations(pinned, "
                           "updated_at, id) WHERE deleted_at IS NULL",
                           "CREATE INDEX conversations_trash ON conversations(deleted_at) WHERE "
                           "deleted_at IS NOT NULL",
                       });
}

StoreError toVersion4(QSqlDatabase& db) {
    return execAll(db, {
                           "ALTER TABLE messages ADD COLUMN model TEXT NOT NULL DEFAULT ''",
                           "ALTER TABLE messages ADD COLUMN error TEXT NOT NULL DEFAULT ''",
                           "ALTER TABLE messages ADD COLUMN tokens_per_second REAL",
                           "ALTER TABLE messages ADD COLUMN first_token_ms INTEGER",
                           "ALTER TABLE messages ADD COLUMN duration_ms INTEGER",
                       });
}

// Queries of one or two characters are too short for trigrams. This index holds words as
// unicode61 splits them, but over search_text, where each Chinese or Japanese character stands
// apart, so "天" and "天气" are words and phrases it can find. search_text is written by the
// store (separateIdeographs) and is NULL for text without ideographs, to save the space; the
// index then reads content. The table is contentless: it only answers which rows match.
StoreError toVersion5(QSqlDatabase& db) {
    if (StoreError error =
            sql::exec(db, QStringLiteral("ALTER TABLE messages ADD COLUMN search_text TEXT")))
        return error;
    StoreError error;
    QSqlQuery read = sql::prepare(db, QStringLiteral("SELECT id, content FROM messages"), &error);
    if (error || (error = sql::exec(read))) return error;
    QList<QPair<qint64, QString>> spaced;
    while (read.next()) {
        const QString words = separateIdeographs(read.value(1).toString());
        if (!words.isNull()) spaced.append({read.value(0).toLongLong(), words});
    }
    if ((error = StoreError::fromSql(read.lastError()))) return error;
    read.finish();
    QSqlQuery write = sql::prepare(
        db, QStringLiteral("UPDATE messages SET search_text = ? WHERE id = ?"), &error);
    if (error) return error;
    for (const auto& [id, words] : spaced) {
        write.bindValue(0, words);
        write.bindValue(1, id);
        if ((error = sql::exec(write))) return error;
    }
    return execAll(db,
                   {
                       "CREATE VIRTUAL TABLE messages_words USING fts5(words, content='', "
                       "tokenize='unicode61')",
                       "CREATE TRIGGER messages_words_insert AFTER INSERT ON messages BEGIN"
                       " INSERT INTO messages_words(rowid, words) VALUES (new.id, "
                       "coalesce(new.search_text, new.content)); END",
                       "CREATE TRIGGER messages_words_delete AFTER DELETE ON messages BEGIN"
                       " INSERT INTO messages_words(messages_words, rowid, words)"
                       " VALUES ('delete', old.id, coalesce(old.search_text, old.content)); END",
                       "CREATE TRIGGER messages_words_update AFTER UPDATE OF content, search_text "
                       "ON messages BEGIN"
                       " INSERT INTO messages_words(messages_words, rowid, words)"
                       " VALUES ('delete', old.id, coalesce(old.search_text, old.content));"
                       " INSERT INTO messages_words(rowid, words) VALUES (new.id, "
                       "coalesce(new.search_text, new.content)); END",
                       "INSERT INTO messages_words(rowid, words) SELECT id, coalesce(search_text, "
                       "content) FROM messages",
                   });
}

// The thinking is not indexed for search (neither trigram nor word index): it is the model's
// scratch work, long, full of the question's own words and of guesses it later drops, and it
// is folded away in the chat view. A hit in it would open a conversation on text the reader
// does not see and drown the hits in what was actually answered. Existing rows get '' and NULL:
// replies written before this version had no thinking apart.
StoreError toVersion6(QSqlDatabase& db) {
    return execAll(db, {
                           "ALTER TABLE messages ADD COLUMN thinking TEXT NOT NULL DEFAULT ''",
                           "ALTER TABLE messages ADD COLUMN thinking_ms INTEGER",
                       });
}

using Step = StoreError (*)(QSqlDatabase&);
constexpr Step kSteps[] = {toVersion1, toVersion2, toVersion3, toVersion4, toVersion5, toVersion6};
static_assert(std::size(kSteps) == kCurrentVersion, "one migration step per schema version");

} // namespace

StoreResult<int> readVersion(QSqlDatabase& db) {
    StoreResult<QVariant> version = sql::scalar(db, QStringLiteral("PRAGMA user_version"));
    if (!version.ok()) return StoreResult<int>::failure(version.error);
    return StoreResult<int>::success(version.value.toInt());
}

StoreError migrate(QSqlDatabase& db, int targetVersion) {
    StoreResult<int> version = readVersion(db);
    if (!version.ok()) return version.error;
    if (version.value > kCurrentVersion)
        return StoreError::make(StoreErrorKind::NewerVersion,
                                QStringLiteral("schema version %1, this build knows up to %2")
                                    .arg(version.value)
                                    .arg(kCurrentVersion));
    const int target = qMin(targetVersion, kCurrentVersion);
    if (version.value == 0 && target > 0)
        qCInfo(lcHistory) << "creating the history schema, version" << target;
    else if (version.value < target)
        qCInfo(lcHistory) << "migrating the history schema from version" << version.value << "to"
                          << target;
    for (int next = version.value + 1; next <= target; ++next) {
        sql::Transaction transaction(db);
        if (transaction.beginError()) return transaction.beginError();
        if (StoreError error = kSteps[next - 1](db)) {
            qCWarning(lcHistory).noquote()
                << "history migration to version" << next << "failed:" << error.detail;
            return error;
        }
        // user_version is part of the database header and changes with the transaction.
        if (StoreError error = sql::exec(db, QStringLiteral("PRAGMA user_version = %1").arg(next)))
            return error;
        if (StoreError error = transaction.commit()) return error;
    }
    return {};
}

} // namespace glm::history::schema
