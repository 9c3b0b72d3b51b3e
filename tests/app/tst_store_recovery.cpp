// Bad input: a damaged file, a file from a newer version, an unwritable location, a full disk
// and a file locked by another program. Each time the store opens in a usable state, says what
// happened, keeps the user's file (never deleted) and goes on with a fresh or recovered store.
#include "history/message_search.h"
#include "history/store_schema.h"
#include "history_fixtures.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QUuid>

using namespace glm::history;
using namespace glm::history::test;

namespace {

QByteArray fileHash(const QString& path) {
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) return {};
    return QCryptographicHash::hash(file.readAll(), QCryptographicHash::Sha256);
}

QStringList filesMatching(const QString& dir, const QString& pattern) {
    return QDir(dir).entryList({pattern}, QDir::Files, QDir::Name);
}

// Conversations "chat i" with messages "message i.j ..." (small: no overflow pages), written
// in one transaction.
void seed(const QString& dir, int conversations, int messagesEach) {
    ConversationDatabase db(optionsFor(dir));
    QSqlDatabase& c = db.connection();
    QVERIFY(QSqlQuery(c).exec(QStringLiteral("BEGIN")));
    QSqlQuery conversation(c), message(c);
    QVERIFY(conversation.prepare(QStringLiteral(
        "INSERT INTO conversations (uuid, title, created_at, updated_at) VALUES (?, ?, 0, 0)")));
    // Replies carry a reasoning model's thinking, which salvage must keep too.
    QVERIFY(message.prepare(
        QStringLiteral("INSERT INTO messages (conversation_id, parent_id, role, content, "
                       "thinking, thinking_ms, created_at) VALUES (?, ?, ?, ?, ?, ?, 0)")));
    for (int i = 0; i < conversations; ++i) {
        conversation.addBindValue(QUuid::createUuid().toString(QUuid::WithoutBraces));
        conversation.addBindValue(QStringLiteral("chat %1").arg(i));
        QVERIFY(conversation.exec());
        const qint64 id = conversation.lastInsertId().toLongLong();
        QVariant parent;
        for (int j = 0; j < messagesEach; ++j) {
            message.addBindValue(id);
            message.addBindValue(parent);
            message.addBindValue(j % 2 ? QStringLiteral("assistant") : QStringLiteral("user"));
            message.addBindValue(QStringLiteral("message %1.%2 %3")
                                     .arg(i)
                                     .arg(j)
                                     .arg(QString(200, QLatin1Char('x'))));
            message.addBindValue(j % 2 ? QStringLiteral("thought %1.%2").arg(i).arg(j)
                                       : QStringLiteral("")); // NOT NULL
            message.addBindValue(j % 2 ? QVariant(1000) : QVariant());
            QVERIFY(message.exec());
            parent = message.lastInsertId();
        }
    }
    QVERIFY(QSqlQuery(c).exec(QStringLiteral("COMMIT")));
}

// Overwrites one page of the file with garbage.
void damagePage(const QString& path, qint64 pageNumber, qint64 pageSize = 4096) {
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadWrite));
    QVERIFY(file.seek((pageNumber - 1) * pageSize));
    QByteArray garbage(pageSize, '\0');
    for (int i = 0; i < garbage.size(); ++i) garbage[i] = char((i * 7919 + 13) & 0xff);
    QCOMPARE(file.write(garbage), pageSize);
}

} // namespace

class TestStoreRecovery : public QObject {
    Q_OBJECT

private slots:
    void init() { QVERIFY(QDir::temp().exists()); }

