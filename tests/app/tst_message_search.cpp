// Full-text search over the history: query parsing, 1-, 2- and 3+-character queries in English
// and Chinese with highlighted snippets, index use (never a scan of every message), and search
// following edits, deletes and limits.
#include "history/message_search.h"
#include "history/search_query.h"
#include "history_fixtures.h"

#include <QTemporaryDir>
#include <QTest>
#include <memory>

using namespace glm::history;
using namespace glm::history::test;

class TestMessageSearch : public QObject {
    Q_OBJECT

    std::unique_ptr<QTemporaryDir> m_dir; // a fresh one per test function
    StoreOptions options() const { return optionsFor(m_dir->path()); }

    static QString highlighted(const QString& s) {
        return QString(s)
            .replace(kHighlightStart, QLatin1Char('['))
            .replace(kHighlightEnd, QLatin1Char(']'));
    }

private slots:
    void init() {
        m_dir = std::make_unique<QTemporaryDir>();
        QVERIFY(m_dir->isValid());
    }

    void searchQueryParsing() {
        const SearchQuery q =
            SearchQuery::parse(QStringLiteral("  天气  ab  Vulkan 天气 vulkan 😀😀 "));
        QCOMPARE(q.wordTerms, (QStringList{"天气", "ab"}));
        QCOMPARE(q.likeTerms, (QStringList{"😀😀"})); // 2 characters, not letters: LIKE
        QCOMPARE(SearchQuery::parse(QStringLiteral("<b Q4 %")).likeTerms, (QStringList{"<b", "%"}));
        QCOMPARE(q.longTerms, (QStringList{"Vulkan"}));
        QCOMPARE(q.wordExpression(), QStringLiteral("\"天 气\" AND \"ab\"*"));
        QCOMPARE(SearchQuery::parse(QStringLiteral("Q天 x")).wordExpression(),
                 QStringLiteral("\"Q 天\" AND \"x\"*"));
        QCOMPARE(separateIdeographs(QStringLiteral("GLM-4模型很快, ok")),
                 QStringLiteral("GLM-4 模 型 很 快 , ok"));
        QCOMPARE(separateIdeographs(QStringLiteral("カタカナ ひら")),
                 QStringLiteral("カ タ カ ナ ひ ら"));
        QVERIFY(separateIdeographs(QStringLiteral("plain English, café")).isNull());
        QCOMPARE(separateIdeographs(QStringLiteral("𠀀x")),
                 QStringLiteral("𠀀 x")); // outside the BMP
        QCOMPARE(SearchQuery::parse(QStringLiteral("say \"hi\" now")).trigramExpression(),
                 QStringLiteral("\"say\" AND \"\"\"hi\"\"\" AND \"now\""));
        QCOMPARE(SearchQuery::likePattern(QStringLiteral("5%_\\")),
                 QStringLiteral("%5\\%\\_\\\\%"));
        QVERIFY(SearchQuery::parse(QStringLiteral(" \t\n")).isEmpty());
        QCOMPARE(highlighted(makeSnippet(QStringLiteral("Ab ab\nAB"), {QStringLiteral("ab")})),
                 QStringLiteral("[Ab] [ab] [AB]"));
        const QString longText = QString(100, QLatin1Char('x')) + QStringLiteral("needle") +
                                 QString(300, QLatin1Char('y'));
        const QString snippet = highlighted(makeSnippet(longText, {QStringLiteral("needle")}));
        QVERIFY(snippet.startsWith(QChar(0x2026)));
        QVERIFY(snippet.endsWith(QChar(0x2026)));
        QVERIFY(snippet.contains(QStringLiteral("x[needle]y")));
    }

