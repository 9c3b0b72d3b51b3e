// The conversation store: CRUD, the sidebar page order, trash, branching, streaming replies, and
// the asynchronous ConversationStore on top (search: tst_message_search).
#include "history_fixtures.h"

#include <QDateTime>
#include <QJsonObject>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QUuid>
#include <memory>

using namespace glm::history;
using namespace glm::history::test;

class TestConversationStore : public QObject {
    Q_OBJECT

    std::unique_ptr<QTemporaryDir> m_dir; // a fresh one per test function
    StoreOptions options() const { return optionsFor(m_dir->path()); }

private slots:
    void init() {
        m_dir = std::make_unique<QTemporaryDir>();
        QVERIFY(m_dir->isValid());
    }

    void createsDatabaseWithWalAndCurrentSchema() {
        ConversationDatabase db(options());
        QVERIFY(db.isOpen());
        QVERIFY(db.isPersistent());
        QVERIFY(db.notice().isEmpty());
        QCOMPARE(db.path(), m_dir->filePath(QStringLiteral("chats.sqlite")));
        QSqlQuery q(db.connection());
        QVERIFY(q.exec(QStringLiteral("PRAGMA journal_mode")) && q.next());
        QCOMPARE(q.value(0).toString(), QStringLiteral("wal"));
        QVERIFY(q.exec(QStringLiteral("PRAGMA foreign_keys")) && q.next());
        QCOMPARE(q.value(0).toInt(), 1);
        QVERIFY(q.exec(QStringLiteral("PRAGMA user_version")) && q.next());
        QCOMPARE(q.value(0).toInt(), 6);
    }

    void conversationCrud() {
        ConversationDatabase db(options());
        ConversationTable table(db.connection());
        const QJsonObject settings{{QStringLiteral("temperature"), 0.7},
                                   {QStringLiteral("system"), QStringLiteral("简洁")}};
        auto created = table.create(QStringLiteral("glm-4-9b"), settings);
        QVERIFY2(created.ok(), qPrintable(created.error.detail));
        QVERIFY(created.value.id > 0);
        QVERIFY(!QUuid::fromString(created.value.uuid).isNull());
        QCOMPARE(created.value.title, QString());
        QCOMPARE(created.value.settings, settings);
        QVERIFY(qAbs(created.value.createdMs - QDateTime::currentMSecsSinceEpoch()) < 60000);

        auto renamed = table.rename(created.value.id, QStringLiteral("  Trip\nplanning  "));
        QVERIFY(renamed.ok());
        QCOMPARE(renamed.value.title, QStringLiteral("Trip planning"));
        QCOMPARE(table.rename(created.value.id, QStringLiteral("   ")).error.kind,
                 StoreErrorKind::InvalidInput);
        QCOMPARE(table.rename(9999, QStringLiteral("x")).error.kind, StoreErrorKind::NotFound);

        QVERIFY(table.setPinned(created.value.id, true).value.pinned);
        QCOMPARE(table.setModel(created.value.id, QStringLiteral("chatglm3-6b")).value.model,
                 QStringLiteral("chatglm3-6b"));
        const QJsonObject other{{QStringLiteral("top_p"), 0.9}};
        QCOMPARE(table.setSettings(created.value.id, other).value.settings, other);
        QCOMPARE(table.get(created.value.id).value.title, QStringLiteral("Trip planning"));
        QCOMPARE(table.count().value, 1);
    }

    void damagedSettingsReadAsEmpty() {
        ConversationDatabase db(options());
        ConversationTable table(db.connection());
        const qint64 id = table.create({}, {}).value.id;
        QSqlQuery(db.connection())
            .exec(QStringLiteral("UPDATE conversations SET settings = 'not json' WHERE id = %1")
                      .arg(id));
        auto read = table.get(id);
        QVERIFY(read.ok());
        QVERIFY(read.value.settings.isEmpty());
    }

    void firstUserMessageNamesConversation() {
        ConversationDatabase db(options());
        ConversationTable table(db.connection());
        MessageTree tree(db.connection());
        const qint64 id = table.create({}, {}).value.id;
        auto system = tree.add(id, 0, MessageRole::System, QStringLiteral("You are helpful."));
        QVERIFY(system.ok());
        QCOMPARE(system.value.conversation.title, QString()); // only a user message names it
        auto first = tree.add(id, system.value.message.id, MessageRole::User,
                              QStringLiteral("\n\n## How do I quantize   a model to 4 bits on an "
                                             "AMD GPU with Vulkan today?\nmore"));
        QVERIFY(first.ok());
        QCOMPARE(first.value.conversation.title,
                 QStringLiteral("How do I quantize a model to 4 bits on an AMD GPU…"));
        auto second = tree.add(id, first.value.message.id, MessageRole::User,
                               QStringLiteral("Another question"));
        QCOMPARE(second.value.conversation.title, first.value.conversation.title);
    }

