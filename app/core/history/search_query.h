// A search box's text turned into what the database can answer. Terms are separated by
// whitespace and all must occur (case-insensitive). Two full-text indexes answer them:
//
//   3+ characters   messages_fts, trigram tokenizer: any substring, in any script
//   1-2 characters  messages_words, unicode61 tokenizer over the text with every Chinese or
//                   Japanese character made a word of its own (separateIdeographs): "天" and
//                   "天气" are found wherever they occur; "Qt" finds words starting with "qt"
//
// (unicode61 alone does not split Chinese; trigrams cannot index fewer than 3 characters.)
// A short term with anything but letters, digits and ideographs ("%", "<b") is matched
// literally with LIKE.
#pragma once

#include <QStringList>

namespace glm::history {

struct SearchQuery {
    QStringList longTerms; // 3+ characters: trigram index
    QStringList wordTerms; // 1-2 characters: word index
    QStringList likeTerms; // 1-2 characters with punctuation or symbols: LIKE

    static constexpr int kMaxTerms = 8;
    static constexpr int kMaxTermLength = 100;

    // Splits on whitespace, drops duplicates, caps the number and length of terms.
    static SearchQuery parse(const QString& text);

    bool isEmpty() const {
        return longTerms.isEmpty() && wordTerms.isEmpty() && likeTerms.isEmpty();
    }
    QStringList allTerms() const { return longTerms + wordTerms + likeTerms; }

    // MATCH expression for messages_fts: every long term as a quoted string, AND-ed.
    QString trigramExpression() const;
    // MATCH expression for messages_words: each term a phrase of its words, the last one a
    // prefix unless it is an ideograph; AND-ed.
    QString wordExpression() const;
    // A LIKE pattern matching the term anywhere, with % _ and \ escaped (ESCAPE '\').
    static QString likePattern(const QString& term);
};

// The text the word index reads: every Han, Hiragana and Katakana character set apart by
// spaces. A null string when the text has none (the index then reads the content itself).
QString separateIdeographs(const QString& text);

// Characters counted as the user sees them (a surrogate pair is one character).
int characterCount(const QString& text);

// An excerpt of content around the first match of any term, every match inside it wrapped in
// kHighlightStart/kHighlightEnd, "…" where text was cut. Newlines become spaces.
QString makeSnippet(const QString& content, const QStringList& terms, int contextBefore = 40,
                    int length = 160);

} // namespace glm::history
