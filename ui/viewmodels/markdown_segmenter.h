// Splits a message's Markdown into the pieces the chat view draws with different components:
// runs of Markdown text (headings, lists, tables, ...; drawn by Qt's Markdown renderer) and
// fenced code blocks (drawn monospace with a copy button). Long Markdown is further split at
// blank lines between independent blocks (not inside a list, table or quote) once a segment has
// kSplitAfterChars, so a streamed reply re-renders only its last few paragraphs.
//
// It works on a growing text: append() the reply's new pieces as they arrive. Only the last
// segment ever changes, and only by growing (or by becoming complete); earlier segments are
// final. A line that may turn out to be a code fence ("``" so far) is held back until its end is
// known, so fence characters never flash up as text. Work per append is proportional to the
// appended text plus the current line, not to the reply's length.
//
// No segment grows without bound, so no text item of the chat view holds (and lays out) more than
// kMaxSegmentChars: a block is split (the second part is `continued`) at a blank line past
// kBlockChunkChars (a long list, table or quote), at a line end past kLineChunkChars, after a
// space past kSpaceChunkChars (a long line), and at kMaxSegmentChars at the latest (never inside
// a surrogate pair). The rules look only at the text, so streamed and whole text split alike.
#pragma once

#include <QList>
#include <QString>
#include <QStringView>

enum class SegmentKind { Markdown, Code, Plain };

struct MessageSegment {
    SegmentKind kind = SegmentKind::Markdown;
    QString text;           // code: the lines without the fences, joined with '\n'
    QString language;       // code: the fence's info string ("python"), may be empty
    bool complete = false;  // code: the closing fence was seen (or the text ended)
    bool continued = false; // continues the block of the segment before (a long block, split)
};

class MarkdownSegmenter {
public:
    // Independent blocks (paragraphs, headings, lists...) share a segment up to this length.
    static constexpr qsizetype kSplitAfterChars = 2 * 1024;
    static constexpr qsizetype kBlockChunkChars = 8 * 1024;
    static constexpr qsizetype kLineChunkChars = 12 * 1024;
    static constexpr qsizetype kSpaceChunkChars = 14 * 1024;
    static constexpr qsizetype kMaxSegmentChars = 16 * 1024; // + 1 for a surrogate pair

    void append(QStringView text);
    // The text is complete: a held-back line is placed, open segments become complete.
    void finish();
    void reset();
    const QList<MessageSegment>& segments() const { return segments_; }

    // A whole text at once.
    static QList<MessageSegment> split(QStringView text);
    // Text shown as typed, in Plain segments of bounded size (at least one segment).
    static QList<MessageSegment> splitPlain(QStringView text);

private:
    enum class BlockKind { Paragraph, BulletList, OrderedList, Table, Quote };

    void appendToLine(QStringView chars);
    void endLine();
    bool isFenceCandidate(QStringView line) const;
    void showPendingLine();
    void openCode(const QString& fenceLine);
    // Adds text of the current line to the last segment, continuing it in a new segment where
    // it would grow past the bounds.
    void appendShown(QStringView chars);
    void continueInNewSegment();
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
    bool breakBeforeNextLine_ = false; // the last segment is long enough: next line, new segment
};
