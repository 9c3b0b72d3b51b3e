// Font families for the views: the system's fixed-width font for code, and the CJK font that
// Chinese text falls back to (so Simplified Chinese glyphs are used, not Japanese or
// Traditional variants that fontconfig might pick).
#pragma once

#include <QObject>
#include <QStringList>
#include <qqmlregistration.h>

class UiFonts : public QObject {
    Q_OBJECT
    QML_ELEMENT
    QML_SINGLETON
    Q_PROPERTY(QString monospace READ monospace CONSTANT)
public:
    static constexpr const char* kChineseFamily = "Noto Sans CJK SC";
    static constexpr const char* kChineseMonospaceFamily = "Noto Sans Mono CJK SC";

    explicit UiFonts(QObject* parent = nullptr) : QObject(parent) {}
    QString monospace() const;

    // Makes Chinese text in every view use kChineseFamily (when installed) as its fallback.
    static void installApplicationFont();
};