    void searchEnglishAndChinese_data() {
        QTest::addColumn<QString>("query");
        QTest::addColumn<QStringList>("expected");    // message contents, newest first
        QTest::addColumn<QString>("snippetFragment"); // in the first hit's snippet
        QTest::newRow("zh 1 char")
            << QStringLiteral("雨") << QStringList{"明天会下雨吗？", "今天天气很好，不会下雨"}
            << QStringLiteral("[雨]");
        QTest::newRow("zh 2 chars")
            << QStringLiteral("天气") << QStringList{"今天天气很好，不会下雨"}
            << QStringLiteral("今天[天气]很好");
        QTest::newRow("zh 3 chars")
            << QStringLiteral("天气很") << QStringList{"今天天气很好，不会下雨"}
            << QStringLiteral("[天气很]");
        QTest::newRow("zh 4 chars")
            << QStringLiteral("量化模型") << QStringList{"如何把量化模型放到显卡上"}
            << QStringLiteral("[量化模型]");
        QTest::newRow("en 1 char")
            << QStringLiteral("q")
            << QStringList{"Quantize to Q4_0", "Qt Quick views", "Vulkan quantization kernels"}
            << QStringLiteral("[Q]uantize");
        QTest::newRow("en 2 chars") << QStringLiteral("Qt") << QStringList{"Qt Quick views"}
                                    << QStringLiteral("[Qt] Quick");
        QTest::newRow("en 3+ chars, any case")
            << QStringLiteral("QUANTIZ")
            << QStringList{"Quantize to Q4_0", "Vulkan quantization kernels"}
            << QStringLiteral("[Quantiz]e");
        QTest::newRow("en substring")
            << QStringLiteral("ulka") << QStringList{"Vulkan quantization kernels"}
            << QStringLiteral("V[ulka]n");
        QTest::newRow("two terms, both needed")
            << QStringLiteral("vulkan kernels") << QStringList{"Vulkan quantization kernels"}
            << QStringLiteral("[Vulkan] quantization [kernels]");
        QTest::newRow("mixed long and short")
            << QStringLiteral("下雨 明天") << QStringList{"明天会下雨吗？"}
            << QStringLiteral("[明天]会[下雨]");
        QTest::newRow("mixed scripts") << QStringLiteral("Q4 量化") << QStringList{} << QString();
        // Short Latin terms match the start of words, not the middle ("ul" is not in "Vulkan").
        QTest::newRow("en 2 chars mid-word") << QStringLiteral("ul") << QStringList{} << QString();
        QTest::newRow("en 2 chars word start")
            << QStringLiteral("ke") << QStringList{"Vulkan quantization kernels"}
            << QStringLiteral("[ke]rnels");
        QTest::newRow("like wildcards are literal")
            << QStringLiteral("%") << QStringList{"100% sure"} << QStringLiteral("100[%]");
        QTest::newRow("underscore literal")
            << QStringLiteral("4_0") << QStringList{"Quantize to Q4_0"} << QStringLiteral("Q[4_0]");
        QTest::newRow("fts syntax is literal")
            << QStringLiteral("\"AND*") << QStringList{} << QString();
        QTest::newRow("no match") << QStringLiteral("zzz") << QStringList{} << QString();
    }

    void searchEnglishAndChinese() {
        QFETCH(QString, query);
        QFETCH(QStringList, expected);
        QFETCH(QString, snippetFragment);
        ConversationDatabase db(options());
        ConversationTable table(db.connection());
        MessageTree tree(db.connection());
        const qint64 id = table.create({}, {}, QStringLiteral("Mixed")).value.id;
        const qint64 trashed = table.create({}, {}, QStringLiteral("Trashed")).value.id;
        qint64 parent = 0;
        for (const char* text :
             {"Vulkan quantization kernels", "今天天气很好，不会下雨", "Qt Quick views",
              "如何把量化模型放到显卡上", "Quantize to Q4_0", "100% sure", "明天会下雨吗？"})
            parent =
                tree.add(id, parent, MessageRole::User, QString::fromUtf8(text)).value.message.id;
        tree.add(trashed, 0, MessageRole::User, QStringLiteral("下雨 Qt Vulkan 天气很 Quantize"));
        QVERIFY(!table.trash(trashed).isError());

        auto hits = MessageSearch(db.connection()).search(query);
        QVERIFY2(hits.ok(), qPrintable(hits.error.detail));
        QStringList found;
        for (const SearchHit& hit : hits.value) {
            QCOMPARE(hit.conversationId, id);
            QCOMPARE(hit.conversationTitle, QStringLiteral("Mixed"));
            found.append(tree.get(hit.messageId).value.content);
        }
        QCOMPARE(found, expected);
        if (!expected.isEmpty()) {
            const QString snippet = highlighted(hits.value.first().snippet);
            QVERIFY2(snippet.contains(snippetFragment), qPrintable(snippet));
        }
    }

    void shortQueriesUseAnIndex_data() {
        QTest::addColumn<QString>("query");
        QTest::addColumn<QString>("index");
        QTest::newRow("1 ideograph") << QStringLiteral("雨") << QStringLiteral("messages_words");
        QTest::newRow("2 ideographs") << QStringLiteral("天气") << QStringLiteral("messages_words");
        QTest::newRow("2 letters") << QStringLiteral("Qt") << QStringLiteral("messages_words");
        QTest::newRow("3+") << QStringLiteral("天气很") << QStringLiteral("messages_fts");
    }

    void shortQueriesUseAnIndex() {
        // Never a scan of every message, whatever the length of the query.
        QFETCH(QString, query);
        QFETCH(QString, index);
        ConversationDatabase db(options());
        const SearchQuery parsed = SearchQuery::parse(query);
        const bool trigram = !parsed.longTerms.isEmpty();
        QSqlQuery plan(db.connection());
        QVERIFY(plan.prepare(
            QStringLiteral(
                "EXPLAIN QUERY PLAN SELECT m.id FROM %1 JOIN messages m ON m.id = %1.rowid"
                " WHERE %1 MATCH ? ORDER BY %1.rowid DESC LIMIT 100")
                .arg(index)));
        plan.addBindValue(trigram ? parsed.trigramExpression() : parsed.wordExpression());
        QVERIFY(plan.exec());
        QStringList steps;
        while (plan.next()) steps.append(plan.value(3).toString());
        QVERIFY2(steps.join(u';').contains(QStringLiteral("VIRTUAL TABLE INDEX")),
                 qPrintable(steps.join(u';')));
        QVERIFY2(!steps.contains(QStringLiteral("SCAN m")), qPrintable(steps.join(u';')));
        QVERIFY2(!steps.join(u';').contains(QStringLiteral("TEMP B-TREE")),
                 qPrintable(steps.join(u';'))); // no sort
    }

