#include "markdown_segmenter.h"

namespace {

bool isSpace(QChar c) {
    return c == u' ' || c == u'\t';
}

bool isBlank(QStringView line) {
    for (QChar c : line)
        if (!isSpace(c) && c != u'\r') return false;
    return true;
}

// Up to three spaces of indentation may precede a fence (CommonMark).
qsizetype fenceIndent(QStringView line) {
    qsizetype i = 0;
    while (i < line.size() && i < 3 && line[i] == u' ') ++i;
    return i;
}

qsizetype runLength(QStringView line, qsizetype from, QChar c) {
    qsizetype n = 0;
    while (from + n < line.size() && line[from + n] == c) ++n;
    return n;
}

QStringView trimmed(QStringView s) {
    return s.trimmed();
}

} // namespace

void MarkdownSegmenter::reset() {
    *this = MarkdownSegmenter();
}

void MarkdownSegmenter::append(QStringView text) {
    while (!text.isEmpty()) {
        const qsizetype nl = text.indexOf(u'\n');
        if (nl < 0) {
            appendToLine(text);
            return;
        }
        appendToLine(text.left(nl));
        endLine();
        text = text.mid(nl + 1);
    }
}

void MarkdownSegmenter::finish() {
    if (!line_.isEmpty() || lineShown_) {
        if (inCode_) {
            if (!lineShown_ && isFenceCandidate(line_) && !isBlank(line_)) {
                // "```" at the very end closes the block; a shorter run is text of the code.
                const qsizetype at = fenceIndent(line_);
                if (runLength(line_, at, fenceChar_) >= fenceLength_) {
                    inCode_ = false;
                    segments_.last().complete = true;
                } else {
                    showPendingLine();
                }
            } else if (!lineShown_) {
                showPendingLine();
            }
        } else if (!lineShown_ && !isBlank(line_)) {
            const qsizetype at = fenceIndent(line_);
            const QChar c = at < line_.size() ? line_[at] : QChar();
            if ((c == u'`' || c == u'~') && runLength(line_, at, c) >= 3)
                openCode(line_);
            else
                showPendingLine();
        }
    }
    line_.clear();
    lineShown_ = false;
    for (MessageSegment& s : segments_) s.complete = true;
}

QList<MessageSegment> MarkdownSegmenter::split(QStringView text) {
    MarkdownSegmenter s;
    s.append(text);
    s.finish();
    return s.segments_;
}

// Could this (partial) line still become a fence line? Such a line is held back.
bool MarkdownSegmenter::isFenceCandidate(QStringView line) const {
    const qsizetype at = fenceIndent(line);
    if (at == line.size()) return true; // only indentation so far
    const QChar c = line[at];
    if (c != u'`' && c != u'~') return false;
    const qsizetype run = runLength(line, at, c);
    const QStringView rest = line.mid(at + run);
    if (inCode_) return c == fenceChar_ && isBlank(rest);
    if (run >= 3) return !(c == u'`' && rest.contains(u'`'));
    return rest.isEmpty();
}

void MarkdownSegmenter::appendToLine(QStringView chars) {
    if (chars.isEmpty()) return;
    if (lineShown_) {
        line_ += chars;
        segments_.last().text += chars;
        return;
    }
    line_ += chars;
    if (isFenceCandidate(line_)) return;
    if (!inCode_ && isBlank(line_)) return;
    showPendingLine();
}

void MarkdownSegmenter::showPendingLine() {
    if (inCode_) {
        MessageSegment& code = segments_.last();
        if (codeLines_ > 0) code.text += u'\n';
        code.text += line_;
    } else {
        markdownSegmentForNewText().text += line_;
    }
    lineShown_ = true;
}

MessageSegment& MarkdownSegmenter::markdownSegmentForNewText() {
    bool startNew = segments_.isEmpty() || segments_.last().kind != SegmentKind::Markdown;
    if (!startNew && afterBlankLine_) {
        // A new block after a blank line may start a new segment unless it continues the
        // block before it (indented, or another item of the same list, table or quote).
        const bool indented = !line_.isEmpty() && isSpace(line_[0]);
        const BlockKind next = blockKindOf(line_);
        startNew = !indented && !(block_ != BlockKind::Paragraph && next == block_);
    }
    if (startNew) {
        if (!segments_.isEmpty()) segments_.last().complete = true;
        segments_.append(MessageSegment{SegmentKind::Markdown, {}, {}, false});
        blockStartLine_ = true;
    }
    afterBlankLine_ = false;
    return segments_.last();
}

void MarkdownSegmenter::endLine() {
    if (inCode_) {
        const qsizetype at = fenceIndent(line_);
        const bool closes = !lineShown_ && at < line_.size() && line_[at] == fenceChar_ &&
                            runLength(line_, at, fenceChar_) >= fenceLength_ &&
                            isBlank(line_.mid(at + runLength(line_, at, fenceChar_)));
        if (closes) {
            inCode_ = false;
            segments_.last().complete = true;
            afterBlankLine_ = false;
        } else {
            if (!lineShown_) showPendingLine();
            ++codeLines_;
        }
    } else if (!lineShown_ && isFenceCandidate(line_) && !isBlank(line_)) {
        const qsizetype at = fenceIndent(line_);
        if (runLength(line_, at, line_[at]) >= 3) {
            openCode(line_);
        } else {
            showPendingLine(); // "``" alone on a line: text after all
            segments_.last().text += u'\n';
        }
    } else if (isBlank(line_)) {
        // Blank lines separate blocks; none at the start of a segment.
        if (!segments_.isEmpty() && segments_.last().kind == SegmentKind::Markdown &&
            !segments_.last().text.isEmpty()) {
            segments_.last().text += u'\n';
            afterBlankLine_ = true;
        }
    } else {
        if (!lineShown_) showPendingLine();
        segments_.last().text += u'\n';
        if (blockStartLine_) {
            block_ = blockKindOf(line_);
            blockStartLine_ = false;
        }
    }
    line_.clear();
    lineShown_ = false;
}

void MarkdownSegmenter::openCode(const QString& fenceLine) {
    const qsizetype at = fenceIndent(fenceLine);
    fenceChar_ = fenceLine[at];
    fenceLength_ = int(runLength(fenceLine, at, fenceChar_));
    const QStringView info = trimmed(QStringView(fenceLine).mid(at + fenceLength_));
    qsizetype end = 0;
    while (end < info.size() && !info[end].isSpace() && info[end] != u'{') ++end;
    if (!segments_.isEmpty()) segments_.last().complete = true;
    segments_.append(MessageSegment{SegmentKind::Code, {}, info.left(end).toString(), false});
    inCode_ = true;
    codeLines_ = 0;
    afterBlankLine_ = false;
}

MarkdownSegmenter::BlockKind MarkdownSegmenter::blockKindOf(QStringView line) {
    const QStringView t = trimmed(line);
    if (t.isEmpty()) return BlockKind::Paragraph;
    const QChar c = t[0];
    if (c == u'|') return BlockKind::Table;
    if (c == u'>') return BlockKind::Quote;
    if ((c == u'-' || c == u'*' || c == u'+') && (t.size() == 1 || isSpace(t[1])))
        return BlockKind::BulletList;
    if (c.isDigit()) {
        qsizetype i = 0;
        while (i < t.size() && t[i].isDigit()) ++i;
        // "12" so far may still become "12." — count it as a list while the line is partial.
        if (i == t.size()) return BlockKind::OrderedList;
        if ((t[i] == u'.' || t[i] == u')') && (i + 1 == t.size() || isSpace(t[i + 1])))
            return BlockKind::OrderedList;
    }
    return BlockKind::Paragraph;
}
