// Puts the UI in the chosen language, at start and whenever the setting changes, without a
// restart: installs the translation (the .qm files are embedded as :/i18n/glm-chat_<lang>.qm)
// and asks the QML engine to re-evaluate every qsTr().
#pragma once

#include <QObject>
#include <QTranslator>

class QQmlEngine;
namespace glm::app {
class AppSettings;
}

class LanguageSwitcher : public QObject {
    Q_OBJECT
public:
    LanguageSwitcher(glm::app::AppSettings* settings, QObject* parent = nullptr);

    // Set once the engine exists; later changes retranslate it.
    void setEngine(QQmlEngine* engine) { engine_ = engine; }
    // "en", "zh_CN": what is in use now (the setting, or the system's language when unset).
    QString current() const { return current_; }
    // Applies the setting (at start, before the QML is loaded).
    void apply();

    static QString resolve(const QString& setting);

private:
    glm::app::AppSettings* settings_;
    QQmlEngine* engine_ = nullptr;
    QTranslator translator_;
    bool installed_ = false;
    QString current_;
};
