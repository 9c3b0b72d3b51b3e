// MarkdownSegmenter: the pieces of a message, whole and streamed, and the streaming promises the
// chat view relies on (only the last segment changes, and only by growing; no fence characters
// flash up as text; the streamed result equals the whole-text result).
#include "viewmodels/markdown_segmenter.h"

#include <QtTest>

namespace {

QString describe(const QList<MessageSegment>& segments) {
    QStringList out;
    for (const MessageSegment& s : segments) {
        const char* kind = s.kind == SegmentKind::Code    ? "code"
                           : s.kind == SegmentKind::Plain ? "plain"
                                                          : "md";
        out << QStringLiteral("%1[%2]%3").arg(QLatin1String(kind), s.language, s.text);
    }
    return out.join(QStringLiteral(" | "));
}

const QStringList kDocuments = {
    QStringLiteral("Hello **world**."),
    QStringLiteral("Here is code:\n\n```python\nprint('hi')\n\nx = 1\n```\n\nAnd after it."),
    QStringLiteral("Inline ``code`` and `x` stay text.\n``\nstill text"),
    QStringLiteral("~~~\ntilde fence\n```\nnot a closer\n~~~\nend"),
    QStringLiteral("````md\n```\ninner\n```\n````\n"),
    QStringLiteral("Unclosed:\n```js\nlet a = 1;\nlet b"),
    QStringLiteral("# Title\n\nPara one.\n\nPara two\ncontinues.\n\n- a\n- b\n\n- c\n\n1. x\n\n2. "
                   "y\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n> quote\n\n> more\n"),
    QStringLiteral("   ```\nindented fence\n   ```\n    ```\nfour spaces is text\n"),
    QStringLiteral("中文段落，包含代码：\n```c++\nint main() { return 0; }\n```\n结束。"),
    QStringLiteral("\n\n\nleading blank lines\n\n\n"),
    QStringLiteral("```\n```"),
    QStringLiteral("text then fence at end\n```"),
};

} // namespace

class TestMarkdownSegmenter : public QObject {
    Q_OBJECT
private slots:
    void paragraphIsOneSegment() {
        const auto s = MarkdownSegmenter::split(u"Hello **world**.");
        QCOMPARE(s.size(), 1);
        QCOMPARE(s[0].kind, SegmentKind::Markdown);
        QCOMPARE(s[0].text, QStringLiteral("Hello **world**."));
        QVERIFY(s[0].complete);
    }

    void codeBlockBetweenText() {
        const auto s = MarkdownSegmenter::split(kDocuments[1]);
        QCOMPARE(s.size(), 3);
        QCOMPARE(s[0].kind, SegmentKind::Markdown);
        QCOMPARE(s[0].text.trimmed(), QStringLiteral("Here is code:"));
        QCOMPARE(s[1].kind, SegmentKind::Code);
        QCOMPARE(s[1].language, QStringLiteral("python"));
        QCOMPARE(s[1].text, QStringLiteral("print('hi')\n\nx = 1"));
        QCOMPARE(s[2].text.trimmed(), QStringLiteral("And after it."));
    }

    void inlineBackticksAreText() {
        const auto s = MarkdownSegmenter::split(kDocuments[2]);
        QCOMPARE(s.size(), 1);
        QVERIFY(s[0].text.contains(QStringLiteral("``code``")));
        QVERIFY(s[0].text.contains(QStringLiteral("still text")));
    }

    void fenceClosesOnlyWithItsOwnKind() {
        const auto s = MarkdownSegmenter::split(kDocuments[3]);
        QCOMPARE(s.size(), 2);
        QCOMPARE(s[0].kind, SegmentKind::Code);
        QCOMPARE(s[0].text, QStringLiteral("tilde fence\n```\nnot a closer"));
        QCOMPARE(s[1].text.trimmed(), QStringLiteral("end"));
    }

    void longerFenceContainsShorterOnes() {
        const auto s = MarkdownSegmenter::split(kDocuments[4]);
        QCOMPARE(s.size(), 1);
        QCOMPARE(s[0].language, QStringLiteral("md"));
        QCOMPARE(s[0].text, QStringLiteral("```\ninner\n```"));
    }

    void unclosedFenceEndsWithTheText() {
        const auto s = MarkdownSegmenter::split(kDocuments[5]);
        QCOMPARE(s.size(), 2);
        QCOMPARE(s[1].kind, SegmentKind::Code);
        QCOMPARE(s[1].language, QStringLiteral("js"));
        QCOMPARE(s[1].text, QStringLiteral("let a = 1;\nlet b"));
        QVERIFY(s[1].complete);
    }

