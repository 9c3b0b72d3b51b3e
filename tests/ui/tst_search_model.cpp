// The search model: results for English and Chinese queries of any length, snippets as
// escaped StyledText with the matches in bold, answers to older queries dropped, results of a
// deleted conversation removed; all under QAbstractItemModelTester.
#include "history_fixtures.h"
#include "viewmodels/search_model.h"
#include "viewmodels/snippet_markup.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <memory>

using namespace glm::history;
using namespace glm::history::test;

class TestSearchModel : public QObject {
    Q_OBJECT

    std::unique_ptr<QTemporaryDir> m_dir; // a fresh one per test function
    qint64 m_weather = 0, m_code = 0;

    void seed() {
        ConversationDatabase db(optionsFor(m_dir->path()));
        ConversationTable table(db.connection());
        MessageTree tree(db.connection());
        m_weather = table.create({}, {}, QStringLiteral("天气")).value.id;
        const qint64 q =
            tree.add(m_weather, 0, MessageRole::User, QStringLiteral("明天天气怎么样？"))
                .value.message.id;
        tree.add(m_weather, q, MessageRole::Assistant, QStringLiteral("明天有雨，记得带伞。"));
        m_code = table.create({}, {}, QStringLiteral("Code <review>")).value.id;
        const qint64 c =
            tree.add(m_code, 0, MessageRole::User,
                     QStringLiteral("Why does <b>x</b> & y fail in the Vulkan shader?"))
                .value.message.id;
        tree.add(m_code, c, MessageRole::Assistant,
                 QStringLiteral("The shader reads past the buffer: 天气 is not involved."));
    }

private slots:
    void init() {
        m_dir = std::make_unique<QTemporaryDir>();
        seed();
    }

    void markupIsEscapedAndHighlighted() {
        using glm::ui::snippetToStyledText;
        const QString s = QStringLiteral("a <i>") + kHighlightStart + QStringLiteral("x&y") +
                          kHighlightEnd + QStringLiteral(" \"q\"");
        QCOMPARE(snippetToStyledText(s), QStringLiteral("a &lt;i&gt;<b>x&amp;y</b> &quot;q&quot;"));
        QCOMPARE(snippetToStyledText(kHighlightStart + QStringLiteral("open")),
                 QStringLiteral("<b>open</b>")); // always closed
        QCOMPARE(snippetToStyledText(kHighlightEnd + QStringLiteral("x") + kHighlightEnd),
                 QStringLiteral("x"));
    }

    void findsEnglishAndChineseAtAnyLength_data() {
        QTest::addColumn<QString>("query");
        QTest::addColumn<int>("hits");
        QTest::addColumn<QString>("firstSnippet");
        QTest::newRow("zh 1") << QStringLiteral("雨") << 1
                              << QStringLiteral("明天有<b>雨</b>，记得带伞。");
        QTest::newRow("zh 2")
            << QStringLiteral("天气") << 2
            << QStringLiteral("The shader reads past the buffer: <b>天气</b> is not involved.");
        QTest::newRow("zh 3") << QStringLiteral("天气怎") << 1
                              << QStringLiteral("明天<b>天气怎</b>么样？");
        QTest::newRow("en 1")
            << QStringLiteral("&") << 1
            << QStringLiteral(
                   "Why does &lt;b&gt;x&lt;/b&gt; <b>&amp;</b> y fail in the Vulkan shader?");
        QTest::newRow("en 2")
            << QStringLiteral("<b") << 1
            << QStringLiteral(
                   "Why does <b>&lt;b</b>&gt;x&lt;/b&gt; &amp; y fail in the Vulkan shader?");
        QTest::newRow("en 3+")
            << QStringLiteral("SHADER") << 2
            << QStringLiteral("The <b>shader</b> reads past the buffer: 天气 is not involved.");
        QTest::newRow("none") << QStringLiteral("nothing like this") << 0 << QString();
    }

