#include "viewmodels/markdown_table_style.h"

#include <QQuickTextDocument>
#include <QTextCursor>
#include <QTextDocument>
#include <QTextFrame>
#include <QTextTable>

MarkdownTableStyle::MarkdownTableStyle(QObject* parent) : QObject(parent) {}

void MarkdownTableStyle::setDocument(QQuickTextDocument* document) {
    if (document == document_) return;
    disconnect(contentsConnection_);
    document_ = document;
    if (document_ && document_->textDocument())
        contentsConnection_ = connect(document_->textDocument(), &QTextDocument::contentsChanged,
                                      this, &MarkdownTableStyle::restyle);
    emit documentChanged();
    restyle();
}

void MarkdownTableStyle::setLineColor(const QColor& color) {
    if (color == lineColor_) return;
    lineColor_ = color;
    emit styleChanged();
    restyle();
}

void MarkdownTableStyle::setCellPadding(qreal padding) {
    if (qFuzzyCompare(padding, cellPadding_)) return;
    cellPadding_ = padding;
    emit styleChanged();
    restyle();
}

void MarkdownTableStyle::restyle() {
    // Setting the formats changes the document too: no second round from inside the first.
    if (styling_ || !document_ || !document_->textDocument()) return;
    styling_ = true;
    apply(document_->textDocument(), lineColor_, cellPadding_);
    styling_ = false;
}

int MarkdownTableStyle::apply(QTextDocument* document, const QColor& lineColor, qreal cellPadding) {
    if (!document) return 0;
    int styled = 0;
    // Markdown tables are top-level frames (a table inside a list item is one level down).
    QList<QTextFrame*> frames = document->rootFrame()->childFrames();
    while (!frames.isEmpty()) {
        QTextFrame* frame = frames.takeFirst();
        frames += frame->childFrames();
        auto* table = qobject_cast<QTextTable*>(frame);
        if (!table) continue;
        QTextTableFormat format = table->format();
        const bool done = format.borderCollapse() && format.borderBrush().color() == lineColor &&
                          qFuzzyCompare(format.cellPadding(), cellPadding);
        ++styled;
        if (done) continue; // no change, no relayout
        format.setBorderCollapse(true);
        format.setBorder(1);
        format.setBorderStyle(QTextFrameFormat::BorderStyle_Solid);
        format.setBorderBrush(lineColor);
        format.setCellSpacing(0);
        format.setCellPadding(cellPadding);
        table->setFormat(format);
    }
    return styled;
}
