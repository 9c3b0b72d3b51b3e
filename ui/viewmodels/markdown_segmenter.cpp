#include "viewmodels/markdown_segmenter.h"

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

// How much of `chars` fits a segment that holds `size` characters: up to the first space past
// kSpaceChunkChars, or up to kMaxSegmentChars (a surrogate pair stays whole). chars.size() when
// all of it fits.
qsizetype fittingLength(qsizetype size, QStringView chars) {
    if (size + chars.size() <= MarkdownSegmenter::kSpaceChunkChars) return chars.size();
    const qsizetype softFrom = qMax<qsizetype>(0, MarkdownSegmenter::kSpaceChunkChars - size);
    const qsizetype hard = qMax<qsizetype>(0, MarkdownSegmenter::kMaxSegmentChars - size);
    const qsizetype space = chars.indexOf(u' ', softFrom);
    qsizetype fit = space >= 0 && space < hard ? space + 1 : hard;
    if (fit > 0 && fit < chars.size() && chars[fit - 1].isHighSurrogate() &&
        chars[fit].isLowSurrogate())
        ++fit;
    return qMin(fit, chars.size());
}

// Whether a segment with `text` takes no more of its line (the next character being `next`): it
// ends with the first space past kSpaceChunkChars, or reached kMaxSegmentChars.
bool isFull(const QString& text, QChar next) {
    if (text.size() > MarkdownSegmenter::kSpaceChunkChars && text.back() == u' ') return true;
    if (text.size() >= MarkdownSegmenter::kMaxSegmentChars)
        return !(text.back().isHighSurrogate() && next.isLowSurrogate());
    return false;
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

void MarkdownSegmenter::appendShown(QStringView chars) {
    while (!chars.isEmpty()) {
        if (isFull(segments_.last().text, chars[0])) continueInNewSegment();
        MessageSegment& last = segments_.last();
        // (At the bound only when the low half of a pair follows its high half.)
        const qsizetype fit =
            last.text.size() >= kMaxSegmentChars ? 1 : fittingLength(last.text.size(), chars);
        last.text += chars.left(fit);
        chars = chars.mid(fit);
    }
}

// A new segment that goes on with the block of the last one (same kind, same language).
void MarkdownSegmenter::continueInNewSegment() {
    segments_.last().complete = true;
    const SegmentKind kind = segments_.last().kind;
    const QString language = segments_.last().language;
    segments_.append(MessageSegment{kind, {}, language, false, true});
    if (kind == SegmentKind::Code) codeLines_ = 0;
    breakBeforeNextLine_ = false;
}

QList<MessageSegment> MarkdownSegmenter::splitPlain(QStringView text) {
    QList<MessageSegment> out;
    qsizetype start = 0;
    while (start < text.size() || out.isEmpty()) {
        const QStringView rest = text.mid(start);
        qsizetype length = rest.size();
        qsizetype next = length; // where the next segment starts, relative to `start`
        if (length > kLineChunkChars) {
            // At a line end past kLineChunkChars (the '\n' itself is the break), else after a
            // space or at the hard bound.
            const qsizetype nl = rest.indexOf(u'\n', kLineChunkChars);
            if (nl >= 0 && nl < kMaxSegmentChars) {
                length = nl;
                next = nl + 1;
            } else {
                length = next = fittingLength(0, rest);
            }
        }
        out.append(MessageSegment{
            SegmentKind::Plain, rest.left(length).toString(), {}, true, !out.isEmpty()});
        start += next;
    }
    return out;
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
        appendShown(chars);
        return;
    }
    line_ += chars;
    if (isFenceCandidate(line_)) return;
    if (!inCode_ && isBlank(line_)) return;
    showPendingLine();
}

void MarkdownSegmenter::showPendingLine() {
    if (inCode_) {
        if (codeLines_ > 0) {
            // A long block goes on in a new segment at a line start; the '\n' stays behind, so
            // the block's code is its segments' texts one after the other.
            segments_.last().text += u'\n';
            if (segments_.last().text.size() >= kLineChunkChars) continueInNewSegment();
        }
    } else {
        markdownSegmentForNewText();
    }
    appendShown(line_);
    lineShown_ = true;
}

MessageSegment& MarkdownSegmenter::markdownSegmentForNewText() {
    const bool afterOther = segments_.isEmpty() || segments_.last().kind != SegmentKind::Markdown;
    bool newBlock = afterOther;
    if (!afterOther && afterBlankLine_) {
        // A block after a blank line is a new one unless it continues the block before it
        // (indented, or another item of the same list, table or quote).
        const bool indented = !line_.isEmpty() && isSpace(line_[0]);
        const BlockKind next = blockKindOf(line_);
        newBlock = !indented && !(block_ != BlockKind::Paragraph && next == block_);
    }
    // A new block starts a new segment once the last one has some length: pieces are small
    // enough to re-render per streamed token, and few enough to be cheap in a long reply.
    if (afterOther || (newBlock && segments_.last().text.size() >= kSplitAfterChars)) {
        if (!segments_.isEmpty()) segments_.last().complete = true;
        segments_.append(MessageSegment{SegmentKind::Markdown, {}, {}, false});
    } else if (breakBeforeNextLine_) {
        continueInNewSegment();
    }
    if (newBlock) blockStartLine_ = true;
    breakBeforeNextLine_ = false;
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
            if (segments_.last().text.size() >= kBlockChunkChars) breakBeforeNextLine_ = true;
        }
    } else {
        if (!lineShown_) showPendingLine();
        segments_.last().text += u'\n';
        if (segments_.last().text.size() >= kLineChunkChars) breakBeforeNextLine_ = true;
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
    breakBeforeNextLine_ = false;
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
