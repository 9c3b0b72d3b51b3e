// Benchmark of the conversation history at scale (not a timed test): builds a store with
// N conversations x M messages of mixed English and Chinese text, then reports how long the
// sidebar's first page and searches take through the real asynchronous path (UI thread ->
// store thread -> back). Usage:
//   bench_store [--conversations N] [--messages M] [--dir DIR] [--runs R]
// Defaults: 10000 x 20, a temporary directory, 5 runs per figure (median and worst shown).
#include "history/conversation_database.h"
#include "history/conversation_store.h"
#include "history/conversation_table.h"
#include "history/search_query.h"
#include "viewmodels/conversation_list_model.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QUuid>
#include <algorithm>
#include <cstdio>
#include <random>

using namespace glm::history;

namespace {

const QStringList kEnglish = {
    "the",    "model",    "GPU",    "memory",  "weights",   "token",  "attention", "layer",
    "matrix", "driver",   "shader", "latency", "bandwidth", "cache",  "prompt",    "context",
    "batch",  "question", "answer", "please",  "explain",   "why",    "how",       "example",
    "code",   "function", "error",  "Vulkan",  "kernel",    "buffer", "compile",   "speed",
    "a",      "is",       "of",     "to",      "and",       "in",     "it",        "for",
    "with",   "on",       "this",   "that",    "can",       "we",     "you"};
const QStringList kChinese = {"今天", "模型", "内存",   "推理", "速度", "问题", "回答",
                              "请",   "解释", "为什么", "怎么", "例子", "代码", "函数",
                              "错误", "明天", "中文",   "翻译", "我们", "可以", "一个",
                              "的",   "是",   "在",     "了",   "和",   "有",   "这个",
                              "显存", "参数", "训练",   "文本", "，",   "。"};

// Words with a known frequency, so the searches below have something realistic to find.
struct Planted {
    const char* text;
    double perMessage;
};
const Planted kPlanted[] = {
    {"quantization", 0.05}, {"lavapipe", 0.0005}, {"Qt", 0.02},
    {"天气", 0.03},         {"显卡驱动", 0.005},  {"雨", 0.02},
};

class TextGenerator {
public:
    explicit TextGenerator(unsigned seed) : m_random(seed) {}

