// Databases written by every earlier schema version open in this version with their data
// intact. The old schemas are frozen here as they were released (never generated from the
// current migration code), so a later edit to a released migration step shows up as a failure.
#include "history/message_search.h"
#include "history/search_query.h"
#include "history/store_schema.h"
#include "history_fixtures.h"

#include <QTemporaryDir>
#include <QTest>
#include <QUuid>

using namespace glm::history;
using namespace glm::history::test;

namespace {

const QStringList kSchemaV1 = {
    "CREATE TABLE conversations ( id INTEGER PRIMARY KEY, title TEXT NOT NULL DEFAULT '', model "
    "TEXT NOT NULL "
    "DEFAULT '', created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL, pinned INTEGER NOT NULL "
    "DEFAULT 0, "
    "settings TEXT NOT NULL DEFAULT '{}', current_leaf_id INTEGER REFERENCES messages(id) ON "
    "DELETE SET NULL "
    "DEFERRABLE INITIALLY DEFERRED)",
    "CREATE TABLE messages ( id INTEGER PRIMARY KEY, conversation_id INTEGER NOT NULL REFERENCES "
    "conversations(id) "
    "ON DELETE CASCADE, parent_id INTEGER REFERENCES messages(id) DEFERRABLE INITIALLY DEFERRED, "
    "role TEXT NOT NULL "
    "CHECK (role IN ('system', 'user', 'assistant')), content TEXT NOT NULL DEFAULT '', state TEXT "
    "NOT NULL DEFAULT "
    "'complete'  CHECK (state IN ('complete', 'streaming', 'interrupted', 'error')), created_at "
    "INTEGER NOT NULL, "
    "prompt_tokens INTEGER, completion_tokens INTEGER)",
    "CREATE INDEX messages_by_conversation ON messages(conversation_id, id)",
    "CREATE INDEX messages_by_parent ON messages(parent_id)",
    "CREATE INDEX messages_streaming ON messages(state) WHERE state = 'streaming'",
    "CREATE INDEX conversations_by_recency ON conversations(pinned, updated_at, id)",
};

const QStringList kSchemaV2Additions = {
    "CREATE VIRTUAL TABLE messages_fts USING fts5( content, content='messages', "
    "content_rowid='id', tokenize='trigram')",
    "CREATE TRIGGER messages_fts_insert AFTER INSERT ON messages BEGIN INSERT INTO "
    "messages_fts(rowid, content) "
    "VALUES (new.id, new.content); END",
    "CREATE TRIGGER messages_fts_delete AFTER DELETE ON messages BEGIN INSERT INTO "
    "messages_fts(messages_fts, rowid, "
    "content) VALUES ('delete', old.id, old.content); END",
    "CREATE TRIGGER messages_fts_update AFTER UPDATE OF content ON messages BEGIN INSERT INTO "
    "messages_fts(messages_fts, rowid, content) VALUES ('delete', old.id, old.content); INSERT "
    "INTO "
    "messages_fts(rowid, content) VALUES (new.id, new.content); END",
};

const QStringList kSchemaV3Additions = {
    "ALTER TABLE conversations ADD COLUMN uuid TEXT",
    "ALTER TABLE conversations ADD COLUMN deleted_at INTEGER",
    "CREATE UNIQUE INDEX conversations_by_uuid ON conversations(uuid)",
    "DROP INDEX conversations_by_recency",
    "CREATE INDEX conversations_sidebar ON conversations(pinned, updated_at, id) WHERE deleted_at "
    "IS NULL",
    "CREATE INDEX conversations_trash ON conversations(deleted_at) WHERE deleted_at IS NOT NULL",
};

const QStringList kSchemaV4Additions = {
    "ALTER TABLE messages ADD COLUMN model TEXT NOT NULL DEFAULT ''",
    "ALTER TABLE messages ADD COLUMN error TEXT NOT NULL DEFAULT ''",
    "ALTER TABLE messages ADD COLUMN tokens_per_second REAL",
    "ALTER TABLE messages ADD COLUMN first_token_ms INTEGER",
    "ALTER TABLE messages ADD COLUMN duration_ms INTEGER",
};

const QStringList kSchemaV5Additions = {
    "ALTER TABLE messages ADD COLUMN search_text TEXT",
    "CREATE VIRTUAL TABLE messages_words USING fts5(words, content='', tokenize='unicode61')",
    "CREATE TRIGGER messages_words_insert AFTER INSERT ON messages BEGIN INSERT INTO "
    "messages_words(rowid, words) VALUES (new.id, coalesce(new.search_text, new.content)); END",
    "CREATE TRIGGER messages_words_delete AFTER DELETE ON messages BEGIN INSERT INTO "
    "messages_words(messages_words, rowid, words) VALUES ('delete', old.id, "
    "coalesce(old.search_text, old.content)); END",
    "CREATE TRIGGER messages_words_update AFTER UPDATE OF content, search_text ON messages BEGIN "
    "INSERT INTO messages_words(messages_words, rowid, words) VALUES ('delete', old.id, "
    "coalesce(old.search_text, old.content)); INSERT INTO messages_words(rowid, words) VALUES "
    "(new.id, coalesce(new.search_text, new.content)); END",
};

QStringList schemaOf(int version) {
    QStringList statements;
    if (version >= 1) statements += kSchemaV1;
    if (version >= 2) statements += kSchemaV2Additions;
    if (version >= 3) statements += kSchemaV3Additions;
    if (version >= 4) statements += kSchemaV4Additions;
    if (version >= 5) statements += kSchemaV5Additions;
    return statements;
}

const char* const kUuid = "9b2f7c1e-4a3d-4e5f-8a6b-1c2d3e4f5a6b";
const qint64 kT0 = 1'700'000'000'000;

// The same history written the way each old version wrote it: two conversations, a branch,
// Chinese and English text, and a reply that was streaming when the app died.
bool writeHistory(RawConnection& raw, int version) {
    bool ok = true;
    auto run = [&](const QString& s) { ok = ok && raw.exec(s); };
    const bool v3 = version >= 3;
    run(QStringLiteral(
            "INSERT INTO conversations (id, title, model, created_at, updated_at, pinned, "
            "settings%1)"
            " VALUES (1, '天气 chat', 'chatglm2-6b', %2, %3, 1, '{\"temperature\":0.5}'%4)")
            .arg(v3 ? QStringLiteral(", uuid") : QString())
            .arg(kT0)
            .arg(kT0 + 5000)
            .arg(v3 ? QStringLiteral(", '%1'").arg(QLatin1String(kUuid)) : QString()));
    run(QStringLiteral("INSERT INTO conversations (id, title, model, created_at, updated_at%1) "
                       "VALUES (2, 'Old', '', %2, %2%3)")
            .arg(v3 ? QStringLiteral(", uuid, deleted_at") : QString())
            .arg(kT0)
            .arg(v3 ? QStringLiteral(", '11111111-2222-4333-8444-555555555555', %1")
                          .arg(QDateTime::currentMSecsSinceEpoch())
                    : QString()));
    const char* rows[][5] = {
        // id, parent, role, content, state
        {"1", "NULL", "user", "今天天气怎么样？", "complete"},
        {"2", "1", "assistant", "今天天气很好，适合出门。", "complete"},
        {"3", "2", "user", "And in English, the Vulkan weather?", "complete"},
        {"4", "2", "user", "Edited: how is the weather tomorrow?", "complete"},
        {"5", "4", "assistant", "Tomorrow looks ra", "streaming"},
    };
    for (const auto& r : rows) {
        // Version 5 wrote the spaced-out text of Chinese content for its word index.
        const QString spaced = separateIdeographs(QString::fromUtf8(r[3]));
        const QString searchText = version < 5       ? QString()
                                   : spaced.isNull() ? QStringLiteral(", NULL")
                                                     : QStringLiteral(", '%1'").arg(spaced);
        run(QStringLiteral("INSERT INTO messages (id, conversation_id, parent_id, role, content, "
                           "state, created_at, prompt_tokens%7)"
                           " VALUES (%1, 1, %2, '%3', '%4', '%5', %6, 7%8)")
                .arg(QLatin1String(r[0]), QLatin1String(r[1]), QLatin1String(r[2]),
                     QString::fromUtf8(r[3]), QLatin1String(r[4]))
                .arg(kT0 + 1000 * QByteArray(r[0]).toInt())
                .arg(version < 5 ? QString() : QStringLiteral(", search_text"), searchText));
    }
    run(QStringLiteral("INSERT INTO messages (id, conversation_id, role, content, created_at) "
                       "VALUES (6, 2, 'user', 'old question', %1)")
            .arg(kT0));
    run(QStringLiteral("UPDATE conversations SET current_leaf_id = 5 WHERE id = 1"));
    run(QStringLiteral("PRAGMA user_version = %1").arg(version));
    return ok;
}

QStringList schemaSnapshot(QSqlDatabase db) {
    QStringList rows;
    QSqlQuery q(db);
    q.exec(QStringLiteral("SELECT type, name, sql FROM sqlite_master WHERE name NOT LIKE "
                          "'sqlite_%' ORDER BY type, name"));
    while (q.next())
        rows.append(QStringLiteral("%1 %2: %3")
                        .arg(q.value(0).toString(), q.value(1).toString(), q.value(2).toString()));
    return rows;
}

} // namespace

