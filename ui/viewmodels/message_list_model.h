// The messages of the conversation on screen (the current branch), oldest first. Each row owns
// a SegmentListModel with the message's Markdown pieces. A streaming reply is extended with
// appendStreamedText(): only that message's last segment changes, no other row is touched.
#pragma once

#include "viewmodels/message_item.h"
#include "viewmodels/segment_list_model.h"

#include <QAbstractListModel>
#include <qqmlregistration.h>
#include <vector>

class MessageListModel : public QAbstractListModel {
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("The chat controller owns the message list")
    Q_PROPERTY(int count READ count NOTIFY countChanged)
public:
    enum Roles {
        MessageIdRole = Qt::UserRole + 1,
        RoleRole,
        TextRole,
        StateRole,
        ErrorTextRole,
        SegmentsRole,
        SiblingIndexRole,
        SiblingCountRole,
        TokensPerSecondRole,
        TimeToFirstTokenRole,
        GeneratedTokensRole,
        ModelNameRole,
        ThinkingRole,
        HasThinkingRole,
        ThinkingMsRole,
    };
    // What the roles "role" and "messageState" hold: MessageItem's enums, for QML to compare
    // (MessageListModel.User, MessageListModel.Streaming...).
    enum class Author { User, Assistant };
    Q_ENUM(Author)
    enum class MessageState { Complete, Streaming, Interrupted, Error };
    Q_ENUM(MessageState)

    explicit MessageListModel(QObject* parent = nullptr);
    ~MessageListModel() override;

    int rowCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role) const override;
    QHash<int, QByteArray> roleNames() const override;

    int count() const { return int(rows_.size()); }
    const MessageItem& at(int row) const { return rows_.at(size_t(row)).item; }
    int rowOfId(qint64 id) const;

    // Rows that stay the same are left alone and rows that change are updated in place (another
    // branch shown: the view keeps its place); no reset.
    void setMessages(const QList<MessageItem>& messages);
    // A new message (sent, or a new reply): messageAdded tells the view to show it.
    void append(const MessageItem& message);
    // Removes the rows from `row` to the end.
    void truncate(int row);
    // Replaces a row's data; its segments are rebuilt only when the text changed.
    void update(int row, const MessageItem& message);
    void appendStreamedText(int row, const QString& piece);
    // A streaming reply's thinking grows by `piece` (`opened`: it has a thinking part, even
    // before its first character); thinkingMs >= 0 once the thought ended.
    void appendStreamedThinking(int row, const QString& piece, bool opened, qint64 thinkingMs);

signals:
    void countChanged();
    void messageAdded(int row);

private:
    struct Row {
        MessageItem item;
        SegmentListModel* segments = nullptr; // child of this model
    };
    Row makeRow(const MessageItem& item);
    static void fillSegments(SegmentListModel* segments, const MessageItem& item);

    std::vector<Row> rows_;
};