    QString message(bool chinese, int words) {
        QString text;
        const QStringList& vocabulary = chinese ? kChinese : kEnglish;
        std::uniform_int_distribution<qsizetype> pick(0, vocabulary.size() - 1);
        for (int i = 0; i < words; ++i) {
            if (!chinese && i > 0) text += QLatin1Char(' ');
            text += vocabulary[pick(m_random)];
        }
        std::uniform_real_distribution<double> chance(0, 1);
        for (const Planted& p : kPlanted)
            if (chance(m_random) < p.perMessage)
                text += (chinese ? QString() : QStringLiteral(" ")) + QString::fromUtf8(p.text);
        return text;
    }
    int between(int low, int high) {
        return std::uniform_int_distribution<int>(low, high)(m_random);
    }

private:
    std::mt19937 m_random;
};

void build(const QString& dir, int conversations, int messagesEach) {
    ConversationDatabase db([&] {
        StoreOptions o;
        o.dataDirectory = dir;
        return o;
    }());
    QSqlDatabase& c = db.connection();
    TextGenerator text(7);
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    const qint64 twoYears = 730LL * 86'400'000;
    QSqlQuery(c).exec(QStringLiteral("BEGIN"));
    QSqlQuery conversation(c), message(c), leaf(c);
    conversation.prepare(QStringLiteral(
        "INSERT INTO conversations (uuid, title, model, created_at, updated_at, pinned)"
        " VALUES (?, ?, 'glm-4-9b', ?, ?, ?)"));
    // The columns the store writes, search_text included (see MessageTree::add).
    message.prepare(QStringLiteral(
        "INSERT INTO messages (conversation_id, parent_id, role, content, search_text, created_at)"
        " VALUES (?, ?, ?, ?, ?, ?)"));
    leaf.prepare(QStringLiteral("UPDATE conversations SET current_leaf_id = ? WHERE id = ?"));
    for (int i = 0; i < conversations; ++i) {
        const bool chinese = i % 2 == 1;
        const qint64 start = now - twoYears + twoYears * i / qMax(1, conversations);
        conversation.addBindValue(QUuid::createUuid().toString(QUuid::WithoutBraces));
        conversation.addBindValue(text.message(chinese, chinese ? 6 : 5));
        conversation.addBindValue(start);
        conversation.addBindValue(start + messagesEach * 30'000);
        conversation.addBindValue(i % 1000 == 0 ? 1 : 0);
        conversation.exec();
        const qint64 id = conversation.lastInsertId().toLongLong();
        QVariant parent;
        for (int j = 0; j < messagesEach; ++j) {
            const bool user = j % 2 == 0;
            message.addBindValue(id);
            message.addBindValue(parent);
            message.addBindValue(user ? QStringLiteral("user") : QStringLiteral("assistant"));
            const QString content =
                text.message(chinese, user ? text.between(5, 25) : text.between(40, 160));
            message.addBindValue(content);
            message.addBindValue(separateIdeographs(content));
            message.addBindValue(start + j * 30'000);
            if (!message.exec()) qFatal("bench: cannot write a message");
            parent = message.lastInsertId();
        }
        leaf.addBindValue(parent);
        leaf.addBindValue(id);
        leaf.exec();
    }
    QSqlQuery(c).exec(QStringLiteral("COMMIT"));
}

struct Timing {
    QList<double> ms;
    QString summary() const {
        QList<double> sorted = ms;
        std::sort(sorted.begin(), sorted.end());
        return QStringLiteral("median %1 ms, worst %2 ms")
            .arg(sorted[sorted.size() / 2], 0, 'f', 1)
            .arg(sorted.last(), 0, 'f', 1);
    }
};

// Runs the event loop until done() is true, waking on every event (QTest::qWaitFor sleeps in
// 10 ms steps, too coarse for these figures).
template <typename Done> bool spinUntil(Done done, int timeoutMs = 120000) {
    QElapsedTimer clock;
    clock.start();
    while (!done()) {
        if (clock.elapsed() > timeoutMs) return false;
        QCoreApplication::processEvents(QEventLoop::WaitForMoreEvents, 50);
    }
    return true;
}

void report(const QString& line) {
    std::printf("%s\n", qPrintable(line));
    std::fflush(stdout);
}

} // namespace

int main(int argc, char** argv) {
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.addHelpOption();
    QCommandLineOption conversationsOption(QStringLiteral("conversations"),
                                           QStringLiteral("Conversations."), QStringLiteral("n"),
                                           QStringLiteral("10000"));
    QCommandLineOption messagesOption(QStringLiteral("messages"),
                                      QStringLiteral("Messages per conversation."),
                                      QStringLiteral("m"), QStringLiteral("20"));
    QCommandLineOption dirOption(QStringLiteral("dir"),
                                 QStringLiteral("Data directory (default: temporary)."),
                                 QStringLiteral("dir"));
    QCommandLineOption runsOption(QStringLiteral("runs"), QStringLiteral("Runs per figure."),
                                  QStringLiteral("r"), QStringLiteral("5"));
    parser.addOptions({conversationsOption, messagesOption, dirOption, runsOption});
    parser.process(app);
    const int conversations = parser.value(conversationsOption).toInt();
    const int messages = parser.value(messagesOption).toInt();
    const int runs = qMax(1, parser.value(runsOption).toInt());
    QTemporaryDir temporary;
    const QString dir = parser.isSet(dirOption) ? parser.value(dirOption) : temporary.path();

    QElapsedTimer clock;
    const QString path = QDir(dir).filePath(QStringLiteral("chats.sqlite"));
    if (!QFileInfo::exists(path)) {
        clock.start();
        build(dir, conversations, messages);
        report(QStringLiteral("built %1 conversations x %2 messages in %3 s, file %4 MiB")
                   .arg(conversations)
                   .arg(messages)
                   .arg(clock.elapsed() / 1000.0, 0, 'f', 1)
                   .arg(QFileInfo(path).size() / 1048576.0, 0, 'f', 1));
    }

    {
        StoreOptions options;
        options.dataDirectory = dir;
        options.alwaysCheckBelowBytes = std::numeric_limits<qint64>::max(); // force the check
        clock.start();
        ConversationDatabase checked(options);
        report(QStringLiteral("open with integrity check (PRAGMA quick_check): %1 ms")
                   .arg(clock.elapsed()));
    }

    StoreOptions options;
    options.dataDirectory = dir;
    Timing openAndFirstPage, firstPage;
    bool failed = false;
    for (int run = 0; run < runs; ++run) {
        clock.start();
        ConversationStore store(options);
        ConversationListModel model;
        model.setStore(&store);
        if (!spinUntil([&] { return model.rowCount() > 0; })) failed = true;
        openAndFirstPage.ms.append(clock.nsecsElapsed() / 1e6);
        // The store is open now: a sidebar (re)opening costs this.
        ConversationListModel again;
        clock.start();
        again.setStore(&store);
        if (!spinUntil([&] { return again.rowCount() > 0; })) failed = true;
        firstPage.ms.append(clock.nsecsElapsed() / 1e6);
    }
    report(QStringLiteral("sidebar, store open + first page (50 rows): %1")
               .arg(openAndFirstPage.summary()));
    report(QStringLiteral("sidebar, first page on an open store: %1").arg(firstPage.summary()));

    ConversationStore store(options);
    {
        ConversationListModel model;
        model.setStore(&store);
        spinUntil([&] { return model.rowCount() > 0 && !model.isLoading(); });
        Timing page;
        for (int i = 0; i < 20 && model.canFetchMore({}); ++i) {
            const int before = model.rowCount();
            clock.start();
            model.fetchMore({});
            if (!spinUntil([&] { return !model.isLoading(); })) failed = true;
            if (model.rowCount() > before) page.ms.append(clock.nsecsElapsed() / 1e6);
        }
        if (page.ms.isEmpty()) page.ms.append(0);
        report(QStringLiteral("sidebar, each further page while scrolling (20 pages): %1")
                   .arg(page.summary()));
    }

    // Common and rare words, both scripts, every length; the last ones match nothing, which
    // costs the most (nothing stops the search early); "%" is the one kind without an index.
    const char* queries[] = {"quantization", "lavapipe", "Qt", "vulkan kernel",
                             "显卡驱动",     "天气",     "雨", "zzqxv",
                             "龘龘",         "Qx",       "%"};
    for (const char* q : queries) {
        const QString query = QString::fromUtf8(q);
        Timing timing;
        int hits = -1;
        for (int run = 0; run < runs; ++run) {
            std::optional<StoreResult<QList<SearchHit>>> result;
            clock.start();
            store.search(query, 100, nullptr,
                         [&result](const StoreResult<QList<SearchHit>>& r) { result = r; });
            if (!spinUntil([&] { return result.has_value(); }) || !result->ok()) failed = true;
            timing.ms.append(clock.nsecsElapsed() / 1e6);
            hits = result ? int(result->value.size()) : -1;
        }
        const SearchQuery parsed = SearchQuery::parse(query);
        const QString answeredBy = !parsed.longTerms.isEmpty()   ? QStringLiteral("trigram index")
                                   : !parsed.wordTerms.isEmpty() ? QStringLiteral("word index")
                                                                 : QStringLiteral("LIKE scan");
        report(QStringLiteral("search %1 (%2 characters, %3): %4 hits, %5")
                   .arg(query)
                   .arg(characterCount(query))
                   .arg(answeredBy)
                   .arg(hits)
                   .arg(timing.summary()));
    }
    if (failed) report(QStringLiteral("FAILED: a query did not answer"));
    return failed ? 1 : 0;
}