    void fileThatIsNotADatabase() {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("chats.sqlite"));
        {
            QFile file(path);
            QVERIFY(file.open(QIODevice::WriteOnly));
            QByteArray junk(10000, '\0');
            for (int i = 0; i < junk.size(); ++i) junk[i] = char(i * 31);
            file.write(junk);
        }
        const QByteArray before = fileHash(path);
        ConversationDatabase db(optionsFor(dir.path()));
        QVERIFY(db.isPersistent());
        QVERIFY2(db.notice().contains(QStringLiteral("damaged")), qPrintable(db.notice()));
        QVERIFY(db.notice().contains(QStringLiteral("nothing could be recovered")));
        QVERIFY(!db.movedAsidePath().isEmpty());
        QVERIFY(db.notice().contains(QDir::toNativeSeparators(db.movedAsidePath())));
        QCOMPARE(fileHash(db.movedAsidePath()), before); // kept byte for byte
        QCOMPARE(filesMatching(dir.path(), QStringLiteral("chats.sqlite.damaged-*")).size(), 1);
        // A fresh store in its place, fully usable.
        auto created = ConversationTable(db.connection()).create({}, {}, QStringLiteral("after"));
        QVERIFY(created.ok());
        QVERIFY(MessageTree(db.connection())
                    .add(created.value.id, 0, MessageRole::User, QStringLiteral("你好"))
                    .ok());
        QCOMPARE(MessageSearch(db.connection()).search(QStringLiteral("你")).value.size(), 1);
    }

    void damagedPageIsMovedAsideAndTheRestRecovered() {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("chats.sqlite"));
        seed(dir.path(), 60, 10);
        qint64 page = 0, rowsOnPage = 0;
        {
            RawConnection raw(path);
            QSqlQuery q(raw.db());
            // A leaf page of the messages table in the middle of it.
            QVERIFY(q.exec(QStringLiteral("SELECT pageno, ncell FROM dbstat WHERE name = "
                                          "'messages' AND pagetype = 'leaf' ORDER BY pageno")));
            QList<QPair<qint64, qint64>> leaves;
            while (q.next()) leaves.append({q.value(0).toLongLong(), q.value(1).toLongLong()});
            QVERIFY(leaves.size() > 10);
            page = leaves[leaves.size() / 2].first;
            rowsOnPage = leaves[leaves.size() / 2].second;
        }
        damagePage(path, page);
        const QByteArray damaged = fileHash(path);

        ConversationDatabase db(optionsFor(dir.path()));
        QVERIFY(db.isPersistent());
        QCOMPARE(fileHash(db.movedAsidePath()), damaged);
        QCOMPARE(db.recoveredConversations(), 60);
        QVERIFY2(db.notice().contains(QStringLiteral("60 conversation(s) were recovered")),
                 qPrintable(db.notice()));
        RawConnection check(path);
        QCOMPARE(check.value(QStringLiteral("PRAGMA integrity_check")).toString(),
                 QStringLiteral("ok"));
        QCOMPARE(check.value(QStringLiteral("PRAGMA foreign_key_check")), QVariant());
        // Every message except those on the damaged page, each one intact.
        QCOMPARE(check.value(QStringLiteral("SELECT count(*) FROM messages")).toLongLong(),
                 600 - rowsOnPage);
        QCOMPARE(check
                     .value(QStringLiteral(
                         "SELECT count(*) FROM messages WHERE content NOT LIKE 'message %'"))
                     .toInt(),
                 0);
        QCOMPARE(check
                     .value(QStringLiteral(
                         "SELECT count(*) FROM messages WHERE role = 'assistant' AND (thinking NOT "
                         "LIKE 'thought %' OR thinking_ms IS NOT 1000)"))
                     .toInt(),
                 0);
        // Threads stay readable: a lost message cuts its conversation's branch, nothing worse.
        for (qint64 id = 1; id <= 60; ++id) QVERIFY(MessageTree(db.connection()).thread(id).ok());
        QCOMPARE(MessageSearch(db.connection()).search(QStringLiteral("message 59.9")).value.size(),
                 1);
    }

    void damageMetDuringASessionIsRepairedAtTheNextStart() {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("chats.sqlite"));
        seed(dir.path(), 40, 6);
        qint64 page = 0;
        {
            RawConnection raw(path);
            page = raw.value(QStringLiteral("SELECT max(pageno) FROM dbstat WHERE name = "
                                            "'messages' AND pagetype = 'leaf'"))
                       .toLongLong();
        }
        damagePage(path, page);
        StoreOptions options = optionsFor(dir.path());
        options.alwaysCheckBelowBytes = 0; // as if the file were large: no check at open
        {
            ConversationStore store(options);
            QVERIFY(waitReady(store));
            QVERIFY(store.isPersistent());
            QVERIFY(store.notice().isEmpty()); // nothing seen yet
            auto hits = await<QList<SearchHit>>(
                [&](auto done) { store.search(QStringLiteral("me"), 500, this, done); });
            QCOMPARE(hits->error.kind, StoreErrorKind::Corrupt);
            QTRY_VERIFY(store.notice().contains(QStringLiteral("damaged")));
            QVERIFY(QFileInfo::exists(path + QStringLiteral(".check")));
        }
        ConversationDatabase db(options);
        QVERIFY(!db.movedAsidePath().isEmpty());
        QCOMPARE(db.recoveredConversations(), 40);
        QVERIFY(!QFileInfo::exists(path + QStringLiteral(".check")));
    }

    void truncatedFile() {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("chats.sqlite"));
        seed(dir.path(), 30, 4);
        QFile file(path);
        QVERIFY(file.resize(file.size() / 2));
        ConversationDatabase db(optionsFor(dir.path()));
        QVERIFY(db.isPersistent());
        QVERIFY(!db.movedAsidePath().isEmpty());
        QVERIFY(db.notice().contains(QStringLiteral("damaged")));
        QVERIFY(ConversationTable(db.connection()).create({}, {}).ok());
    }

    void fileFromANewerVersionIsLeftForThatVersion() {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("chats.sqlite"));
        seed(dir.path(), 3, 2);
        {
            RawConnection raw(path);
            QVERIFY(raw.exec(QStringLiteral("PRAGMA user_version = 99")));
        }
        const QByteArray before = fileHash(path);
        qint64 created = 0;
        {
            ConversationDatabase db(optionsFor(dir.path()));
            QVERIFY(db.isPersistent());
            QVERIFY2(db.notice().contains(QStringLiteral("newer version")),
                     qPrintable(db.notice()));
            QVERIFY(db.notice().contains(QStringLiteral("99")));
            QCOMPARE(db.path(), dir.filePath(QStringLiteral("chats.v6.sqlite")));
            QCOMPARE(ConversationTable(db.connection()).count().value, 0);
            created = ConversationTable(db.connection())
                          .create({}, {}, QStringLiteral("made by v6"))
                          .value.id;
        }
        QCOMPARE(fileHash(path), before); // untouched: the newer version finds it as it left it
        QVERIFY(filesMatching(dir.path(), QStringLiteral("*.damaged-*")).isEmpty());
        ConversationDatabase again(optionsFor(dir.path()));
        QCOMPARE(ConversationTable(again.connection()).get(created).value.title,
                 QStringLiteral("made by v6"));
    }

    void folderThatCannotBeWritten() {
        // /proc/self exists and nobody, root included, can create files in it.
        StoreOptions options = optionsFor(QStringLiteral("/proc/self"));
        ConversationStore store(options);
        QVERIFY(waitReady(store));
        QVERIFY(!store.isPersistent());
        QVERIFY2(store.notice().contains(QStringLiteral("cannot write")),
                 qPrintable(store.notice()));
        QVERIFY(store.notice().contains(QStringLiteral("will not be kept")));
        auto created =
            await<Conversation>([&](auto done) { store.createConversation({}, {}, this, done); });
        QVERIFY(created->ok()); // the session works, in memory
        auto message = await<Message>([&](auto done) {
            store.addUserMessage(created->value.id, 0, QStringLiteral("hi"), this, done);
        });
        QVERIFY(message->ok());
    }

    void folderThatCannotBeCreated() {
        ConversationDatabase db(optionsFor(QStringLiteral("/proc/self/glm-chat-test")));
        QCOMPARE(db.mode(), StoreMode::InMemory);
        QVERIFY2(db.notice().contains(QStringLiteral("cannot create the folder")),
                 qPrintable(db.notice()));
        QVERIFY(ConversationTable(db.connection()).create({}, {}).ok());
    }

    void readOnlyHistoryIsShownFromACopy() {
        QTemporaryDir dir;
        seed(dir.path(), 5, 2);
        const QString path = dir.filePath(QStringLiteral("chats.sqlite"));
        const QByteArray before = fileHash(path);
        QFile::setPermissions(path, QFile::ReadOwner | QFile::ReadGroup | QFile::ReadOther);
        QFile::setPermissions(dir.path(), QFile::ReadOwner | QFile::ExeOwner);
        QFile probe(dir.filePath(QStringLiteral("probe")));
        if (probe.open(QIODevice::WriteOnly)) {
            probe.remove();
            QFile::setPermissions(dir.path(),
                                  QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);
            QSKIP("running as root: permissions do not stop writes here (covered by "
                  "folderThatCannotBeWritten)");
        }
        {
            ConversationDatabase db(optionsFor(dir.path()));
            QCOMPARE(db.mode(), StoreMode::TemporaryCopy);
            QVERIFY2(db.notice().contains(QStringLiteral("cannot write")), qPrintable(db.notice()));
            QCOMPARE(ConversationTable(db.connection()).count().value, 5);
            QVERIFY(ConversationTable(db.connection()).create({}, {}).ok());
        }
        QFile::setPermissions(dir.path(), QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);
        QCOMPARE(fileHash(path), before);
    }

    void pathIsAFolder() {
        QTemporaryDir dir;
        QVERIFY(QDir(dir.path()).mkdir(QStringLiteral("chats.sqlite")));
        ConversationDatabase db(optionsFor(dir.path()));
        QCOMPARE(db.mode(), StoreMode::InMemory);
        QVERIFY(!db.notice().isEmpty());
        QVERIFY(QFileInfo(dir.filePath(QStringLiteral("chats.sqlite"))).isDir()); // left alone
        QVERIFY(ConversationTable(db.connection()).create({}, {}).ok());
    }

    void diskFullWhenCreatingTheStore() {
        QTemporaryDir dir;
        StoreOptions options = optionsFor(dir.path());
        options.maxPageCount = 3; // room for the header and little else
        ConversationDatabase db(options);
        QVERIFY(!db.isPersistent());
        QVERIFY2(db.notice().contains(QStringLiteral("full")), qPrintable(db.notice()));
        QVERIFY(ConversationTable(db.connection()).create({}, {}).ok());
    }

    void diskFullDuringASessionKeepsTheReplyUntilThereIsRoom() {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("chats.sqlite"));
        qint64 big = 0, small = 0, user = 0;
        {
            ConversationDatabase db(optionsFor(dir.path()));
            big = ConversationTable(db.connection()).create({}, {}, QStringLiteral("big")).value.id;
            for (int i = 0; i < 16; ++i)
                MessageTree(db.connection())
                    .add(big, 0, MessageRole::User, QString(50'000, QChar(u'a' + i)));
            small =
                ConversationTable(db.connection()).create({}, {}, QStringLiteral("small")).value.id;
            user = MessageTree(db.connection())
                       .add(small, 0, MessageRole::User, QStringLiteral("q"))
                       .value.message.id;
        }
        qint64 pages = 0;
        {
            RawConnection raw(path);
            QVERIFY(raw.exec(QStringLiteral("VACUUM"))); // no free pages left inside the file
            QCOMPARE(raw.value(QStringLiteral("PRAGMA freelist_count")).toInt(), 0);
            pages = raw.value(QStringLiteral("PRAGMA page_count")).toLongLong();
        }
        StoreOptions options = optionsFor(dir.path());
        options.maxPageCount = pages; // the disk is now full
        options.replyCheckpointMs = 100;
        ConversationStore store(options);
        QVERIFY(waitReady(store));
        QVERIFY(store.isPersistent());
        QVERIFY(store.notice().isEmpty());
        auto reply = await<Message>(
            [&](auto done) { store.beginAssistantReply(small, user, {}, this, done); });
        QVERIFY(reply->ok());
        const QString longReply = QString(30'000, QLatin1Char('z'));
        store.updateReply(reply->value.id, longReply);
        QTRY_VERIFY_WITH_TIMEOUT(store.notice().contains(QStringLiteral("disk is full")), 10000);
        // The reply ends while the disk is still full: its end cannot be written yet.
        auto unfinished = await<Message>([&](auto done) {
            store.finishReply(reply->value.id, longReply, MessageState::Complete, {}, {}, this,
                              done);
        });
        QCOMPARE(unfinished->error.kind, StoreErrorKind::DiskFull);
        auto refused = await<Message>([&](auto done) {
            store.addUserMessage(small, user, QString(60'000, QLatin1Char('y')), this, done);
        });
        QCOMPARE(refused->error.kind, StoreErrorKind::DiskFull);
        // Reading still works while full.
        auto thread =
            await<ConversationThread>([&](auto done) { store.loadThread(small, this, done); });
        QVERIFY(thread->ok());

        // The user frees space by deleting a big conversation: the pending reply is written.
        auto purged = awaitStatus([&](auto done) { store.purgeConversation(big, this, done); });
        QVERIFY(purged && !purged->isError());
        RawConnection raw(path);
        QTRY_COMPARE_WITH_TIMEOUT(
            raw.value(QStringLiteral("SELECT length(content) FROM messages WHERE id = %1")
                          .arg(reply->value.id))
                .toInt(),
            longReply.size(), 10000);
        // ... and ended as it ended, not left 'streaming' until the next start.
        QTRY_COMPARE_WITH_TIMEOUT(
            raw.value(
                   QStringLiteral("SELECT state FROM messages WHERE id = %1").arg(reply->value.id))
                .toString(),
            QStringLiteral("complete"), 10000);
        QTRY_VERIFY(store.notice().isEmpty());
    }

    void lockedByAnotherProgramAtStart_data() {
        QTest::addColumn<bool>("wal");
        QTest::newRow("rollback journal, BEGIN EXCLUSIVE") << false;
        QTest::newRow("WAL, exclusive locking mode") << true;
    }

    void lockedByAnotherProgramAtStart() {
        QFETCH(bool, wal);
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("chats.sqlite"));
        seed(dir.path(), 2, 2);
        auto other = std::make_unique<RawConnection>(path);
        if (wal) {
            QVERIFY(other->exec(QStringLiteral("PRAGMA locking_mode = EXCLUSIVE")));
            QVERIFY(other->exec(QStringLiteral("BEGIN EXCLUSIVE")));
            QVERIFY(other->exec(QStringLiteral("UPDATE conversations SET title = title")));
            QVERIFY(other->exec(QStringLiteral("COMMIT"))); // exclusive mode keeps the lock
        } else {
            QVERIFY(other->exec(QStringLiteral("PRAGMA journal_mode = DELETE")));
            QVERIFY(other->exec(QStringLiteral("BEGIN EXCLUSIVE")));
        }
        const QByteArray before = fileHash(path);
        {
            ConversationStore store(optionsFor(dir.path()));
            QVERIFY(waitReady(store));
            QCOMPARE(store.isPersistent(), false);
            QVERIFY2(store.notice().contains(QStringLiteral("in use by another program")),
                     qPrintable(store.notice()));
            auto created = await<Conversation>(
                [&](auto done) { store.createConversation({}, {}, this, done); });
            QVERIFY(created->ok());
        }
        QCOMPARE(fileHash(path), before);
        QVERIFY(filesMatching(dir.path(), QStringLiteral("*.damaged-*")).isEmpty());
        other.reset(); // the other program quits
        ConversationDatabase db(optionsFor(dir.path()));
        QVERIFY(db.isPersistent());
        QCOMPARE(ConversationTable(db.connection()).count().value, 2);
    }

    void lockedDuringASession() {
        QTemporaryDir dir;
        ConversationStore store(optionsFor(dir.path()));
        QVERIFY(waitReady(store));
        const qint64 id = await<Conversation>([&](auto done) {
                              store.createConversation({}, {}, this, done);
                          })->value.id;
        {
            RawConnection other(store.databasePath());
            QVERIFY(other.exec(QStringLiteral("BEGIN IMMEDIATE"))); // holds the write lock
            auto blocked = await<Message>([&](auto done) {
                store.addUserMessage(id, 0, QStringLiteral("wait"), this, done);
            });
            QCOMPARE(blocked->error.kind, StoreErrorKind::Busy);
            QTRY_VERIFY(store.notice().contains(QStringLiteral("in use by another program")));
            // Reads go on (WAL).
            auto page = await<QList<Conversation>>(
                [&](auto done) { store.listConversations({}, 10, this, done); });
            QVERIFY(page->ok());
            QVERIFY(other.exec(QStringLiteral("ROLLBACK")));
        }
        auto retried = await<Message>(
            [&](auto done) { store.addUserMessage(id, 0, QStringLiteral("now"), this, done); });
        QVERIFY(retried->ok());
        QTRY_VERIFY(store.notice().isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestStoreRecovery)
#include "tst_store_recovery.moc"
