// A notice written with tr() that is written again when the language changes: a notice shown
// before a switch to 简体中文 would otherwise stay in English. The owner gives a function that
// writes the text; `changed` follows every new text.
#pragma once

#include <QObject>
#include <QString>
#include <functional>

class TranslatedNotice : public QObject {
    Q_OBJECT
public:
    explicit TranslatedNotice(QObject* parent = nullptr);

    // `write` is called now and after every language change (empty function: no notice).
    void set(std::function<QString()> write);
    // A text made elsewhere (already translated, or not translatable): kept as it is.
    void setText(const QString& text);
    void clear() { set({}); }
    QString text() const { return text_; }

signals:
    void changed();

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    void update();

    std::function<QString()> write_;
    QString text_;
    bool updateQueued_ = false;
};
