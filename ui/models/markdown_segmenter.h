// Splits a message's Markdown into the pieces the chat view draws with different components:
// runs of Markdown text (headings, lists, tables, ...; drawn by Qt's Markdown renderer) and
// fenced code blocks (drawn monospace with a copy button). Long Markdown is further split at
// blank lines between independent blocks (not inside a list, table or quote), so a streamed
// reply re-renders only its last paragraph.
//
// It works on a growing text: append() the reply's new pieces as they arrive. Only the last
// segment ever changes, and only by growing (or by becoming complete); earlier segments are
// final. A line that may turn out to be a code fence ("``" so far) is held back until its end is
// known, so fence characters never flash up as text. Work per append is proportional to the
// appended text plus the current line, not to the reply's length.
#pragma once

#include <QList>
#include <QString>
#include <QStringView>

enum class SegmentKind { Markdown, Code, Plain };

struct MessageSegment {
    SegmentKind kind = SegmentKind::Markdown;
    QString text;          // code: the lines without the fences, joined with '\n'
    QString language;      // code: the fence's info string ("python"), may be empty
    bool complete = false; // code: the closing fence was seen (or the text ended)
};

class MarkdownSegmenter {
public:
    void append(QStringView text);
    // The text is complete: a held-back line is placed, open segments become complete.
    void finish();
    void reset();
    const QList<MessageSegment>& segments() const { return segments_; }

    // A whole text at once.
    static QList<MessageSegment> split(QStringView text);

private:
    enum class BlockKind { Paragraph, BulletList, OrderedList, Table, Quote };

    void appendToLine(QStringView chars);
    void endLine();
    bool isFenceCandidate(QStringView line) const;
    void showPendingLine();
    void openCode(const QString& fenceLine);
    MessageSegment& markdownSegmentForNewText();
    static BlockKind blockKindOf(QStringView line);

    QList<MessageSegment> segments_;
    QString line_;           // the current line, without its '\n'
    bool lineShown_ = false; // line_ is already part of the last segment's text
    bool inCode_ = false;
    QChar fenceChar_;
    int fenceLength_ = 0;
    int codeLines_ = 0;           // complete lines in the open code block
    bool afterBlankLine_ = false; // the last committed Markdown line was blank
    bool blockStartLine_ = false; // the current line starts a Markdown block
    BlockKind block_ = BlockKind::Paragraph;
};