    void pagesComeInSidebarOrder() {
        ConversationDatabase db(options());
        ConversationTable table(db.connection());
        QList<qint64> ids;
        for (int i = 0; i < 7; ++i)
            ids.append(table.create({}, {}, QStringLiteral("c%1").arg(i)).value.id);
        // Activity times: c3 newest ... and two ties broken by id.
        const qint64 t = 1'700'000'000'000;
        const qint64 updated[] = {t + 10, t + 50, t + 50, t + 90, t + 20, t + 30, t + 5};
        for (int i = 0; i < 7; ++i) QVERIFY(setUpdated(db.connection(), ids[i], updated[i]));
        QVERIFY(table.setPinned(ids[6], true).ok()); // oldest, but pinned
        QVERIFY(!table.trash(ids[5]).isError());     // trashed: never listed

        QStringList order;
        ConversationSortKey after;
        for (;;) {
            auto page = table.page(after, 2);
            QVERIFY(page.ok());
            for (const Conversation& c : page.value) order.append(c.title);
            if (page.value.size() < 2) break;
            after = ConversationSortKey::of(page.value.back());
        }
        QCOMPARE(order, (QStringList{"c6", "c3", "c2", "c1", "c4", "c0"}));
    }

    void trashRestoreAndPurge() {
        ConversationDatabase db(options());
        ConversationTable table(db.connection());
        MessageTree tree(db.connection());
        const qint64 id = table.create({}, {}).value.id;
        const qint64 m =
            tree.add(id, 0, MessageRole::User, QStringLiteral("keep me")).value.message.id;
        QVERIFY(!table.trash(id).isError());
        QCOMPARE(table.get(id).error.kind, StoreErrorKind::NotFound);
        QCOMPARE(table.count().value, 0);
        QCOMPARE(table.trash(id).kind, StoreErrorKind::NotFound);
        QCOMPARE(tree.add(id, m, MessageRole::User, QStringLiteral("x")).error.kind,
                 StoreErrorKind::NotFound);
        auto restored = table.restore(id);
        QVERIFY(restored.ok());
        QCOMPARE(tree.thread(id).value.messages.size(), 1);
        QVERIFY(!table.purge(id).isError());
        QCOMPARE(table.restore(id).error.kind, StoreErrorKind::NotFound);
        QCOMPARE(tree.get(m).error.kind, StoreErrorKind::NotFound);
    }

    void expiredTrashIsPurgedOnOpen() {
        qint64 oldId = 0, recentId = 0;
        {
            ConversationDatabase db(options());
            ConversationTable table(db.connection());
            oldId = table.create({}, {}).value.id;
            recentId = table.create({}, {}).value.id;
            QVERIFY(!table.trash(oldId).isError());
            QVERIFY(!table.trash(recentId).isError());
            const qint64 longAgo = QDateTime::currentMSecsSinceEpoch() - 31LL * 86'400'000;
            QVERIFY(
                QSqlQuery(db.connection())
                    .exec(QStringLiteral("UPDATE conversations SET deleted_at = %1 WHERE id = %2")
                              .arg(longAgo)
                              .arg(oldId)));
        }
        ConversationDatabase db(options());
        ConversationTable table(db.connection());
        QCOMPARE(table.restore(oldId).error.kind, StoreErrorKind::NotFound);
        QVERIFY(table.restore(recentId).ok());
    }

    void purgingALongChatWorks() {
        // A 1500-message chain: deleting must not recurse along parent ids (trigger depth).
        ConversationDatabase db(options());
        ConversationTable table(db.connection());
        MessageTree tree(db.connection());
        const qint64 id = table.create({}, {}).value.id;
        qint64 parent = 0;
        QSqlQuery(db.connection()).exec(QStringLiteral("BEGIN"));
        for (int i = 0; i < 1500; ++i) {
            QSqlQuery insert(db.connection());
            insert.prepare(QStringLiteral("INSERT INTO messages (conversation_id, parent_id, role, "
                                          "content, created_at) VALUES (?, ?, 'user', 'x', 0)"));
            insert.addBindValue(id);
            insert.addBindValue(parent ? QVariant(parent) : QVariant());
            QVERIFY(insert.exec());
            parent = insert.lastInsertId().toLongLong();
        }
        QSqlQuery(db.connection()).exec(QStringLiteral("COMMIT"));
        QCOMPARE(tree.thread(id).value.messages.size(), 1500);
        QVERIFY(!table.purge(id).isError());
        QCOMPARE(QSqlQuery(db.connection()).exec(QStringLiteral("SELECT 1")), true);
        RawConnection raw(db.path());
        QCOMPARE(raw.value(QStringLiteral("SELECT count(*) FROM messages")).toInt(), 0);
    }

