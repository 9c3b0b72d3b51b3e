#include "viewmodels/message_list_model.h"

static_assert(int(MessageListModel::Author::User) == int(MessageItem::Role::User) &&
              int(MessageListModel::Author::Assistant) == int(MessageItem::Role::Assistant));
static_assert(int(MessageListModel::MessageState::Complete) == int(MessageItem::State::Complete) &&
              int(MessageListModel::MessageState::Streaming) ==
                  int(MessageItem::State::Streaming) &&
              int(MessageListModel::MessageState::Interrupted) ==
                  int(MessageItem::State::Interrupted) &&
              int(MessageListModel::MessageState::Error) == int(MessageItem::State::Error));

MessageListModel::MessageListModel(QObject* parent) : QAbstractListModel(parent) {}

MessageListModel::~MessageListModel() = default;

int MessageListModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : count();
}

QVariant MessageListModel::data(const QModelIndex& index, int role) const {
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Row& row = rows_.at(size_t(index.row()));
    const MessageItem& m = row.item;
    switch (role) {
    case MessageIdRole:
        return m.id;
    case RoleRole:
        return int(m.role); // an Author
    case Qt::DisplayRole:
    case TextRole:
        return m.text;
    case StateRole:
        return int(m.state); // a MessageState
    case ErrorTextRole:
        return m.errorText;
    case SegmentsRole:
        return QVariant::fromValue(static_cast<QObject*>(row.segments));
    case SiblingIndexRole:
        return m.siblingIndex;
    case SiblingCountRole:
        return int(qMax<qsizetype>(1, m.siblingIds.size()));
    case TokensPerSecondRole:
        return m.tokensPerSecond;
    case TimeToFirstTokenRole:
        return m.timeToFirstTokenMs;
    case GeneratedTokensRole:
        return m.generatedTokens;
    case ModelNameRole:
        return m.modelName;
    case ThinkingRole:
        return m.thinking;
    case HasThinkingRole:
        return m.hasThinking;
    case ThinkingMsRole:
        return double(m.thinkingMs);
    default:
        return {};
    }
}

QHash<int, QByteArray> MessageListModel::roleNames() const {
    return {{MessageIdRole, "messageId"},
            {RoleRole, "role"},
            {TextRole, "text"},
            {StateRole, "messageState"},
            {ErrorTextRole, "errorText"},
            {SegmentsRole, "segments"},
            {SiblingIndexRole, "siblingIndex"},
            {SiblingCountRole, "siblingCount"},
            {TokensPerSecondRole, "tokensPerSecond"},
            {TimeToFirstTokenRole, "timeToFirstTokenMs"},
            {GeneratedTokensRole, "generatedTokens"},
            {ModelNameRole, "modelName"},
            {ThinkingRole, "thinking"},
            {HasThinkingRole, "hasThinking"},
            {ThinkingMsRole, "thinkingMs"}};
}

int MessageListModel::rowOfId(qint64 id) const {
    for (size_t i = 0; i < rows_.size(); ++i)
        if (rows_[i].item.id == id) return int(i);
    return -1;
}

void MessageListModel::fillSegments(SegmentListModel* segments, const MessageItem& item) {
    if (item.role == MessageItem::Role::User) {
        segments->setPlainText(item.text);
    } else {
        segments->setMarkdown(QString());
        segments->appendMarkdown(item.text);
        // A reply still being generated keeps its last segment open for more text.
        if (item.state != MessageItem::State::Streaming) segments->finishMarkdown();
    }
}

MessageListModel::Row MessageListModel::makeRow(const MessageItem& item) {
    Row row{item, new SegmentListModel(this)};
    fillSegments(row.segments, item);
    return row;
}

void MessageListModel::setMessages(const QList<MessageItem>& messages) {
    const int before = count();
    const int kept = qMin(before, int(messages.size()));
    for (int row = 0; row < kept; ++row) {
        if (!(rows_[size_t(row)].item == messages.at(row))) update(row, messages.at(row));
    }
    if (before > kept) {
        beginRemoveRows({}, kept, before - 1);
        // The old segment models may still be referenced by delegates being destroyed.
        for (size_t i = size_t(kept); i < rows_.size(); ++i) rows_[i].segments->deleteLater();
        rows_.erase(rows_.begin() + kept, rows_.end());
        endRemoveRows();
    }
    if (messages.size() > kept) {
        beginInsertRows({}, kept, int(messages.size()) - 1);
        rows_.reserve(size_t(messages.size()));
        for (int row = kept; row < messages.size(); ++row)
            rows_.push_back(makeRow(messages.at(row)));
        endInsertRows();
    }
    if (count() != before) emit countChanged();
}

void MessageListModel::append(const MessageItem& message) {
    const int at = count();
    beginInsertRows({}, at, at);
    rows_.push_back(makeRow(message));
    endInsertRows();
    emit countChanged();
    emit messageAdded(at);
}

void MessageListModel::truncate(int row) {
    if (row < 0 || row >= count()) return;
    beginRemoveRows({}, row, count() - 1);
    for (size_t i = size_t(row); i < rows_.size(); ++i) rows_[i].segments->deleteLater();
    rows_.erase(rows_.begin() + row, rows_.end());
    endRemoveRows();
    emit countChanged();
}

void MessageListModel::update(int row, const MessageItem& message) {
    if (row < 0 || row >= count()) return;
    Row& r = rows_[size_t(row)];
    const bool textChanged = r.item.text != message.text || r.item.role != message.role;
    const bool finishing = r.item.state == MessageItem::State::Streaming &&
                           message.state != MessageItem::State::Streaming;
    r.item = message;
    if (textChanged)
        fillSegments(r.segments, message);
    else if (finishing)
        r.segments->finishMarkdown();
    emit dataChanged(index(row), index(row));
}

void MessageListModel::appendStreamedText(int row, const QString& piece) {
    if (row < 0 || row >= count() || piece.isEmpty()) return;
    Row& r = rows_[size_t(row)];
    r.item.text += piece;
    // Only the segments change: the message row itself is not re-announced per piece (its
    // `text` role is current when read, and announced when the reply ends).
    r.segments->appendMarkdown(piece);
}

// The thinking is one plain text (not Markdown pieces): it is shown while it grows and folded
// once the answer starts, so re-announcing it per piece costs only while it is on screen.
void MessageListModel::appendStreamedThinking(int row, const QString& piece, bool opened,
                                              qint64 thinkingMs) {
    if (row < 0 || row >= count()) return;
    MessageItem& m = rows_[size_t(row)].item;
    QList<int> changed;
    if (!piece.isEmpty()) {
        m.thinking += piece;
        changed << ThinkingRole;
    }
    if (opened != m.hasThinking) {
        m.hasThinking = opened;
        changed << HasThinkingRole;
    }
    if (thinkingMs != m.thinkingMs) {
        m.thinkingMs = thinkingMs;
        changed << ThinkingMsRole;
    }
    if (!changed.isEmpty()) emit dataChanged(index(row), index(row), changed);
}
