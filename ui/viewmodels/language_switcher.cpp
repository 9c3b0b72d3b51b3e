#include "viewmodels/language_switcher.h"

#include "common/app_settings.h"

#include <QCoreApplication>
#include <QLocale>
#include <QQmlEngine>

LanguageSwitcher::LanguageSwitcher(glm::app::AppSettings* settings, QObject* parent)
    : QObject(parent), settings_(settings) {
    connect(settings_, &glm::app::AppSettings::languageChanged, this, &LanguageSwitcher::apply);
}

QString LanguageSwitcher::resolve(const QString& setting) {
    if (!setting.isEmpty()) return setting;
    // Chinese desktops (any region) get Simplified Chinese; everything else English.
    return QLocale().language() == QLocale::Chinese ? QStringLiteral("zh_CN")
                                                    : QStringLiteral("en");
}

void LanguageSwitcher::apply() {
    const QString language = resolve(settings_->language());
    if (installed_) {
        QCoreApplication::removeTranslator(&translator_);
        installed_ = false;
    }
    // English is the source language, but its .qm carries the plural forms ("1 token").
    if (translator_.load(QStringLiteral(":/i18n/glm-chat_%1.qm").arg(language)))
        installed_ = QCoreApplication::installTranslator(&translator_);
    current_ = language;
    QLocale::setDefault(QLocale(language));
    if (engine_) engine_->retranslate();
}