    void branchingEditAndRegenerate() {
        ConversationDatabase db(options());
        ConversationTable table(db.connection());
        MessageTree tree(db.connection());
        const qint64 id = table.create({}, {}).value.id;
        auto add = [&](qint64 parent, MessageRole role, const QString& text) {
            auto r = tree.add(id, parent, role, text);
            return r.value.message.id;
        };
        const qint64 u1 = add(0, MessageRole::User, QStringLiteral("u1"));
        const qint64 a1 = add(u1, MessageRole::Assistant, QStringLiteral("a1"));
        const qint64 u2 = add(a1, MessageRole::User, QStringLiteral("u2"));
        const qint64 a2 = add(u2, MessageRole::Assistant, QStringLiteral("a2"));
        const qint64 a2b = add(u2, MessageRole::Assistant, QStringLiteral("a2 regenerated"));
        const qint64 u2b = add(a1, MessageRole::User, QStringLiteral("u2 edited"));
        const qint64 a3 = add(u2b, MessageRole::Assistant, QStringLiteral("a3"));

        auto contents = [](const ConversationThread& t) {
            QStringList list;
            for (const ThreadMessage& m : t.messages) list.append(m.message.content);
            return list;
        };
        auto thread = tree.thread(id);
        QVERIFY(thread.ok());
        QCOMPARE(contents(thread.value), (QStringList{"u1", "a1", "u2 edited", "a3"}));
        QCOMPARE(thread.value.messages[2].siblingIds, (QList<qint64>{u2, u2b}));
        QCOMPARE(thread.value.messages[2].siblingIndex(), 1); // shown as "2/2"
        QCOMPARE(thread.value.messages[0].siblingIds, (QList<qint64>{u1}));

        // Back to the first edit: its newest leaf is the regenerated reply.
        auto switched = tree.switchBranch(id, u2);
        QVERIFY(switched.ok());
        QCOMPARE(contents(switched.value), (QStringList{"u1", "a1", "u2", "a2 regenerated"}));
        QCOMPARE(switched.value.messages[3].siblingIds, (QList<qint64>{a2, a2b}));
        QCOMPARE(tree.thread(id).value.conversation.currentLeafId, a2b); // remembered
        QCOMPARE(contents(tree.switchBranch(id, a2).value), (QStringList{"u1", "a1", "u2", "a2"}));
        QCOMPARE(tree.switchBranch(id, a3).value.conversation.currentLeafId, a3);

        // A message of another conversation is neither a parent nor a branch here.
        const qint64 other = table.create({}, {}).value.id;
        QCOMPARE(tree.add(other, a1, MessageRole::User, QStringLiteral("x")).error.kind,
                 StoreErrorKind::InvalidInput);
        QCOMPARE(tree.switchBranch(other, a1).error.kind, StoreErrorKind::NotFound);
        // Editing the very first message makes a second root.
        const qint64 u1b = add(0, MessageRole::User, QStringLiteral("u1 edited"));
        QCOMPARE(tree.thread(id).value.messages[0].siblingIds, (QList<qint64>{u1, u1b}));
    }

