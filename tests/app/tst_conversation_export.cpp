// Export to Markdown and JSON, and import of that JSON: a round trip keeps everything (every
// branch, settings, stats, times), importing twice adds nothing, and bad files are refused
// with a reason instead of being half-imported.
#include "history/conversation_export.h"
#include "history/conversation_import.h"
#include "history_fixtures.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace glm::history;
using namespace glm::history::test;

namespace {

struct Sample {
    qint64 branched = 0, plain = 0;
};

// A conversation with a system prompt, an edit, a regenerated reply, stats, an error and
// Chinese text; and a plain one.
Sample writeSample(ConversationDatabase& db) {
    ConversationTable table(db.connection());
    MessageTree tree(db.connection());
    Sample s;
    s.branched =
        table.create(QStringLiteral("glm-4-9b"), QJsonObject{{QStringLiteral("temperature"), 0.8}})
            .value.id;
    table.setPinned(s.branched, true);
    const qint64 sys =
        tree.add(s.branched, 0, MessageRole::System, QStringLiteral("Answer briefly."))
            .value.message.id;
    const qint64 u1 = tree.add(s.branched, sys, MessageRole::User, QStringLiteral("什么是量化？"))
                          .value.message.id;
    const qint64 a1 = tree.add(s.branched, u1, MessageRole::Assistant, {}, MessageState::Streaming,
                               QStringLiteral("glm-4-9b"))
                          .value.message.id;
    GenerationStats stats;
    stats.promptTokens = 20;
    stats.completionTokens = 64;
    stats.tokensPerSecond = 33.25;
    stats.firstTokenMs = 180;
    stats.durationMs = 2100;
    // A reasoning model's reply: its thinking apart from the answer, with its duration.
    tree.finish(a1,
                ReplyText(QStringLiteral("量化把权重存成 4 位整数。"),
                          QStringLiteral("用户问量化。\n\n先说定义。"), 12'300),
                MessageState::Complete, stats);
    const qint64 a1b = tree.add(s.branched, u1, MessageRole::Assistant, {}, MessageState::Streaming,
                                QStringLiteral("glm-4-9b"))
                           .value.message.id;
    // Stopped while thinking: no duration, and the thinking kept.
    tree.finish(a1b, ReplyText(QString(), QStringLiteral("Let me th"), std::nullopt),
                MessageState::Interrupted, {});
    const qint64 u2 = tree.add(s.branched, a1b, MessageRole::User, QStringLiteral("And on a GPU?"))
                          .value.message.id;
    const qint64 a2 = tree.add(s.branched, u2, MessageRole::Assistant, {}, MessageState::Streaming)
                          .value.message.id;
    tree.finish(a2, QString(), MessageState::Error, {}, QStringLiteral("Vulkan device lost"));
    tree.switchBranch(s.branched, a1); // the first answer is the branch shown

    s.plain = table.create({}, {}).value.id;
    const qint64 p1 =
        tree.add(s.plain, 0, MessageRole::User, QStringLiteral("Plain *markdown* question"))
            .value.message.id;
    tree.add(s.plain, p1, MessageRole::Assistant, QStringLiteral("```cpp\nint x;\n```"));
    return s;
}

ConversationRecord recordOf(ConversationDatabase& db, qint64 id) {
    return {ConversationTable(db.connection()).get(id).value,
            MessageTree(db.connection()).all(id).value};
}

// The tree as text: each message with its parent's content, for comparing across databases
// whose ids differ.
QStringList treeShape(const ConversationRecord& r) {
    QHash<qint64, QString> content;
    for (const Message& m : r.messages) content.insert(m.id, m.content);
    QStringList shape;
    for (const Message& m : r.messages)
        shape.append(QStringLiteral("%1 <- %2 [%3 %4 %5 %6 %7]")
                         .arg(m.content, content.value(m.parentId, QStringLiteral("(root)")),
                              roleToString(m.role), stateToString(m.state), m.model, m.error)
                         .arg(m.createdMs));
    return shape;
}

QByteArray archiveWith(const QJsonArray& conversations, int version = 1) {
    return QJsonDocument(
               QJsonObject{{QStringLiteral("format"), QStringLiteral("glm-chat-conversations")},
                           {QStringLiteral("version"), version},
                           {QStringLiteral("conversations"), conversations}})
        .toJson();
}

QJsonObject message(int id, const QJsonValue& parent, const QString& role, const QString& content) {
    return {{QStringLiteral("id"), id},
            {QStringLiteral("parent"), parent},
            {QStringLiteral("role"), role},
            {QStringLiteral("content"), content}};
}

} // namespace

class TestConversationExport : public QObject {
    Q_OBJECT

private slots:
    void jsonRoundTripKeepsEverything() {
        QTemporaryDir from, to;
        ConversationDatabase source(optionsFor(from.path()));
        const Sample sample = writeSample(source);
        const QList<ConversationRecord> records{recordOf(source, sample.branched),
                                                recordOf(source, sample.plain)};
        const QByteArray json = exportJson(records, 1'714'550'400'000, QStringLiteral("0.1.0"));

        const QJsonObject root = QJsonDocument::fromJson(json).object();
        QCOMPARE(root.value(QStringLiteral("format")).toString(),
                 QStringLiteral("glm-chat-conversations"));
        QCOMPARE(root.value(QStringLiteral("version")).toInt(), 1);
        QCOMPARE(root.value(QStringLiteral("exported_at")).toString(),
                 QStringLiteral("2024-05-01T08:00:00.000Z"));
        const QJsonObject first =
            root.value(QStringLiteral("conversations")).toArray().first().toObject();
        const QJsonArray messages = first.value(QStringLiteral("messages")).toArray();
        QCOMPARE(messages.size(), 6);
        QCOMPARE(messages[0].toObject().value(QStringLiteral("parent")),
                 QJsonValue()); // root: null
        QCOMPARE(messages[1].toObject().value(QStringLiteral("parent")).toInt(), 1);
        QCOMPARE(messages[2]
                     .toObject()
                     .value(QStringLiteral("stats"))
                     .toObject()
                     .value(QStringLiteral("tokens_per_second"))
                     .toDouble(),
                 33.25);
        QCOMPARE(first.value(QStringLiteral("current_leaf")).toInt(), 3);
        QCOMPARE(messages[2].toObject().value(QStringLiteral("thinking")).toString(),
                 QStringLiteral("用户问量化。\n\n先说定义。"));
        QCOMPARE(messages[2].toObject().value(QStringLiteral("thinking_ms")).toInt(), 12'300);
        QVERIFY(!messages[3].toObject().contains(QStringLiteral("thinking_ms")));
        QVERIFY(!messages[1].toObject().contains(QStringLiteral("thinking")));

        auto parsed = parseJsonArchive(json);
        QVERIFY(parsed.ok());
        ConversationDatabase target(optionsFor(to.path()));
        auto report = importRecords(target.connection(), parsed.value);
        QVERIFY(report.ok());
        QCOMPARE(report.value.imported, 2);
        QCOMPARE(report.value.duplicates, 0);

        for (qsizetype i = 0; i < records.size(); ++i) {
            const ConversationRecord& original = records[i];
            ConversationRecord copy;
            for (qint64 id : ConversationTable(target.connection()).liveIds().value) {
                ConversationRecord candidate = recordOf(target, id);
                if (candidate.conversation.uuid == original.conversation.uuid) copy = candidate;
            }
            QVERIFY(copy.conversation.id != 0);
            QCOMPARE(copy.conversation.title, original.conversation.title);
            QCOMPARE(copy.conversation.model, original.conversation.model);
            QCOMPARE(copy.conversation.createdMs, original.conversation.createdMs);
            QCOMPARE(copy.conversation.updatedMs, original.conversation.updatedMs);
            QCOMPARE(copy.conversation.pinned, original.conversation.pinned);
            QCOMPARE(copy.conversation.settings, original.conversation.settings);
            QCOMPARE(treeShape(copy), treeShape(original));
            for (qsizetype m = 0; m < original.messages.size(); ++m) {
                QCOMPARE(copy.messages[m].stats, original.messages[m].stats);
                QCOMPARE(copy.messages[m].thinking, original.messages[m].thinking);
                QCOMPARE(copy.messages[m].thinkingMs, original.messages[m].thinkingMs);
            }
            // The same branch is current.
            auto originalThread =
                MessageTree(source.connection()).thread(original.conversation.id).value;
            auto copyThread = MessageTree(target.connection()).thread(copy.conversation.id).value;
            QCOMPARE(copyThread.messages.size(), originalThread.messages.size());
            QCOMPARE(copyThread.messages.back().message.content,
                     originalThread.messages.back().message.content);
        }
    }

    void importingTwiceAddsNothing() {
        QTemporaryDir dir;
        ConversationStore store(optionsFor(dir.path()));
        QVERIFY(waitReady(store));
        {
            ConversationDatabase direct(optionsFor(dir.path()));
            writeSample(direct);
        }
        const QString file = dir.filePath(QStringLiteral("all.json"));
        auto exported = awaitStatus(
            [&](auto done) { store.exportToFile({}, ExportFormat::Json, file, this, done); });
        QVERIFY(exported && !exported->isError());
        QVERIFY(QFileInfo(file).size() > 500);

        // Into the store it came from: everything is already there.
        auto again =
            await<ImportReport>([&](auto done) { store.importFromFile(file, this, done); });
        QVERIFY(again->ok());
        QCOMPARE(again->value.imported, 0);
        QCOMPARE(again->value.duplicates, 2);

        // Into another store: once, then never again. A trashed copy still counts as present.
        QTemporaryDir otherDir;
        ConversationStore other(optionsFor(otherDir.path()));
        QSignalSpy reset(&other, &ConversationStore::historyReset);
        auto first =
            await<ImportReport>([&](auto done) { other.importFromFile(file, this, done); });
        QCOMPARE(first->value.imported, 2);
        QCOMPARE(reset.count(), 1);
        auto page = await<QList<Conversation>>(
            [&](auto done) { other.listConversations({}, 10, this, done); });
        QCOMPARE(page->value.size(), 2);
        QVERIFY(awaitStatus(
            [&](auto done) { other.trashConversation(page->value.first().id, this, done); }));
        auto second =
            await<ImportReport>([&](auto done) { other.importFromFile(file, this, done); });
        QCOMPARE(second->value.imported, 0);
        QCOMPARE(second->value.duplicates, 2);
        QCOMPARE(reset.count(), 1);
    }

    void markdownShowsTheCurrentBranch() {
        QTemporaryDir dir;
        ConversationDatabase db(optionsFor(dir.path()));
        const Sample sample = writeSample(db);
        const QString md =
            exportMarkdown({recordOf(db, sample.branched), recordOf(db, sample.plain)});
        QVERIFY(md.startsWith(QStringLiteral("# 什么是量化？\n")));
        QVERIFY(md.contains(QStringLiteral("- Model: glm-4-9b\n")));
        QVERIFY(md.contains(QStringLiteral("## System\n\nAnswer briefly.\n")));
        QVERIFY(md.contains(QStringLiteral("## You\n\n什么是量化？\n")));
        QVERIFY(md.contains(
            QStringLiteral("## Assistant (glm-4-9b)\n\n> *Thought for 12 s:*\n>\n> "
                           "用户问量化。\n>\n> 先说定义。\n\n量化把权重存成 4 位整数。\n")));
        QVERIFY(!md.contains(QStringLiteral("Let me th"))); // another branch
        QVERIFY(!md.contains(QStringLiteral("And on a GPU?")));
        QVERIFY(md.contains(QStringLiteral("\n---\n\n# Plain *markdown* question\n")));
        QVERIFY(md.contains(QStringLiteral("```cpp\nint x;\n```")));

        MessageTree(db.connection())
            .switchBranch(sample.branched,
                          MessageTree(db.connection()).all(sample.branched).value.last().id);
        const QString other = exportMarkdown({recordOf(db, sample.branched)});
        QVERIFY(other.contains(QStringLiteral("> *Thinking (unfinished):*\n>\n> Let me "
                                              "th\n\n\n\n*The reply was interrupted here.*")));
        QVERIFY(other.contains(QStringLiteral("*The reply failed: Vulkan device lost*")));
    }

    void exportOneConversationToMarkdownFile() {
        QTemporaryDir dir;
        ConversationStore store(optionsFor(dir.path()));
        const qint64 id = await<Conversation>([&](auto done) {
                              store.createConversation({}, {}, this, done);
                          })->value.id;
        await<Message>([&](auto done) {
            store.addUserMessage(id, 0, QStringLiteral("only this one"), this, done);
        });
        const qint64 other = await<Conversation>([&](auto done) {
                                 store.createConversation({}, {}, this, done);
                             })->value.id;
        await<Message>([&](auto done) {
            store.addUserMessage(other, 0, QStringLiteral("not this"), this, done);
        });
        const QString file = dir.filePath(QStringLiteral("one.md"));
        auto exported = awaitStatus(
            [&](auto done) { store.exportToFile({id}, ExportFormat::Markdown, file, this, done); });
        QVERIFY(exported && !exported->isError());
        QFile f(file);
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QString text = QString::fromUtf8(f.readAll());
        QVERIFY(text.contains(QStringLiteral("only this one")));
        QVERIFY(!text.contains(QStringLiteral("not this")));

        auto refused = awaitStatus([&](auto done) {
            store.exportToFile({}, ExportFormat::Json, QStringLiteral("/proc/self/x.json"), this,
                               done);
        });
        QCOMPARE(refused->kind, StoreErrorKind::Io);
        QVERIFY(refused->userText().contains(QStringLiteral("/proc/self/x.json")));
    }

    void badFilesAreRefusedWithAReason_data() {
        QTest::addColumn<QByteArray>("data");
        QTest::addColumn<QString>("reason");
        QTest::newRow("not json") << QByteArray("{\"format\": ")
                                  << QStringLiteral("not valid JSON");
        QTest::newRow("binary") << QByteArray("\x00\xff\x10garbage", 10)
                                << QStringLiteral("not valid JSON");
        QTest::newRow("another format")
            << QByteArray(R"({"format": "chatgpt", "version": 1, "conversations": []})")
            << QStringLiteral("not a GLM Chat conversation export");
        QTest::newRow("newer version")
            << archiveWith({}, 7) << QStringLiteral("newer GLM Chat (format version 7");
        QTest::newRow("no version")
            << QByteArray(R"({"format": "glm-chat-conversations", "conversations": []})")
            << QStringLiteral("no valid format version");
        QTest::newRow("no list") << QByteArray(
                                        R"({"format": "glm-chat-conversations", "version": 1})")
                                 << QStringLiteral("no \"conversations\" list");
    }

    void badFilesAreRefusedWithAReason() {
        QFETCH(QByteArray, data);
        QFETCH(QString, reason);
        auto parsed = parseJsonArchive(data);
        QCOMPARE(parsed.error.kind, StoreErrorKind::InvalidInput);
        QVERIFY2(parsed.error.detail.contains(reason), qPrintable(parsed.error.detail));
    }

    void badConversationsAreSkippedOthersKept() {
        const QJsonObject good{
            {QStringLiteral("uuid"), QStringLiteral("0f8e2a51-7b1c-4d3e-9a2b-5c6d7e8f9a0b")},
            {QStringLiteral("title"), QStringLiteral("good")},
            {QStringLiteral("messages"),
             QJsonArray{message(1, QJsonValue(), QStringLiteral("user"), QStringLiteral("hi")),
                        message(2, 1, QStringLiteral("assistant"), QStringLiteral("hello"))}}};
        QJsonObject streaming = good;
        streaming.insert(QStringLiteral("uuid"),
                         QStringLiteral("1f8e2a51-7b1c-4d3e-9a2b-5c6d7e8f9a0b"));
        QJsonObject reply = message(2, 1, QStringLiteral("assistant"), QStringLiteral("cut"));
        reply.insert(QStringLiteral("state"), QStringLiteral("streaming"));
        streaming.insert(
            QStringLiteral("messages"),
            QJsonArray{message(1, QJsonValue(), QStringLiteral("user"), QStringLiteral("q")),
                       reply});
        const QJsonObject forwardParent{
            {QStringLiteral("messages"),
             QJsonArray{message(1, 2, QStringLiteral("user"), QStringLiteral("x")),
                        message(2, QJsonValue(), QStringLiteral("user"), QStringLiteral("y"))}}};
        const QJsonObject badRole{
            {QStringLiteral("messages"),
             QJsonArray{message(1, QJsonValue(), QStringLiteral("robot"), QStringLiteral("x"))}}};
        const QJsonObject repeatedId{
            {QStringLiteral("messages"),
             QJsonArray{message(1, QJsonValue(), QStringLiteral("user"), QStringLiteral("x")),
                        message(1, QJsonValue(), QStringLiteral("user"), QStringLiteral("y"))}}};
        const QJsonObject noMessages{{QStringLiteral("title"), QStringLiteral("empty")}};
        const QJsonObject noUuid{
            {QStringLiteral("title"), QStringLiteral("hand written")},
            {QStringLiteral("messages"), QJsonArray{message(5, QJsonValue(), QStringLiteral("user"),
                                                            QStringLiteral("typed by hand"))}}};
        const QByteArray data = archiveWith({good, forwardParent, badRole, repeatedId, noMessages,
                                             QStringLiteral("text"), streaming, noUuid});

        auto parsed = parseJsonArchive(data);
        QVERIFY(parsed.ok());
        QCOMPARE(parsed.value.records.size(), 3);
        QCOMPARE(parsed.value.rejected, 5);
        QCOMPARE(parsed.value.problems.size(), 5);
        QVERIFY(parsed.value.problems[0].startsWith(
            QStringLiteral("Conversation 2 was skipped: message 1 names a parent")));
        QVERIFY(parsed.value.problems[1].contains(QStringLiteral("unknown role")));
        QVERIFY(parsed.value.problems[2].contains(QStringLiteral("repeated \"id\"")));
        QVERIFY(parsed.value.problems[3].contains(QStringLiteral("no \"messages\" list")));
        QVERIFY(parsed.value.problems[4].contains(QStringLiteral("not a JSON object")));
        QCOMPARE(parsed.value.records[1].messages[1].state, MessageState::Interrupted);

        QTemporaryDir dir;
        ConversationDatabase db(optionsFor(dir.path()));
        auto report = importRecords(db.connection(), parsed.value);
        QCOMPARE(report.value.imported, 3);
        QCOMPARE(report.value.rejected, 5);
        // Without a uuid the identity comes from the content: the same file is still a duplicate.
        auto twice = importRecords(db.connection(), parseJsonArchive(data).value);
        QCOMPARE(twice.value.imported, 0);
        QCOMPARE(twice.value.duplicates, 3);
    }

    void missingFileIsReported() {
        QTemporaryDir dir;
        ConversationStore store(optionsFor(dir.path()));
        auto report = await<ImportReport>([&](auto done) {
            store.importFromFile(dir.filePath(QStringLiteral("nope.json")), this, done);
        });
        QCOMPARE(report->error.kind, StoreErrorKind::CannotOpen);
        QVERIFY(report->error.detail.contains(QStringLiteral("nope.json")));
    }
};

QTEST_GUILESS_MAIN(TestConversationExport)
#include "tst_conversation_export.moc"
