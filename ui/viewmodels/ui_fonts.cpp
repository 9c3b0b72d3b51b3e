#include "viewmodels/ui_fonts.h"

#include <QFontDatabase>
#include <QGuiApplication>

QString UiFonts::monospace() const {
    return QFontDatabase::systemFont(QFontDatabase::FixedFont).family();
}

void UiFonts::installApplicationFont() {
    QFont font = QGuiApplication::font();
    QStringList families = font.families();
    if (families.isEmpty()) families << font.family();
    if (!families.contains(QLatin1String(kChineseFamily)))
        families << QLatin1String(kChineseFamily);
    font.setFamilies(families);
    QGuiApplication::setFont(font);
    // Fixed-width text (code blocks) gets the monospaced CJK face as its fallback.
    const QString fixed = QFontDatabase::systemFont(QFontDatabase::FixedFont).family();
    QFont::insertSubstitutions(fixed, {QLatin1String(kChineseMonospaceFamily)});
}
