// Turns the Markdown of a reply into the rich text a TextEdit shows, safely:
// - raw HTML is text: "#include <vector>", "Vec<String>", "a<b and c>d" and "<script>" are shown
//   as written (Qt's own Markdown mode would take them for tags and drop what follows);
// - images are never loaded: "![alt](url)" becomes a link showing its alt text (or its address),
//   so nothing a reply or an imported chat contains makes the app fetch a URL;
// - emphasis with underscores ("_it_") is italic, as in CommonMark and GitHub (Qt's GitHub
//   dialect would underline it).
// In QML: `TextEdit { textFormat: TextEdit.RichText; text: MarkdownHtml.toHtml(markdown) }`.
#pragma once

#include <QObject>
#include <QString>
#include <qqmlregistration.h>

class QTextDocument;

class MarkdownHtml : public QObject {
    Q_OBJECT
    QML_ELEMENT
    QML_SINGLETON
public:
    explicit MarkdownHtml(QObject* parent = nullptr) : QObject(parent) {}

    // The HTML fragment for `markdown` (no document-wide font: the TextEdit's font applies).
    Q_INVOKABLE static QString toHtml(const QString& markdown);

    // `markdown` parsed into `document` with the rules above (also for tests).
    static void fill(QTextDocument* document, const QString& markdown);
};