    void searchFollowsEdits() {
        ConversationDatabase db(options());
        MessageTree tree(db.connection());
        const qint64 id = ConversationTable(db.connection()).create({}, {}).value.id;
        const qint64 user =
            tree.add(id, 0, MessageRole::User, QStringLiteral("question")).value.message.id;
        const qint64 reply = tree.add(id, user, MessageRole::Assistant, {}, MessageState::Streaming)
                                 .value.message.id;
        MessageSearch search(db.connection());
        QVERIFY(!tree.checkpoint(reply, QStringLiteral("first draft about lavapipe")).isError());
        QCOMPARE(search.search(QStringLiteral("lavapipe")).value.size(), 1);
        QVERIFY(tree.finish(reply, QStringLiteral("final answer about radv"),
                            MessageState::Complete, {})
                    .ok());
        QCOMPARE(search.search(QStringLiteral("lavapipe")).value.size(), 0);
        QCOMPARE(search.search(QStringLiteral("radv")).value.size(), 1);
        QVERIFY(!ConversationTable(db.connection()).purge(id).isError());
        QCOMPARE(search.search(QStringLiteral("radv")).value.size(), 0);
        QCOMPARE(search.search(QStringLiteral("question")).value.size(), 0);
    }

    void searchLimitsResults() {
        ConversationDatabase db(options());
        MessageTree tree(db.connection());
        const qint64 id = ConversationTable(db.connection()).create({}, {}).value.id;
        for (int i = 0; i < 30; ++i)
            tree.add(id, 0, MessageRole::User, QStringLiteral("repeat %1").arg(i));
        auto hits = MessageSearch(db.connection()).search(QStringLiteral("repeat"), 10);
        QCOMPARE(hits.value.size(), 10);
        QCOMPARE(tree.get(hits.value.first().messageId).value.content, QStringLiteral("repeat 29"));
        QCOMPARE(MessageSearch(db.connection()).search(QStringLiteral("re"), 5).value.size(), 5);
    }

    void searchThroughStore() {
        ConversationStore store(options());
        const qint64 id = await<Conversation>([&](auto done) {
                              store.createConversation({}, {}, this, done);
                          })->value.id;
        await<Message>([&](auto done) {
            store.addUserMessage(id, 0, QStringLiteral("显卡驱动 Vulkan"), this, done);
        });
        auto hits = await<QList<SearchHit>>(
            [&](auto done) { store.search(QStringLiteral("显卡"), 20, this, done); });
        QVERIFY(hits->ok());
        QCOMPARE(hits->value.size(), 1);
        QCOMPARE(highlighted(hits->value.first().snippet), QStringLiteral("[显卡]驱动 Vulkan"));
    }

    // A chat is found by its title too (first, as a hit without a message), case aside; words
    // of the title that are in no message are enough.
    void titlesAreSearched() {
        ConversationStore store(options());
        const qint64 id = await<Conversation>([&](auto done) {
                              store.createConversation({}, {}, this, done);
                          })->value.id;
        await<Message>([&](auto done) {
            store.addUserMessage(id, 0, QStringLiteral("Where should we eat?"), this, done);
        });
        QVERIFY(await<Conversation>([&](auto done) {
                    store.renameConversation(id, QStringLiteral("Trip to Hangzhou 杭州"), this,
                                             done);
                })->ok());
        for (const QString& query : {QStringLiteral("hangzhou"), QStringLiteral("杭州 trip")}) {
            auto hits =
                await<QList<SearchHit>>([&](auto done) { store.search(query, 20, this, done); });
            QVERIFY(hits->ok());
            QCOMPARE(hits->value.size(), 1);
            QCOMPARE(hits->value.first().conversationId, id);
            QCOMPARE(hits->value.first().messageId, 0);
            QVERIFY(highlighted(hits->value.first().snippet).contains(QStringLiteral("[")));
        }
        auto both = await<QList<SearchHit>>(
            [&](auto done) { store.search(QStringLiteral("trip"), 20, this, done); });
        QCOMPARE(both->value.size(), 1);
        auto none = await<QList<SearchHit>>(
            [&](auto done) { store.search(QStringLiteral("Shanghai"), 20, this, done); });
        QCOMPARE(none->value.size(), 0);
    }
};

QTEST_GUILESS_MAIN(TestMessageSearch)
#include "tst_message_search.moc"
