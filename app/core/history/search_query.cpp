#include "history/search_query.h"

#include "history/conversation_types.h"

#include <QRegularExpression>
#include <algorithm>

namespace glm::history {

int characterCount(const QString& text) {
    int count = 0;
    for (qsizetype i = 0; i < text.size(); ++i) {
        if (text[i].isHighSurrogate() && i + 1 < text.size() && text[i + 1].isLowSurrogate()) ++i;
        ++count;
    }
    return count;
}

namespace {

bool isIdeograph(char32_t codePoint) {
    switch (QChar::script(codePoint)) {
    case QChar::Script_Han:
    case QChar::Script_Hiragana:
    case QChar::Script_Katakana:
    case QChar::Script_Bopomofo:
        return true;
    default:
        return false;
    }
}

char32_t codePointAt(const QString& text, qsizetype i, qsizetype* units) {
    if (text[i].isHighSurrogate() && i + 1 < text.size() && text[i + 1].isLowSurrogate()) {
        *units = 2;
        return QChar::surrogateToUcs4(text[i], text[i + 1]);
    }
    *units = 1;
    return text[i].unicode();
}

// Letters, digits and ideographs only: what the word index keeps of a term. A short term with
// anything else ("<b", "%") would lose it there, so it is matched literally with LIKE.
bool isWordTerm(const QString& term) {
    for (qsizetype i = 0, n = 0; i < term.size(); i += n)
        if (!QChar::isLetterOrNumber(codePointAt(term, i, &n))) return false;
    return true;
}

QString quoted(QString text) {
    return QLatin1Char('"') + text.replace(QLatin1Char('"'), QStringLiteral("\"\"")) +
           QLatin1Char('"');
}

} // namespace

QString separateIdeographs(const QString& text) {
    QString out;
    bool any = false;
    bool spaceNeeded = false; // after an ideograph, before whatever follows
    for (qsizetype i = 0, n = 0; i < text.size(); i += n) {
        const char32_t cp = codePointAt(text, i, &n);
        const bool ideograph = isIdeograph(cp);
        if (ideograph && !any) {
            out.reserve(text.size() * 2);
            any = true;
        }
        if ((ideograph || spaceNeeded) && !out.isEmpty() && !out.back().isSpace() &&
            !QChar::isSpace(cp))
            out.append(QLatin1Char(' '));
        out.append(QStringView(text).mid(i, n));
        spaceNeeded = ideograph;
    }
    return any ? out : QString();
}

SearchQuery SearchQuery::parse(const QString& text) {
    static const QRegularExpression whitespace(QStringLiteral("\\s+"));
    SearchQuery query;
    QStringList seen;
    for (QString term : text.split(whitespace, Qt::SkipEmptyParts)) {
        if (seen.size() >= kMaxTerms) break;
        if (term.size() > kMaxTermLength) term.truncate(kMaxTermLength);
        if (term.back().isHighSurrogate()) term.chop(1);
        if (term.isEmpty() || seen.contains(term, Qt::CaseInsensitive)) continue;
        seen.append(term);
        if (characterCount(term) >= 3)
            query.longTerms.append(term);
        else if (isWordTerm(term))
            query.wordTerms.append(term);
        else
            query.likeTerms.append(term);
    }
    return query;
}

QString SearchQuery::trigramExpression() const {
    QStringList parts;
    for (const QString& term : longTerms) parts.append(quoted(term));
    return parts.join(QStringLiteral(" AND "));
}

QString SearchQuery::wordExpression() const {
    QStringList parts;
    for (const QString& term : wordTerms) {
        const QString words = separateIdeographs(term);
        qsizetype n = 0;
        const bool endsWithIdeograph = isIdeograph(codePointAt(
            term, term.size() - (term.back().isLowSurrogate() && term.size() > 1 ? 2 : 1), &n));
        parts.append(quoted((words.isNull() ? term : words).trimmed()) +
                     (endsWithIdeograph ? QString() : QStringLiteral("*")));
    }
    return parts.join(QStringLiteral(" AND "));
}

QString SearchQuery::likePattern(const QString& term) {
    QString escaped;
    escaped.reserve(term.size() + 2);
    for (QChar c : term) {
        if (c == QLatin1Char('%') || c == QLatin1Char('_') || c == QLatin1Char('\\'))
            escaped.append(QLatin1Char('\\'));
        escaped.append(c);
    }
    return QLatin1Char('%') + escaped + QLatin1Char('%');
}

QString makeSnippet(const QString& content, const QStringList& terms, int contextBefore,
                    int length) {
    // Every match position, earliest first; overlapping matches merge.
    struct Span {
        qsizetype start, end;
    };
    QList<Span> spans;
    for (const QString& term : terms) {
        if (term.isEmpty()) continue;
        for (qsizetype at = content.indexOf(term, 0, Qt::CaseInsensitive); at >= 0;
             at = content.indexOf(term, at + term.size(), Qt::CaseInsensitive))
            spans.append({at, at + term.size()});
    }
    std::sort(spans.begin(), spans.end(),
              [](const Span& a, const Span& b) { return a.start < b.start; });
    QList<Span> merged;
    for (const Span& s : spans) {
        if (!merged.isEmpty() && s.start <= merged.back().end)
            merged.back().end = qMax(merged.back().end, s.end);
        else
            merged.append(s);
    }
    const qsizetype firstMatch = merged.isEmpty() ? 0 : merged.front().start;
    qsizetype begin = qMax<qsizetype>(0, firstMatch - contextBefore);
    qsizetype end = qMin<qsizetype>(content.size(), begin + length);
    if (begin > 0 && content[begin].isLowSurrogate()) ++begin;
    if (end < content.size() && end > 0 && content[end - 1].isHighSurrogate()) --end;

    QString snippet;
    if (begin > 0) snippet.append(QChar(0x2026));
    qsizetype at = begin;
    for (const Span& s : merged) {
        if (s.end <= begin || s.start >= end) continue;
        const qsizetype from = qMax(s.start, begin), to = qMin(s.end, end);
        snippet.append(QStringView(content).mid(at, from - at));
        snippet.append(kHighlightStart)
            .append(QStringView(content).mid(from, to - from))
            .append(kHighlightEnd);
        at = to;
    }
    snippet.append(QStringView(content).mid(at, end - at));
    if (end < content.size()) snippet.append(QChar(0x2026));
    for (QChar& c : snippet)
        if (c == QLatin1Char('\n') || c == QLatin1Char('\r') || c == QLatin1Char('\t'))
            c = QLatin1Char(' ');
    return snippet;
}

} // namespace glm::history