    void streamingReplyLifecycle() {
        ConversationDatabase db(options());
        ConversationTable table(db.connection());
        MessageTree tree(db.connection());
        const qint64 id = table.create({}, {}).value.id;
        const qint64 user =
            tree.add(id, 0, MessageRole::User, QStringLiteral("hi")).value.message.id;
        auto reply = tree.add(id, user, MessageRole::Assistant, {}, MessageState::Streaming,
                              QStringLiteral("glm-4-9b"));
        QVERIFY(reply.ok());
        QCOMPARE(reply.value.message.state, MessageState::Streaming);
        QCOMPARE(reply.value.conversation.currentLeafId, reply.value.message.id);
        QVERIFY(!tree.checkpoint(reply.value.message.id, QStringLiteral("Hel")).isError());
        QCOMPARE(tree.get(reply.value.message.id).value.content, QStringLiteral("Hel"));

        GenerationStats stats;
        stats.promptTokens = 12;
        stats.completionTokens = 3;
        stats.tokensPerSecond = 41.5;
        stats.firstTokenMs = 120;
        stats.durationMs = 190;
        auto done = tree.finish(reply.value.message.id, QStringLiteral("Hello!"),
                                MessageState::Complete, stats);
        QVERIFY(done.ok());
        QCOMPARE(done.value.message.content, QStringLiteral("Hello!"));
        QCOMPARE(done.value.message.state, MessageState::Complete);
        QCOMPARE(done.value.message.stats, stats);
        QCOMPARE(done.value.message.model, QStringLiteral("glm-4-9b"));
        // A checkpoint arriving after the end never overwrites the final text.
        QCOMPARE(tree.checkpoint(reply.value.message.id, QStringLiteral("Hel")).kind,
                 StoreErrorKind::NotFound);
        QCOMPARE(tree.get(reply.value.message.id).value.content, QStringLiteral("Hello!"));
        QCOMPARE(tree.finish(reply.value.message.id, {}, MessageState::Streaming, {}).error.kind,
                 StoreErrorKind::InvalidInput);

        auto failed = tree.add(id, user, MessageRole::Assistant, {}, MessageState::Streaming);
        auto errored = tree.finish(failed.value.message.id, QStringLiteral("partial"),
                                   MessageState::Error, {}, QStringLiteral("device lost"));
        QCOMPARE(errored.value.message.error, QStringLiteral("device lost"));
        QVERIFY(!errored.value.message.stats.tokensPerSecond.has_value());
    }

    void replyLeftStreamingIsInterruptedOnOpen() {
        qint64 reply = 0;
        {
            ConversationDatabase db(options());
            const qint64 id = ConversationTable(db.connection()).create({}, {}).value.id;
            MessageTree tree(db.connection());
            const qint64 user =
                tree.add(id, 0, MessageRole::User, QStringLiteral("q")).value.message.id;
            reply = tree.add(id, user, MessageRole::Assistant, {}, MessageState::Streaming)
                        .value.message.id;
            QVERIFY(!tree.checkpoint(reply, QStringLiteral("half an ans")).isError());
        }
        ConversationDatabase db(options());
        auto message = MessageTree(db.connection()).get(reply);
        QCOMPARE(message.value.state, MessageState::Interrupted);
        QCOMPARE(message.value.content, QStringLiteral("half an ans"));
    }

    // --- ConversationStore (asynchronous, worker thread)

    void storeOpensAndWritesThroughWorker() {
        ConversationStore store(options());
        QSignalSpy ready(&store, &ConversationStore::readyChanged);
        QSignalSpy changed(&store, &ConversationStore::conversationChanged);
        QVERIFY(waitReady(store));
        QVERIFY(store.isPersistent());
        QVERIFY(store.notice().isEmpty());
        QCOMPARE(ready.count(), 1);

        auto created = await<Conversation>([&](auto done) {
            store.createConversation(QStringLiteral("glm-4-9b"), {}, this, done);
        });
        QVERIFY(created && created->ok());
        auto user = await<Message>([&](auto done) {
            store.addUserMessage(created->value.id, 0, QStringLiteral("Hello there"), this, done);
        });
        QVERIFY(user && user->ok());
        // Committed before the callback: another connection sees it now.
        RawConnection raw(store.databasePath());
        QCOMPARE(
            raw.value(
                   QStringLiteral("SELECT content FROM messages WHERE id = %1").arg(user->value.id))
                .toString(),
            QStringLiteral("Hello there"));
        QTRY_COMPARE(changed.count(), 2);
        QCOMPARE(changed.last().first().value<Conversation>().title, QStringLiteral("Hello there"));

        auto thread = await<ConversationThread>(
            [&](auto done) { store.loadThread(created->value.id, this, done); });
        QCOMPARE(thread->value.messages.size(), 1);
        auto missing =
            await<ConversationThread>([&](auto done) { store.loadThread(424242, this, done); });
        QCOMPARE(missing->error.kind, StoreErrorKind::NotFound);

        QSignalSpy removed(&store, &ConversationStore::conversationRemoved);
        auto trashed =
            awaitStatus([&](auto done) { store.trashConversation(created->value.id, this, done); });
        QVERIFY(trashed && !trashed->isError());
        QCOMPARE(removed.count(), 1);
        auto restored = await<Conversation>(
            [&](auto done) { store.restoreConversation(created->value.id, this, done); });
        QVERIFY(restored->ok());
    }

