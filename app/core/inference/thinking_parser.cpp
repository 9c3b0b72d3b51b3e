#include "inference/thinking_parser.h"

namespace glm::app {

namespace {

const QString kOpen = QStringLiteral("<think>");
const QString kClose = QStringLiteral("</think>");

qsizetype leadingSpace(QStringView text) {
    qsizetype i = 0;
    while (i < text.size() && text.at(i).isSpace()) ++i;
    return i;
}

// The length of the longest end of `text` that is the start of `tag` (a tag split across pieces).
qsizetype partialTagAtEnd(QStringView text, const QString& tag) {
    for (qsizetype n = qMin(text.size(), tag.size() - 1); n > 0; --n)
        if (text.right(n) == QStringView(tag).left(n)) return n;
    return 0;
}

} // namespace

ThinkingParser::ThinkingParser(bool startsInThinking) {
    if (startsInThinking) {
        phase_ = Phase::Thinking;
        hasThinking_ = true;
    }
}

// The thinking and the answer each start at their first visible character: the model puts line
// breaks after "<think>" and after "</think>" that are not part of either.
void ThinkingParser::emitThinking(QStringView text, Delta* delta) {
    if (thinking_.isEmpty()) text = text.mid(leadingSpace(text));
    thinking_ += text;
    delta->thinking += text;
}

void ThinkingParser::emitAnswer(QStringView text, Delta* delta) {
    if (answer_.isEmpty() && hasThinking_) text = text.mid(leadingSpace(text));
    answer_ += text;
    delta->answer += text;
}

ThinkingParser::Delta ThinkingParser::push(QStringView piece) {
    Delta delta;
    pending_ += piece;
    for (;;) {
        switch (phase_) {
        case Phase::Start: {
            const QStringView rest = QStringView(pending_).mid(leadingSpace(pending_));
            if (rest.startsWith(kOpen)) {
                phase_ = Phase::Thinking;
                hasThinking_ = true;
                pending_ = rest.mid(kOpen.size()).toString();
                continue;
            }
            // Only white space, or the first characters of "<think>": wait for more.
            if (kOpen.startsWith(rest)) return delta;
            phase_ = Phase::Answer;
            continue;
        }
        case Phase::Thinking: {
            const qsizetype close = pending_.indexOf(kClose);
            if (close >= 0) {
                emitThinking(QStringView(pending_).left(close), &delta);
                pending_.remove(0, close + kClose.size());
                phase_ = Phase::Answer;
                thinkingEnded_ = true;
                delta.thinkingEnded = true;
                continue;
            }
            const qsizetype held = partialTagAtEnd(pending_, kClose);
            emitThinking(QStringView(pending_).left(pending_.size() - held), &delta);
            pending_.remove(0, pending_.size() - held);
            return delta;
        }
        case Phase::Answer:
            // After thinking, white space before the answer's first character is held: the
            // answer then starts where its text does, however the pieces fall.
            if (hasThinking_ && answer_.isEmpty() && leadingSpace(pending_) == pending_.size())
                return delta;
            emitAnswer(pending_, &delta);
            pending_.clear();
            return delta;
        }
    }
}

ThinkingParser::Delta ThinkingParser::finish() {
    Delta delta;
    switch (phase_) {
    case Phase::Start: // white space or a partial "<think>" and then the end: that was the answer
        phase_ = Phase::Answer;
        emitAnswer(pending_, &delta);
        break;
    case Phase::Thinking: // cut off mid-thought (a partial "</think>" is thinking too)
        emitThinking(pending_, &delta);
        break;
    case Phase::Answer:
        break; // only white space after "</think>" can be held: no answer
    }
    pending_.clear();
    return delta;
}

ReplyParts ThinkingParser::split(QStringView reply, bool startsInThinking) {
    ThinkingParser parser(startsInThinking);
    parser.push(reply);
    parser.finish();
    ReplyParts parts;
    parts.thinking = parser.thinking().trimmed();
    parts.answer = parser.answer();
    parts.hasThinking = parser.hasThinking();
    parts.thinkingEnded = parser.thinkingEnded();
    return parts;
}

} // namespace glm::app
