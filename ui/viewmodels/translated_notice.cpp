#include "viewmodels/translated_notice.h"

#include <QCoreApplication>
#include <QEvent>

TranslatedNotice::TranslatedNotice(QObject* parent) : QObject(parent) {
    if (QCoreApplication* app = QCoreApplication::instance()) app->installEventFilter(this);
}

void TranslatedNotice::set(std::function<QString()> write) {
    write_ = std::move(write);
    update();
}

void TranslatedNotice::setText(const QString& text) {
    if (text.isEmpty()) return clear();
    set([text] { return text; });
}

void TranslatedNotice::update() {
    updateQueued_ = false;
    const QString text = write_ ? write_() : QString();
    if (text == text_) return;
    text_ = text;
    emit changed();
}

bool TranslatedNotice::eventFilter(QObject* watched, QEvent* event) {
    // A switch removes one translator and installs another (two events): write once, after.
    if (event->type() == QEvent::LanguageChange && watched == QCoreApplication::instance() &&
        write_ && !updateQueued_) {
        updateQueued_ = true;
        QMetaObject::invokeMethod(this, &TranslatedNotice::update, Qt::QueuedConnection);
    }
    return QObject::eventFilter(watched, event);
}