    void callbacksOfDestroyedContextsAreDropped() {
        ConversationStore store(options());
        bool called = false;
        {
            QObject context;
            store.createConversation(
                {}, {}, &context, [&called](const StoreResult<Conversation>&) { called = true; });
        }
        store.waitForIdle();
        QSignalSpy changed(&store, &ConversationStore::conversationChanged);
        QVERIFY(changed.wait(5000)); // the write happened and was announced...
        QVERIFY(!called);            // ...but nobody was left to call back
    }

    void replyCheckpointsAreThrottledAndTimely() {
        StoreOptions opts = options();
        opts.replyCheckpointMs = 300;
        ConversationStore store(opts);
        QVERIFY(waitReady(store));
        const qint64 id = await<Conversation>([&](auto done) {
                              store.createConversation({}, {}, this, done);
                          })->value.id;
        const qint64 user = await<Message>([&](auto done) {
                                store.addUserMessage(id, 0, QStringLiteral("q"), this, done);
                            })->value.id;
        const qint64 reply =
            await<Message>([&](auto done) {
                store.beginAssistantReply(id, user, QStringLiteral("m"), this, done);
            })->value.id;

        // Count the writes the store makes, from inside the database.
        RawConnection raw(store.databasePath());
        QVERIFY(raw.exec(QStringLiteral("CREATE TABLE test_writes (n INTEGER)")));
        QVERIFY(raw.exec(QStringLiteral("INSERT INTO test_writes VALUES (0)")));
        QVERIFY(raw.exec(QStringLiteral("CREATE TRIGGER count_writes AFTER UPDATE OF content ON "
                                        "messages BEGIN UPDATE test_writes SET n = n + 1; END")));

        QString text;
        QElapsedTimer clock;
        clock.start();
        qint64 worstLagMs = 0;
        QString lastSeen;
        qint64 lastChangeMs = 0;
        while (clock.elapsed() < 1500) {
            text += QStringLiteral("tok ");
            store.updateReply(reply, text);
            QTest::qWait(10);
            const QString onDisk =
                raw.value(QStringLiteral("SELECT content FROM messages WHERE id = %1").arg(reply))
                    .toString();
            if (onDisk != lastSeen) {
                lastSeen = onDisk;
                lastChangeMs = clock.elapsed();
            }
            worstLagMs = qMax(worstLagMs, clock.elapsed() - lastChangeMs);
        }
        const int writes = raw.value(QStringLiteral("SELECT n FROM test_writes")).toInt();
        qInfo("~%d updates, %d checkpoint writes, longest time without a checkpoint: %lld ms",
              int(text.size() / 4), writes, worstLagMs);
        QVERIFY2(writes >= 3 && writes <= 8,
                 qPrintable(QString::number(writes))); // ~1500/300, not one per update
        QVERIFY(worstLagMs < 1000);
        QVERIFY(text.startsWith(lastSeen));

        auto finished = await<Message>([&](auto done) {
            store.finishReply(reply, text + QStringLiteral("end"), MessageState::Complete, {}, {},
                              this, done);
        });
        QVERIFY(finished->ok());
        QCOMPARE(raw.value(QStringLiteral("SELECT content FROM messages WHERE id = %1").arg(reply))
                     .toString(),
                 text + QStringLiteral("end"));
        store.updateReply(reply, QStringLiteral("late"));
        QTest::qWait(600);
        QCOMPARE(raw.value(QStringLiteral("SELECT content FROM messages WHERE id = %1").arg(reply))
                     .toString(),
                 text + QStringLiteral("end"));
        QVERIFY(raw.exec(QStringLiteral("DROP TRIGGER count_writes")));
    }

    void quittingWritesPendingCheckpoint() {
        StoreOptions opts = options();
        opts.replyCheckpointMs = 60'000; // only the shutdown can write it
        qint64 reply = 0;
        {
            ConversationStore store(opts);
            const qint64 id = await<Conversation>([&](auto done) {
                                  store.createConversation({}, {}, this, done);
                              })->value.id;
            reply = await<Message>([&](auto done) {
                        store.beginAssistantReply(id, 0, {}, this, done);
                    })->value.id;
            store.updateReply(reply, QStringLiteral("almost done"));
        }
        ConversationDatabase db(options());
        auto message = MessageTree(db.connection()).get(reply);
        QCOMPARE(message.value.content, QStringLiteral("almost done"));
        QCOMPARE(message.value.state, MessageState::Interrupted);
    }
};

QTEST_GUILESS_MAIN(TestConversationStore)
#include "tst_conversation_store.moc"
