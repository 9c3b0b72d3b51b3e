// Splits a reasoning model's reply into its thinking and its answer while the reply streams in.
// GLM-Z1 (like DeepSeek-R1) writes "<think>" … "</think>" before the answer. Only a "<think>" at
// the very start of the reply (after white space) opens thinking, so a reply that merely talks
// about the tag later stays an answer. When the chat format's generation prompt already ends
// with "<think>" (docs/tokenizers.md, GLM-Z1), the reply starts inside the thinking: pass
// startsInThinking. Tags may be split across pieces: text that could be the start of a tag is
// held back until the next piece says whether it is one. Pure: no clock, no Qt objects.
#pragma once

#include <QString>
#include <QStringView>

namespace glm::app {

// A whole reply, split.
struct ReplyParts {
    QString thinking; // white space around it trimmed
    QString answer;
    bool hasThinking = false;   // the reply opened a thinking part (it may be empty)
    bool thinkingEnded = false; // and closed it ("</think>" came)
};

class ThinkingParser {
public:
    enum class Phase { Start, Thinking, Answer };

    // What one piece added (either part may be empty).
    struct Delta {
        QString thinking;
        QString answer;
        bool thinkingEnded = false; // "</think>" was in this piece: the answer starts
    };

    ThinkingParser() = default;
    explicit ThinkingParser(bool startsInThinking);

    Delta push(QStringView piece);
    // The end of the reply: what was held back (a partial tag, white space) is given out.
    Delta finish();

    Phase phase() const { return phase_; }
    bool hasThinking() const { return hasThinking_; }
    bool thinkingEnded() const { return thinkingEnded_; }
    // Everything given out so far.
    const QString& thinking() const { return thinking_; }
    const QString& answer() const { return answer_; }

    static ReplyParts split(QStringView reply, bool startsInThinking = false);

private:
    void emitThinking(QStringView text, Delta* delta);
    void emitAnswer(QStringView text, Delta* delta);

    Phase phase_ = Phase::Start;
    QString pending_; // received, not yet given out
    QString thinking_;
    QString answer_;
    bool hasThinking_ = false;
    bool thinkingEnded_ = false;
};

} // namespace glm::app
