#include "viewmodels/segment_list_model.h"

SegmentListModel::SegmentListModel(QObject* parent) : QAbstractListModel(parent) {}

const QList<MessageSegment>& SegmentListModel::segments() const {
    return isPlain_ ? plain_ : segmenter_.segments();
}

int SegmentListModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : published_;
}

static_assert(int(SegmentListModel::Kind::Markdown) == int(SegmentKind::Markdown) &&
              int(SegmentListModel::Kind::Code) == int(SegmentKind::Code) &&
              int(SegmentListModel::Kind::Plain) == int(SegmentKind::Plain));

QVariant SegmentListModel::data(const QModelIndex& index, int role) const {
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const MessageSegment& s = segments().at(index.row());
    switch (role) {
    case KindRole:
        return int(s.kind); // a Kind
    case Qt::DisplayRole:
    case TextRole:
        return s.text;
    case LanguageRole:
        return s.language;
    case CompleteRole:
        return s.complete;
    case ContinuedRole:
        return s.continued;
    default:
        return {};
    }
}

QHash<int, QByteArray> SegmentListModel::roleNames() const {
    return {{KindRole, "kind"},
            {TextRole, "segmentText"},
            {LanguageRole, "language"},
            {CompleteRole, "complete"},
            {ContinuedRole, "continued"}};
}

void SegmentListModel::setPlainText(const QString& text) {
    beginResetModel();
    segmenter_.reset();
    isPlain_ = true;
    plain_ = MarkdownSegmenter::splitPlain(text);
    published_ = int(plain_.size());
    endResetModel();
    emit countChanged();
}

void SegmentListModel::setMarkdown(const QString& text) {
    beginResetModel();
    isPlain_ = false;
    plain_.clear();
    segmenter_.reset();
    segmenter_.append(text);
    segmenter_.finish();
    published_ = int(segmenter_.segments().size());
    endResetModel();
    emit countChanged();
}

void SegmentListModel::appendMarkdown(const QString& piece) {
    if (isPlain_) setMarkdown(QString());
    const LastSegment before = lastSegment();
    segmenter_.append(piece);
    publishChanges(before);
}

void SegmentListModel::finishMarkdown() {
    if (isPlain_) return;
    const LastSegment before = lastSegment();
    segmenter_.finish();
    publishChanges(before);
}

SegmentListModel::LastSegment SegmentListModel::lastSegment() const {
    if (published_ == 0) return {};
    const MessageSegment& s = segments().at(published_ - 1);
    return {published_ - 1, s.text.size(), s.complete};
}

// Only the segment that was last before the change can have changed; the rest is new.
void SegmentListModel::publishChanges(const LastSegment& before) {
    if (before.row >= 0) {
        const MessageSegment& s = segments().at(before.row);
        if (s.text.size() != before.textSize || s.complete != before.complete)
            emit dataChanged(index(before.row), index(before.row));
    }
    const int now = int(segmenter_.segments().size());
    if (now > published_) {
        beginInsertRows({}, published_, now - 1);
        published_ = now;
        endInsertRows();
        emit countChanged();
    }
}

QString SegmentListModel::codeAt(int row) const {
    if (row < 0 || row >= published_) return {};
    const QList<MessageSegment>& all = segments();
    int first = row;
    while (first > 0 && all.at(first).continued) --first;
    QString code = all.at(first).text;
    for (int i = first + 1; i < published_ && all.at(i).continued; ++i) code += all.at(i).text;
    return code;
}