class TestStoreMigrations : public QObject {
    Q_OBJECT

private slots:
    void currentVersionIsCovered() {
        // A new schema version needs its frozen statements and a row in
        // migratesFromEveryOlderVersion.
        QCOMPARE(schema::kCurrentVersion, 6);
    }

    void migratesFromEveryOlderVersion_data() {
        QTest::addColumn<int>("version");
        QTest::newRow("v1: tables only") << 1;
        QTest::newRow("v2: + full-text index") << 2;
        QTest::newRow("v3: + uuid and trash") << 3;
        QTest::newRow("v4: + generation stats") << 4;
        QTest::newRow("v5: + word index") << 5;
    }

    void migratesFromEveryOlderVersion() {
        QFETCH(int, version);
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("chats.sqlite"));
        {
            RawConnection raw(path);
            QVERIFY(raw.isOpen());
            QVERIFY(raw.exec(QStringLiteral("PRAGMA foreign_keys = ON")));
            for (const QString& statement : schemaOf(version)) QVERIFY(raw.exec(statement));
            QVERIFY(writeHistory(raw, version));
        }
        ConversationDatabase db(optionsFor(dir.path()));
        QVERIFY(db.isPersistent());
        QVERIFY2(db.notice().isEmpty(), qPrintable(db.notice()));
        QCOMPARE(schema::readVersion(db.connection()).value, schema::kCurrentVersion);