    void findsEnglishAndChineseAtAnyLength() {
        QFETCH(QString, query);
        QFETCH(int, hits);
        QFETCH(QString, firstSnippet);
        ConversationStore store(optionsFor(m_dir->path()));
        SearchModel model;
        QAbstractItemModelTester tester(&model,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setDelay(0);
        model.setStore(&store);
        model.setQuery(query);
        QVERIFY(model.isSearching());
        QTRY_VERIFY(!model.isSearching());
        QCOMPARE(model.rowCount(), hits);
        QVERIFY(model.errorText().isEmpty());
        if (hits == 0) return;
        const QModelIndex first = model.index(0, 0);
        QCOMPARE(first.data(SearchModel::SnippetRole).toString(), firstSnippet);
        const qint64 conversation = first.data(SearchModel::ConversationIdRole).toLongLong();
        QVERIFY(conversation == m_weather || conversation == m_code);
        QVERIFY(first.data(SearchModel::MessageIdRole).toLongLong() > 0);
        QVERIFY(!first.data(SearchModel::ConversationTitleRole).toString().isEmpty());
        QVERIFY(first.data(SearchModel::CreatedRole).toDateTime().isValid());
        const auto author = SearchModel::Author(first.data(SearchModel::MessageRoleRole).toInt());
        QVERIFY(author == SearchModel::Author::User || author == SearchModel::Author::Assistant);
        QCOMPARE(model.roleNames().value(SearchModel::SnippetRole), QByteArray("snippet"));
    }

    void onlyTheLatestQueryAnswers() {
        ConversationStore store(optionsFor(m_dir->path()));
        SearchModel model;
        QAbstractItemModelTester tester(&model,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setStore(&store);
        model.setDelay(50);
        QSignalSpy resets(&model, &QAbstractItemModel::modelReset);
        for (const char* typed : {"S", "Sh", "Sha", "Shad", "Shade", "Shader"})
            model.setQuery(QString::fromLatin1(typed));
        QTRY_VERIFY(!model.isSearching());
        QCOMPARE(resets.count(), 1); // one search, for the last text
        QCOMPARE(model.rowCount(), 2);
        // Results that arrive after the query changed are dropped.
        model.setDelay(0);
        model.setQuery(QStringLiteral("雨"));
        QTest::qWait(0); // the search for 雨 is sent...
        model.setQuery(QStringLiteral("Vulkan"));
        QTRY_VERIFY(!model.isSearching());
        QCOMPARE(model.rowCount(), 1);
        QVERIFY(model.index(0, 0)
                    .data(SearchModel::SnippetRole)
                    .toString()
                    .contains(QStringLiteral("<b>Vulkan</b>")));
    }

    void emptyQueryClears() {
        ConversationStore store(optionsFor(m_dir->path()));
        SearchModel model;
        QAbstractItemModelTester tester(&model,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setDelay(0);
        model.setStore(&store);
        model.setQuery(QStringLiteral("天气"));
        QTRY_COMPARE(model.rowCount(), 2);
        model.setQuery(QStringLiteral("   "));
        QCOMPARE(model.rowCount(), 0);
        QVERIFY(!model.isSearching());
        model.setQuery(QStringLiteral("天气"));
        QTRY_COMPARE(model.rowCount(), 2);
        model.clear();
        QCOMPARE(model.rowCount(), 0);
        QCOMPARE(model.query(), QString());
    }

    void deletedConversationLeavesTheResults() {
        ConversationStore store(optionsFor(m_dir->path()));
        SearchModel model;
        QAbstractItemModelTester tester(&model,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setDelay(0);
        model.setStore(&store);
        model.setQuery(QStringLiteral("天气"));
        QTRY_COMPARE(model.rowCount(), 2);
        QVERIFY(awaitStatus([&](auto done) { store.trashConversation(m_code, this, done); }));
        QTRY_COMPARE(model.rowCount(), 1);
        QCOMPARE(model.index(0, 0).data(SearchModel::ConversationIdRole).toLongLong(), m_weather);
    }

    void limitCapsResults() {
        {
            ConversationDatabase db(optionsFor(m_dir->path()));
            MessageTree tree(db.connection());
            for (int i = 0; i < 30; ++i)
                tree.add(m_weather, 0, MessageRole::User, QStringLiteral("天气 %1").arg(i));
        }
        ConversationStore store(optionsFor(m_dir->path()));
        SearchModel model;
        model.setDelay(0);
        model.setLimit(7);
        model.setStore(&store);
        model.setQuery(QStringLiteral("天气"));
        QTRY_VERIFY(!model.isSearching());
        QCOMPARE(model.rowCount(), 7);
    }
};

QTEST_GUILESS_MAIN(TestSearchModel)
#include "tst_search_model.moc"
