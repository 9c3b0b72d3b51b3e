// A search box's text turned into what the database can answer. Terms are separated by
// whitespace and all must occur (substring match, case-insensitive). Terms of 3+ characters
// go to the FTS5 trigram index; shorter ones (one or two Chinese characters, "Qt") cannot be
// indexed by trigrams and are matched with LIKE on the message text instead.
#pragma once

#include <QStringList>

namespace glm::history {

struct SearchQuery {
    QStringList longTerms;  // 3+ characters: trigram FTS
    QStringList shortTerms; // 1-2 characters: LIKE

    static constexpr int kMaxTerms = 8;
    static constexpr int kMaxTermLength = 100;

    // Splits on whitespace, drops duplicates, caps the number and length of terms.
    static SearchQuery parse(const QString& text);

    bool isEmpty() const { return longTerms.isEmpty() && shortTerms.isEmpty(); }
    QStringList allTerms() const { return longTerms + shortTerms; }

    // FTS5 MATCH expression: every long term as a quoted string, AND-ed.
    QString ftsExpression() const;
    // A LIKE pattern matching the term anywhere, with % _ and \ escaped (ESCAPE '\').
    static QString likePattern(const QString& term);
};

// Characters counted as the user sees them (a surrogate pair is one character).
int characterCount(const QString& text);

// An excerpt of content around the first match of any term, every match inside it wrapped in
// kHighlightStart/kHighlightEnd, "…" where text was cut. Newlines become spaces.
QString makeSnippet(const QString& content, const QStringList& terms, int contextBefore = 40,
                    int length = 160);

} // namespace glm::history