        ConversationTable table(db.connection());
        auto chat = table.get(1);
        QVERIFY(chat.ok());
        QCOMPARE(chat.value.title, QStringLiteral("天气 chat"));
        QCOMPARE(chat.value.model, QStringLiteral("chatglm2-6b"));
        QCOMPARE(chat.value.createdMs, kT0);
        QCOMPARE(chat.value.updatedMs, kT0 + 5000);
        QVERIFY(chat.value.pinned);
        QCOMPARE(chat.value.settings.value(QStringLiteral("temperature")).toDouble(), 0.5);
        QVERIFY(!QUuid::fromString(chat.value.uuid).isNull());
        if (version >= 3) {
            QCOMPARE(chat.value.uuid, QLatin1String(kUuid));             // kept, not regenerated
            QCOMPARE(table.get(2).error.kind, StoreErrorKind::NotFound); // still in the trash
            QVERIFY(table.restore(2).ok());
        }
        QVERIFY(table.get(2).ok());
        QVERIFY(table.get(2).value.uuid != chat.value.uuid);

        MessageTree tree(db.connection());
        auto thread = tree.thread(1);
        QVERIFY(thread.ok());
        QCOMPARE(thread.value.messages.size(), 4);
        QCOMPARE(thread.value.messages[2].message.content,
                 QStringLiteral("Edited: how is the weather tomorrow?"));
        QCOMPARE(thread.value.messages[2].siblingIds, (QList<qint64>{3, 4}));
        const Message last = thread.value.messages[3].message;
        QCOMPARE(last.content, QStringLiteral("Tomorrow looks ra"));
        QCOMPARE(last.state,
                 MessageState::Interrupted); // the crash of the old version is recognised
        QCOMPARE(last.stats.promptTokens, std::optional<qint64>(7));
        QVERIFY(!last.stats.tokensPerSecond.has_value());
        QCOMPARE(last.model, QString());
        // Replies written before thinking was kept apart have none (step 6).
        QCOMPARE(last.thinking, QString());
        QVERIFY(!last.thinkingMs.has_value());

        // Old text is searchable, in both scripts and at every query length.
        MessageSearch search(db.connection());
        QCOMPARE(search.search(QStringLiteral("天气很好")).value.size(), 1);
        QCOMPARE(search.search(QStringLiteral("天气")).value.size(),
                 2); // the word index, filled by step 5
        QCOMPARE(search.search(QStringLiteral("适")).value.size(), 1);
        QCOMPARE(search.search(QStringLiteral("old")).value.size(), 1);
        QCOMPARE(search.search(QStringLiteral("vulkan")).value.size(), 1);
        QCOMPARE(search.search(QStringLiteral("old question")).value.size(), 1);

