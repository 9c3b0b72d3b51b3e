// ThinkingParser: a reasoning model's "<think>" … "</think>" split from the answer while the
// reply streams in, whichever way the pieces cut the tags.
#include "inference/thinking_parser.h"

#include <QtTest>

using glm::app::ReplyParts;
using glm::app::ThinkingParser;

namespace {

struct Streamed {
    QString thinking;
    QString answer;
    int endedAt = -1; // the piece whose delta said the thinking ended
};

Streamed stream(const QStringList& pieces, bool startsInThinking = false) {
    ThinkingParser parser(startsInThinking);
    Streamed out;
    for (int i = 0; i < pieces.size(); ++i) {
        const ThinkingParser::Delta d = parser.push(pieces.at(i));
        out.thinking += d.thinking;
        out.answer += d.answer;
        if (d.thinkingEnded) out.endedAt = i;
    }
    const ThinkingParser::Delta d = parser.finish();
    out.thinking += d.thinking;
    out.answer += d.answer;
    return out;
}

// Every way of cutting `text` into two or three pieces.
QList<QStringList> cuts(const QString& text) {
    QList<QStringList> out;
    for (qsizetype a = 0; a <= text.size(); ++a) {
        out.append({text.left(a), text.mid(a)});
        for (qsizetype b = a; b <= text.size(); ++b)
            out.append({text.left(a), text.mid(a, b - a), text.mid(b)});
    }
    return out;
}

} // namespace

class TestThinkingParser : public QObject {
    Q_OBJECT
private slots:
    void aZ1ReplyIsSplitHoweverThePiecesFall() {
        const QString reply = QStringLiteral("<think>\n2+2 is 4.\n</think>\n\nIt is **4**.");
        for (const QStringList& pieces : cuts(reply)) {
            const Streamed s = stream(pieces);
            QCOMPARE(s.thinking.trimmed(), QStringLiteral("2+2 is 4."));
            QCOMPARE(s.answer, QStringLiteral("It is **4**."));
            QVERIFY(s.endedAt >= 0);
        }
    }

    void thinkingStreamsBeforeItEnds() {
        ThinkingParser parser;
        QCOMPARE(parser.push(u"<thi").thinking, QString());
        QCOMPARE(parser.phase(), ThinkingParser::Phase::Start);
        QCOMPARE(parser.push(u"nk>Let me").thinking, QStringLiteral("Let me"));
        QCOMPARE(parser.phase(), ThinkingParser::Phase::Thinking);
        // "</" could be the start of the closing tag: held back, then given out when it is not.
        QCOMPARE(parser.push(u" see </").thinking, QStringLiteral(" see "));
        QCOMPARE(parser.push(u"b> ok").thinking, QStringLiteral("</b> ok"));
        const ThinkingParser::Delta end = parser.push(u"</think>Yes");
        QVERIFY(end.thinkingEnded);
        QCOMPARE(end.answer, QStringLiteral("Yes"));
        QCOMPARE(parser.thinking(), QStringLiteral("Let me see </b> ok"));
    }

    void aReplyWithoutThinkIsUnchanged_data() {
        QTest::addColumn<QString>("reply");
        QTest::newRow("plain") << QStringLiteral("Hello there.");
        QTest::newRow("leading space") << QStringLiteral("  \nHello");
        QTest::newRow("tag later") << QStringLiteral("Use <think> tags like </think> this.");
        QTest::newRow("looks like the tag") << QStringLiteral("<thinking>no</thinking>");
        QTest::newRow("partial tag only") << QStringLiteral("<thi");
        QTest::newRow("closing tag only") << QStringLiteral("a </think> b");
        QTest::newRow("empty") << QString();
    }
    void aReplyWithoutThinkIsUnchanged() {
        QFETCH(QString, reply);
        for (const QStringList& pieces : cuts(reply)) {
            const Streamed s = stream(pieces);
            QCOMPARE(s.answer, reply);
            QCOMPARE(s.thinking, QString());
        }
        const ReplyParts parts = ThinkingParser::split(reply);
        QVERIFY(!parts.hasThinking);
        QCOMPARE(parts.answer, reply);
    }

    void thinkMayFollowWhiteSpace() {
        const ReplyParts parts = ThinkingParser::split(u"\n  <think>hmm</think>ok");
        QVERIFY(parts.hasThinking);
        QCOMPARE(parts.thinking, QStringLiteral("hmm"));
        QCOMPARE(parts.answer, QStringLiteral("ok"));
    }

    // Stopped mid-thought: everything is thinking, nothing is lost, the answer is empty.
    void anUnterminatedThoughtStaysThinking() {
        for (const QStringList& pieces : cuts(QStringLiteral("<think>half a tho</thi"))) {
            const Streamed s = stream(pieces);
            QCOMPARE(s.thinking, QStringLiteral("half a tho</thi"));
            QCOMPARE(s.answer, QString());
            QCOMPARE(s.endedAt, -1);
        }
        const ReplyParts parts = ThinkingParser::split(u"<think>");
        QVERIFY(parts.hasThinking);
        QVERIFY(!parts.thinkingEnded);
        QCOMPARE(parts.thinking, QString());
    }

    // GLM-Z1's generation prompt ends with "<think>": the reply starts inside the thinking.
    void aReplyMayStartInsideThinking() {
        for (const QStringList& pieces : cuts(QStringLiteral("\nhmm</think>\nok"))) {
            const Streamed s = stream(pieces, true);
            QCOMPARE(s.thinking, QStringLiteral("hmm"));
            QCOMPARE(s.answer, QStringLiteral("ok"));
        }
        // Without the closing tag the whole reply was thinking.
        const ReplyParts cut = ThinkingParser::split(u"still thinking", true);
        QVERIFY(cut.hasThinking);
        QVERIFY(!cut.thinkingEnded);
        QCOMPARE(cut.thinking, QStringLiteral("still thinking"));
        QCOMPARE(cut.answer, QString());
    }

    void chineseThinkingAndAnswer() {
        const ReplyParts parts =
            ThinkingParser::split(u"<think>用户问天气。</think>\n今天晴。", false);
        QCOMPARE(parts.thinking, QStringLiteral("用户问天气。"));
        QCOMPARE(parts.answer, QStringLiteral("今天晴。"));
    }
};

QTEST_APPLESS_MAIN(TestThinkingParser)
#include "tst_thinking_parser.moc"