    // Short blocks share a segment; past kSplitAfterChars a new block starts a new segment,
    // but another item of the same list, table or quote does not.
    void blocksSplitButListsTablesAndQuotesStayWhole() {
        QCOMPARE(MarkdownSegmenter::split(kDocuments[6]).size(), 1);
        const QString pad = QStringLiteral(" filler").repeated(300);
        const QString doc = QStringLiteral("# Title") + pad + QStringLiteral("\n\nPara one.") +
                            pad + QStringLiteral("\n\nPara two\ncontinues.") + pad +
                            QStringLiteral("\n\n- a") + pad +
                            QStringLiteral("\n- b\n\n- c\n\n1. x") + pad +
                            QStringLiteral("\n\n2. y\n\n| a | b |\n|---|---|\n| 1 | 2 |") + pad +
                            QStringLiteral("\n\n> quote") + pad + QStringLiteral("\n\n> more\n");
        const auto s = MarkdownSegmenter::split(doc);
        QStringList firstWords;
        for (const auto& seg : s) firstWords << seg.text.section(QStringLiteral(" filler"), 0, 0);
        QCOMPARE(firstWords, (QStringList{QStringLiteral("# Title"), QStringLiteral("Para one."),
                                          QStringLiteral("Para two\ncontinues."),
                                          QStringLiteral("- a"), QStringLiteral("1. x"),
                                          QStringLiteral("| a | b |\n|---|---|\n| 1 | 2 |"),
                                          QStringLiteral("> quote")}));
        QVERIFY(s[3].text.contains(QStringLiteral("- c")));
        QVERIFY(s[4].text.contains(QStringLiteral("2. y")));
        QVERIFY(s[6].text.contains(QStringLiteral("> more")));
    }

    void indentation() {
        const auto s = MarkdownSegmenter::split(kDocuments[7]);
        QCOMPARE(s.size(), 2);
        QCOMPARE(s[0].kind, SegmentKind::Code);
        QCOMPARE(s[0].text, QStringLiteral("indented fence"));
        QCOMPARE(s[1].kind, SegmentKind::Markdown);
        QVERIFY(s[1].text.contains(QStringLiteral("    ```")));
    }

    void emptyCodeBlockAndTrailingFence() {
        auto s = MarkdownSegmenter::split(kDocuments[10]);
        QCOMPARE(s.size(), 1);
        QCOMPARE(s[0].kind, SegmentKind::Code);
        QCOMPARE(s[0].text, QString());
        s = MarkdownSegmenter::split(kDocuments[11]);
        QCOMPARE(s.size(), 2);
        QCOMPARE(s[1].kind, SegmentKind::Code);
    }

    void noSegmentForBlankLines() {
        const auto s = MarkdownSegmenter::split(kDocuments[9]);
        QCOMPARE(s.size(), 1);
        QVERIFY(s[0].text.startsWith(QStringLiteral("leading")));
        QVERIFY(MarkdownSegmenter::split(u"").isEmpty());
        QVERIFY(MarkdownSegmenter::split(u"\n \n").isEmpty());
    }

    // Piece sizes 1..7 cover every split point of every line.
    void streamingMatchesWholeText_data() {
        QTest::addColumn<QString>("text");
        QTest::addColumn<int>("piece");
        for (int d = 0; d < kDocuments.size(); ++d)
            for (int piece : {1, 2, 3, 7})
                QTest::addRow("doc%d/piece%d", d, piece) << kDocuments[d] << piece;
    }
    void streamingMatchesWholeText() {
        QFETCH(QString, text);
        QFETCH(int, piece);
        MarkdownSegmenter streamed;
        QList<MessageSegment> before;
        for (qsizetype at = 0; at < text.size(); at += piece) {
            streamed.append(QStringView(text).mid(at, piece));
            const QList<MessageSegment>& now = streamed.segments();
            QVERIFY2(now.size() >= before.size(), "segments never disappear");
            for (qsizetype i = 0; i + 1 < before.size(); ++i)
                QVERIFY2(now[i].text == before[i].text && now[i].kind == before[i].kind,
                         "only the last segment may change");
            if (!before.isEmpty())
                QVERIFY2(now[before.size() - 1].text.startsWith(before.last().text),
                         "the last segment only grows");
            for (const MessageSegment& s : now)
                if (s.kind == SegmentKind::Markdown)
                    for (const QString& line : s.text.split(u'\n'))
                        QVERIFY2(!line.trimmed().startsWith(QStringLiteral("```")) ||
                                     text.contains(QStringLiteral("    ```")),
                                 qPrintable(QStringLiteral("fence shown as text: ") + line));
            before = now;
        }
        streamed.finish();
        QCOMPARE(describe(streamed.segments()), describe(MarkdownSegmenter::split(text)));
    }

    // A long reply of many paragraphs keeps each segment small: the part re-rendered per token
    // does not grow with the reply.
    void longReplyKeepsSegmentsSmall() {
        QString text;
        for (int i = 0; i < 500; ++i)
            text += QStringLiteral("Paragraph %1 has a sentence.\n\n").arg(i);
        MarkdownSegmenter s;
        qsizetype largest = 0;
        for (qsizetype at = 0; at < text.size(); at += 4) {
            s.append(QStringView(text).mid(at, 4));
            largest = qMax(largest, s.segments().last().text.size());
        }
        QVERIFY(s.segments().size() >= text.size() / (MarkdownSegmenter::kSplitAfterChars + 40));
        QVERIFY2(largest < MarkdownSegmenter::kSplitAfterChars + 40,
                 qPrintable(QString::number(largest)));
    }

