#include "viewmodels/markdown_html.h"

#include <QGuiApplication>
#include <QPalette>
#include <QTextBlock>
#include <QTextCursor>
#include <QTextDocument>
#include <QTextDocumentFragment>
#include <QTextImageFormat>
#include <QUrl>

namespace {

// The alt text given to images that have none (see withAltTexts).
constexpr QChar kNoAltText = QChar(0x2060); // word joiner: invisible, not white space

// md4c's MD_FLAG_UNDERLINE, part of Qt's MarkdownDialectGitHub: "_x_" would be underlined.
constexpr int kUnderlineExtension = 0x4000;

QTextDocument::MarkdownFeatures markdownFeatures() {
    const int github = int(QTextDocument::MarkdownDialectGitHub) & ~kUnderlineExtension;
    return QTextDocument::MarkdownFeatures(github | int(QTextDocument::MarkdownNoHTML));
}

struct ImageAt {
    int position = 0;
    int length = 0;
    QTextImageFormat format;
};

// Every image of the document (table cells and list items included), last first.
QList<ImageAt> imagesOf(QTextDocument* document) {
    QList<ImageAt> images;
    for (QTextBlock block = document->begin(); block.isValid(); block = block.next())
        for (auto it = block.begin(); !it.atEnd(); ++it) {
            const QTextFragment fragment = it.fragment();
            if (fragment.isValid() && fragment.charFormat().isImageFormat())
                images.prepend({fragment.position(), fragment.length(),
                                fragment.charFormat().toImageFormat()});
        }
    return images;
}

// The image becomes a link to its address, labelled with its alt text.
void replaceWithLink(QTextDocument* document, const ImageAt& image) {
    const QString address = image.format.name();
    QString label = image.format.property(QTextFormat::ImageAltText).toString().trimmed();
    label.remove(kNoAltText);
    if (label.isEmpty()) label = address;
    QTextCharFormat link;
    link.setAnchor(true);
    link.setAnchorHref(address);
    link.setFontUnderline(true);
    link.setForeground(QGuiApplication::palette().link()); // as Qt draws Markdown links
    link.setToolTip(address);
    QTextCursor cursor(document);
    cursor.setPosition(image.position);
    cursor.setPosition(image.position + image.length, QTextCursor::KeepAnchor);
    cursor.insertText(label, link);
}

// Qt's Markdown reader drops an image without alt text ("![](url)") and its address with it:
// such images get a placeholder alt text (outside code spans), so they become links too.

QString withAltTexts(const QString& markdown) {
    static const QString empty = QStringLiteral("![](");
    if (!markdown.contains(empty)) return markdown;
    QString out;
    out.reserve(markdown.size() + 16);
    qsizetype i = 0;
    while (i < markdown.size()) {
        if (markdown[i] == u'`') {
            // A code span: from a run of backticks to the next run of the same length.
            qsizetype run = 0;
            while (i + run < markdown.size() && markdown[i + run] == u'`') ++run;
            const QString fence(run, u'`');
            qsizetype close = markdown.indexOf(fence, i + run);
            while (close >= 0 && close + run < markdown.size() && markdown[close + run] == u'`')
                close = markdown.indexOf(fence, close + run + 1);
            const qsizetype end = close >= 0 ? close + run : i + run;
            out += QStringView(markdown).mid(i, end - i);
            i = end;
        } else if (QStringView(markdown).mid(i).startsWith(empty)) {
            out += QStringLiteral("![") + kNoAltText + QStringLiteral("](");
            i += empty.size();
        } else {
            out += markdown[i++];
        }
    }
    return out;
}

} // namespace

void MarkdownHtml::fill(QTextDocument* document, const QString& markdown) {
    document->setMarkdown(withAltTexts(markdown), markdownFeatures());
    // The images go before anything lays the document out: laying out loads them.
    const QList<ImageAt> images = imagesOf(document);
    for (const ImageAt& image : images) replaceWithLink(document, image);
}

QString MarkdownHtml::toHtml(const QString& markdown) {
    QTextDocument document;
    fill(&document, markdown);
    return QTextDocumentFragment(&document).toHtml();
}