        // And the migrated store takes new writes like a fresh one.
        auto added = tree.add(1, last.id, MessageRole::User, QStringLiteral("新的问题"));
        QVERIFY(added.ok());
        QCOMPARE(search.search(QStringLiteral("新的问题")).value.size(), 1);
        // A reasoning model's reply keeps its thinking apart from the answer.
        auto reply = tree.add(1, added.value.message.id, MessageRole::Assistant, QString(),
                              MessageState::Streaming);
        QVERIFY(reply.ok());
        QVERIFY(tree.finish(reply.value.message.id,
                            ReplyText(QStringLiteral("晴。"), QStringLiteral("想一想天气"), 1200),
                            MessageState::Complete, {})
                    .ok());
        const Message thought = tree.get(reply.value.message.id).value;
        QCOMPARE(thought.content, QStringLiteral("晴。"));
        QCOMPARE(thought.thinking, QStringLiteral("想一想天气"));
        QCOMPARE(thought.thinkingMs, std::optional<qint64>(1200));
        // Search finds the answer, not the thinking (store_schema.cpp, step 6, says why).
        QCOMPARE(search.search(QStringLiteral("晴")).value.size(), 1);
        QCOMPARE(search.search(QStringLiteral("想一想")).value.size(), 0);
        RawConnection check(path);
        QCOMPARE(check.value(QStringLiteral("PRAGMA integrity_check")).toString(),
                 QStringLiteral("ok"));
        QCOMPARE(check.value(QStringLiteral("PRAGMA foreign_key_check")), QVariant());
    }

    void migratedSchemaEqualsFreshSchema_data() { migratesFromEveryOlderVersion_data(); }

    void migratedSchemaEqualsFreshSchema() {
        QFETCH(int, version);
        QTemporaryDir freshDir, oldDir;
        QStringList fresh, migrated;
        {
            ConversationDatabase db(optionsFor(freshDir.path()));
            fresh = schemaSnapshot(db.connection());
        }
        {
            RawConnection raw(oldDir.filePath(QStringLiteral("chats.sqlite")));
            for (const QString& statement : schemaOf(version)) QVERIFY(raw.exec(statement));
            QVERIFY(raw.exec(QStringLiteral("PRAGMA user_version = %1").arg(version)));
        }
        {
            ConversationDatabase db(optionsFor(oldDir.path()));
            migrated = schemaSnapshot(db.connection());
        }
        QVERIFY(fresh.size() > 10);
        QCOMPARE(migrated, fresh);
    }

    void emptyFileBecomesAStore() {
        QTemporaryDir dir;
        QFile(dir.filePath(QStringLiteral("chats.sqlite"))).open(QIODevice::WriteOnly); // 0 bytes
        ConversationDatabase db(optionsFor(dir.path()));
        QVERIFY(db.isPersistent());
        QVERIFY(db.notice().isEmpty());
        QCOMPARE(schema::readVersion(db.connection()).value, schema::kCurrentVersion);
    }

    void failedMigrationLeavesTheLastCompletedVersion() {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("chats.sqlite"));
        qint64 pages = 0;
        {
            RawConnection raw(path);
            for (const QString& statement : schemaOf(1)) QVERIFY(raw.exec(statement));
            QVERIFY(writeHistory(raw, 1));
            pages = raw.value(QStringLiteral("PRAGMA page_count")).toLongLong();
        }
        // The disk is full: the file cannot grow by a single page, and building the full-text
        // index (step 2) needs pages.
        StoreOptions options = optionsFor(dir.path());
        options.maxPageCount = pages;
        {
            ConversationDatabase db(options);
            QVERIFY(!db.isPersistent()); // runs from a temporary copy instead
            QVERIFY2(db.notice().contains(QStringLiteral("full")) ||
                         db.notice().contains(QStringLiteral("cannot write")),
                     qPrintable(db.notice()));
            QCOMPARE(MessageTree(db.connection()).thread(1).value.messages.size(),
                     4); // history still shown
        }
        RawConnection raw(path);
        QCOMPARE(raw.value(QStringLiteral("PRAGMA user_version")).toInt(), 1);
        QCOMPARE(raw.value(QStringLiteral("SELECT count(*) FROM messages")).toInt(), 6);
        QCOMPARE(raw.value(QStringLiteral(
                               "SELECT count(*) FROM sqlite_master WHERE name = 'messages_fts'"))
                     .toInt(),
                 0);
        QCOMPARE(raw.value(QStringLiteral("PRAGMA integrity_check")).toString(),
                 QStringLiteral("ok"));
    }
};

QTEST_GUILESS_MAIN(TestStoreMigrations)
#include "tst_store_migrations.moc"