    // A megabyte of text became a few huge text items that froze the window
    // for minutes. Every segment stays within the bounds, wherever the text breaks (paragraphs,
    // a long list, one huge line with and without spaces, a big code block with a huge line),
    // streamed text splits like whole text, and a split code block's pieces give back its code.
    void longTextIsSplitIntoBoundedSegments() {
        const QString words = QStringLiteral("word ").repeated(60'000); // 300k chars, one line
        const QString noSpaces = QStringLiteral("x").repeated(100'000) + QChar(0xD83D) +
                                 QChar(0xDE00) + QStringLiteral("y").repeated(50'000);
        QString code;
        for (int i = 0; i < 8000; ++i)
            code += QStringLiteral("    value_%1 = compute(%1);\n").arg(i);
        code += QStringLiteral("z").repeated(40'000);
        QString list;
        for (int i = 0; i < 2000; ++i)
            list += QStringLiteral("- item %1 of a long list\n\n").arg(i);
        QString paragraphs;
        for (int i = 0; i < 2000; ++i)
            paragraphs += QStringLiteral("Paragraph %1 with <b>some</b> text.\n\n").arg(i);
        const QString text = paragraphs + list + words + QStringLiteral("\n\n") + noSpaces +
                             QStringLiteral("\n\n```cpp\n") + code + QStringLiteral("\n```\nend\n");
        QVERIFY(text.size() > 800'000);

        const QList<MessageSegment> whole = MarkdownSegmenter::split(text);
        QString joinedCode;
        for (const MessageSegment& s : whole) {
            QVERIFY2(s.text.size() <= MarkdownSegmenter::kMaxSegmentChars + 2,
                     qPrintable(QString::number(s.text.size())));
            if (s.kind == SegmentKind::Code) {
                QCOMPARE(s.language, QStringLiteral("cpp"));
                QCOMPARE(s.continued, !joinedCode.isEmpty());
                joinedCode += s.text;
            }
        }
        QCOMPARE(joinedCode, code);
        QVERIFY(whole.size() >= text.size() / (MarkdownSegmenter::kMaxSegmentChars + 2));
        // No surrogate pair is cut.
        for (const MessageSegment& s : whole)
            QVERIFY(!s.text.isEmpty() && !s.text.front().isLowSurrogate());

        for (const qsizetype piece : {qsizetype(1), qsizetype(997), qsizetype(4096)}) {
            MarkdownSegmenter streamed;
            for (qsizetype at = 0; at < text.size(); at += piece)
                streamed.append(QStringView(text).mid(at, piece));
            streamed.finish();
            QVERIFY2(describe(streamed.segments()) == describe(whole),
                     qPrintable(QStringLiteral("piece %1").arg(piece)));
        }
    }

    // A long list is split only when long: short lists, tables and quotes stay one segment.
    void longListSplitsAtItsBlankLines() {
        QString list;
        for (int i = 0; i < 1000; ++i) list += QStringLiteral("- item %1\n\n").arg(i);
        const auto s = MarkdownSegmenter::split(list);
        QVERIFY(s.size() > 1);
        for (int i = 0; i < s.size(); ++i) {
            QVERIFY(s[i].text.startsWith(QStringLiteral("- item")));
            QCOMPARE(s[i].continued, i > 0);
            QVERIFY(s[i].text.size() <= MarkdownSegmenter::kBlockChunkChars + 20);
        }
    }

    void plainTextIsSplitIntoBoundedSegments() {
        const QString line = QStringLiteral("a line of a pasted document\n").repeated(20'000);
        const QString huge = QStringLiteral("y").repeated(100'000);
        const QString text = line + huge;
        const auto s = MarkdownSegmenter::splitPlain(text);
        qsizetype total = 0;
        for (int i = 0; i < s.size(); ++i) {
            QCOMPARE(s[i].kind, SegmentKind::Plain);
            QVERIFY(s[i].text.size() <= MarkdownSegmenter::kMaxSegmentChars + 1);
            QCOMPARE(s[i].continued, i > 0);
            total += s[i].text.size();
        }
        QVERIFY(text.startsWith(s[0].text));
        QVERIFY(text.endsWith(s.last().text));
        QVERIFY(total >= text.size() - s.size()); // only the '\n' at a break is left out
        QCOMPARE(MarkdownSegmenter::splitPlain(u"").size(), 1);
        QCOMPARE(MarkdownSegmenter::splitPlain(u"short").first().text, QStringLiteral("short"));
    }
};

QTEST_GUILESS_MAIN(TestMarkdownSegmenter)
#include "tst_markdown_segmenter.moc"
