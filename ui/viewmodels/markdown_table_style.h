// Draws the tables of a Markdown text (Qt's renderer gives them the HTML defaults: double grey
// borders, no padding) in the theme: one thin line between cells, and padding. (Cell shading is
// left out: Qt Quick's text renderer paints a cell's background behind its text only.)
// Attach it to a TextEdit's document in QML:
//     MarkdownTableStyle { document: edit.textDocument; lineColor: Theme.border }
// The tables are styled again whenever the text changes (a reply that streams in), which costs
// a walk over the document's top frames, not over its text.
#pragma once

#include <QColor>
#include <QObject>
#include <QPointer>
#include <QQuickTextDocument>
#include <qqmlregistration.h>

class QTextDocument;

class MarkdownTableStyle : public QObject {
    Q_OBJECT
    QML_ELEMENT
    Q_PROPERTY(QQuickTextDocument* document READ document WRITE setDocument NOTIFY documentChanged)
    Q_PROPERTY(QColor lineColor READ lineColor WRITE setLineColor NOTIFY styleChanged)
    Q_PROPERTY(qreal cellPadding READ cellPadding WRITE setCellPadding NOTIFY styleChanged)
public:
    explicit MarkdownTableStyle(QObject* parent = nullptr);

    QQuickTextDocument* document() const { return document_; }
    void setDocument(QQuickTextDocument* document);
    QColor lineColor() const { return lineColor_; }
    void setLineColor(const QColor& color);
    qreal cellPadding() const { return cellPadding_; }
    void setCellPadding(qreal padding);

    // Styles every table of `document` (also for tests, without QML). Returns how many.
    static int apply(QTextDocument* document, const QColor& lineColor, qreal cellPadding);

signals:
    void documentChanged();
    void styleChanged();

private:
    void restyle();

    QPointer<QQuickTextDocument> document_;
    QMetaObject::Connection contentsConnection_;
    QColor lineColor_ = QColor(0xd9, 0xdc, 0xe2);
    qreal cellPadding_ = 4;
    bool styling_ = false;
};
