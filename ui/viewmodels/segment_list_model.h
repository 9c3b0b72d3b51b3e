// The pieces of one message as a list model (MarkdownSegmenter): the message delegate shows one
// component per segment. While a reply streams, appendMarkdown() changes only the last segment
// (one dataChanged) or adds segments at the end (rowsInserted); earlier segments and their
// rendered text are left alone, so the cost of a new piece does not grow with the reply.
#pragma once

#include "viewmodels/markdown_segmenter.h"

#include <QAbstractListModel>
#include <qqmlregistration.h>

class SegmentListModel : public QAbstractListModel {
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("Segments belong to a message of a MessageListModel")
    Q_PROPERTY(int count READ count NOTIFY countChanged)
public:
    enum Roles { KindRole = Qt::UserRole + 1, TextRole, LanguageRole, CompleteRole, ContinuedRole };
    // What the role "kind" holds (SegmentKind, for QML: SegmentListModel.Code...).
    enum class Kind { Markdown, Code, Plain };
    Q_ENUM(Kind)

    explicit SegmentListModel(QObject* parent = nullptr);

    int rowCount(const QModelIndex& parent = {}) const override;
    int count() const { return published_; }
    QVariant data(const QModelIndex& index, int role) const override;
    QHash<int, QByteArray> roleNames() const override;

    // The whole text as one plain segment (user messages: shown as typed).
    void setPlainText(const QString& text);
    // The whole text as Markdown, segmented anew.
    void setMarkdown(const QString& text);
    // Streaming: a new piece of a Markdown text; finishMarkdown() at the end.
    void appendMarkdown(const QString& piece);
    void finishMarkdown();

    // The code of the block that code segment `row` is part of (for the copy button: a long
    // block is split into several segments).
    Q_INVOKABLE QString codeAt(int row) const;

signals:
    void countChanged();

private:
    struct LastSegment {
        int row = -1;
        qsizetype textSize = 0;
        bool complete = false;
    };
    LastSegment lastSegment() const;
    void publishChanges(const LastSegment& before);

    MarkdownSegmenter segmenter_;
    QList<MessageSegment> plain_; // used instead of the segmenter for plain text
    bool isPlain_ = false;
    int published_ = 0; // rows the views know about
    const QList<MessageSegment>& segments() const;
};
