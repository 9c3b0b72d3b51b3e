#include "history/conversation_title.h"

#include <QRegularExpression>
#include <QStringList>

namespace glm::history {

namespace {
constexpr int kGeneratedTitleLength = 50;

QString oneLine(const QString& text) {
    return text.simplified();
}
} // namespace

QString titleFromMessage(const QString& text) {
    static const QRegularExpression markers(QStringLiteral("^\\s*(?:#{1,6}|>|[-*+]|\\d+[.)])\\s+"));
    QString line;
    for (const QString& candidate : text.split(QLatin1Char('\n'))) {
        line = oneLine(QString(candidate).remove(markers));
        if (!line.isEmpty()) break;
    }
    if (line.size() <= kGeneratedTitleLength) return line;
    QString cut = line.left(kGeneratedTitleLength);
    // Do not split a surrogate pair (emoji, rare CJK).
    if (cut.back().isHighSurrogate()) cut.chop(1);
    const qsizetype space = cut.lastIndexOf(QLatin1Char(' '));
    if (space > kGeneratedTitleLength / 2) cut.truncate(space);
    return cut + QChar(0x2026); // …
}

QString cleanTitle(const QString& title) {
    QString clean = oneLine(title);
    if (clean.size() > kMaxTitleLength) {
        clean.truncate(kMaxTitleLength);
        if (clean.back().isHighSurrogate()) clean.chop(1);
    }
    return clean;
}

} // namespace glm::history
