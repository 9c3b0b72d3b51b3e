#include "viewmodels/conversation_list_model.h"

#include "viewmodels/conversation_sections.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QEvent>
#include <QLocale>

using namespace glm::history;

ConversationListModel::ConversationListModel(QObject* parent) : QAbstractListModel(parent) {
    m_today = QDate::currentDate();
    m_midnight.setSingleShot(true);
    connect(&m_midnight, &QTimer::timeout, this, [this] {
        if (m_todayFollowsClock) {
            setToday(QDate::currentDate());
            m_todayFollowsClock = true;
        }
        scheduleMidnight();
    });
    scheduleMidnight();
    if (QCoreApplication* app = QCoreApplication::instance()) app->installEventFilter(this);
}

bool ConversationListModel::eventFilter(QObject* watched, QEvent* event) {
    // A language switch removes one translator and installs another (two events), then sets
    // the default locale the times are written in: refresh once, after all of it.
    if (event->type() == QEvent::LanguageChange && watched == QCoreApplication::instance() &&
        !m_refreshQueued) {
        m_refreshQueued = true;
        QMetaObject::invokeMethod(this, &ConversationListModel::refreshTexts, Qt::QueuedConnection);
    }
    return QAbstractListModel::eventFilter(watched, event);
}

void ConversationListModel::refreshTexts() {
    m_refreshQueued = false;
    if (!m_rows.isEmpty())
        emit dataChanged(index(0), index(int(m_rows.size()) - 1), {SectionRole, WhenRole});
}

void ConversationListModel::scheduleMidnight() {
    const QDateTime now = QDateTime::currentDateTime();
    const QDateTime next(now.date().addDays(1), QTime(0, 0, 1));
    m_midnight.start(int(qBound(qint64(1000), now.msecsTo(next), qint64(24 * 3600 * 1000))));
}

void ConversationListModel::setStore(ConversationStore* store) {
    if (m_store == store) return;
    if (m_store) disconnect(m_store, nullptr, this, nullptr);
    m_store = store;
    if (store) {
        connect(store, &ConversationStore::conversationChanged, this,
                &ConversationListModel::upsert);
        connect(store, &ConversationStore::conversationRemoved, this,
                &ConversationListModel::dropRow);
        connect(store, &ConversationStore::historyReset, this, &ConversationListModel::reload);
        connect(store, &ConversationStore::noticeChanged, this,
                &ConversationListModel::storeNoticeChanged);
    }
    emit storeChanged();
    emit storeNoticeChanged();
    reload();
}

void ConversationListModel::setPageSize(int size) {
    size = qBound(1, size, 1000);
    if (m_pageSize == size) return;
    m_pageSize = size;
    emit pageSizeChanged();
}

void ConversationListModel::setToday(const QDate& today) {
    m_todayFollowsClock = false;
    if (m_today == today) return;
    m_today = today;
    emit todayChanged();
    refreshTexts();
}

void ConversationListModel::setCurrentConversationId(qint64 id) {
    if (m_currentId == id) return;
    const int before = rowOf(m_currentId);
    m_currentId = id;
    const int after = rowOf(id);
    if (before >= 0) emit dataChanged(index(before), index(before), {IsCurrentRole});
    if (after >= 0) emit dataChanged(index(after), index(after), {IsCurrentRole});
    emit currentConversationIdChanged();
}

int ConversationListModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : int(m_rows.size());
}

QVariant ConversationListModel::data(const QModelIndex& index, int role) const {
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Conversation& c = m_rows.at(index.row());
    switch (role) {
    case ConversationIdRole:
        return c.id;
    case Qt::DisplayRole:
    case TitleRole:
        return c.title;
    case ModelRole:
        return c.model;
    case CreatedRole:
        return QDateTime::fromMSecsSinceEpoch(c.createdMs);
    case UpdatedRole:
        return QDateTime::fromMSecsSinceEpoch(c.updatedMs);
    case PinnedRole:
        return c.pinned;
    case SectionRole:
        return glm::ui::conversationSection(c.updatedMs, c.pinned, m_today);
    case IsCurrentRole:
        return c.id == m_currentId;
    case WhenRole: {
        const QDateTime when = QDateTime::fromMSecsSinceEpoch(c.updatedMs);
        return when.date() == m_today ? QLocale().toString(when.time(), QLocale::ShortFormat)
                                      : QLocale().toString(when.date(), QLocale::ShortFormat);
    }
    default:
        return {};
    }
}

QHash<int, QByteArray> ConversationListModel::roleNames() const {
    return {{ConversationIdRole, "conversationId"},
            {TitleRole, "title"},
            {ModelRole, "model"},
            {CreatedRole, "created"},
            {UpdatedRole, "updated"},
            {PinnedRole, "pinned"},
            {SectionRole, "section"},
            {IsCurrentRole, "isCurrent"},
            {WhenRole, "when"}};
}

bool ConversationListModel::canFetchMore(const QModelIndex& parent) const {
    return !parent.isValid() && m_store && !m_exhausted && !m_fetching && !m_failed;
}

void ConversationListModel::fetchMore(const QModelIndex& parent) {
    if (!canFetchMore(parent)) return;
    setFetching(true);
    const int generation = m_generation;
    m_store->listConversations(m_cursor, m_pageSize, this,
                               [this, generation](const StoreResult<QList<Conversation>>& page) {
                                   onPage(generation, page);
                               });
}

void ConversationListModel::onPage(int generation, const StoreResult<QList<Conversation>>& page) {
    if (generation != m_generation) return; // asked before a reload
    setFetching(false);
    if (!page.ok()) {
        m_failed = true; // no retry loop; reload() tries again
        setErrorText(page.error.userText());
        return;
    }
    QList<Conversation> fresh;
    for (const Conversation& c : page.value)
        if (rowOf(c.id) < 0) fresh.append(c);
    if (!fresh.isEmpty()) {
        beginInsertRows({}, int(m_rows.size()), int(m_rows.size() + fresh.size()) - 1);
        m_rows += fresh;
        endInsertRows();
    }
    if (page.value.size() < m_pageSize)
        m_exhausted = true;
    else
        m_cursor = ConversationSortKey::of(page.value.last());
}

bool ConversationListModel::belongs(const Conversation& c) const {
    // Loaded rows are exactly those up to the cursor; later ones come with a later page.
    return m_exhausted || !ConversationSortKey::before(m_cursor, ConversationSortKey::of(c));
}

int ConversationListModel::insertionRow(const ConversationSortKey& key, int skipRow) const {
    int row = 0;
    for (int i = 0; i < m_rows.size(); ++i) {
        if (i == skipRow) continue;
        if (ConversationSortKey::before(ConversationSortKey::of(m_rows[i]), key))
            ++row;
        else
            break;
    }
    return row;
}

void ConversationListModel::upsert(const Conversation& conversation) {
    const int row = rowOf(conversation.id);
    if (!belongs(conversation)) {
        if (row >= 0) dropRow(conversation.id);
        return;
    }
    const ConversationSortKey key = ConversationSortKey::of(conversation);
    if (row < 0) {
        const int at = insertionRow(key);
        beginInsertRows({}, at, at);
        m_rows.insert(at, conversation);
        endInsertRows();
        return;
    }
    const int target = insertionRow(key, row); // position once this row is taken out
    if (target != row) {
        beginMoveRows({}, row, row, {}, target > row ? target + 1 : target);
        m_rows.move(row, target);
        endMoveRows();
    }
    m_rows[target] = conversation;
    emit dataChanged(index(target), index(target));
}

void ConversationListModel::dropRow(qint64 conversationId) {
    const int row = rowOf(conversationId);
    if (row < 0) return;
    beginRemoveRows({}, row, row);
    m_rows.removeAt(row);
    endRemoveRows();
}

int ConversationListModel::rowOf(qint64 conversationId) const {
    for (int i = 0; i < m_rows.size(); ++i)
        if (m_rows[i].id == conversationId) return i;
    return -1;
}

void ConversationListModel::rename(qint64 conversationId, const QString& title) {
    if (!m_store) return;
    m_store->renameConversation(conversationId, title, this,
                                [this](const StoreResult<Conversation>& result) {
                                    if (!result.ok()) setErrorText(result.error.userText());
                                });
}

void ConversationListModel::setPinned(qint64 conversationId, bool pinned) {
    if (!m_store) return;
    m_store->setPinned(conversationId, pinned, this,
                       [this](const StoreResult<Conversation>& result) {
                           if (!result.ok()) setErrorText(result.error.userText());
                       });
}

void ConversationListModel::remove(qint64 conversationId) {
    const int row = rowOf(conversationId);
    if (!m_store || row < 0) return;
    const QString title = m_rows[row].title;
    m_store->trashConversation(conversationId, this,
                               [this, conversationId, title](const StoreError& error) {
                                   if (error) return setErrorText(error.userText());
                                   m_removed.append({conversationId, title});
                                   emit undoChanged();
                               });
}

void ConversationListModel::undoRemove() {
    if (!m_store || m_removed.isEmpty()) return;
    const qint64 id = m_removed.takeLast().first;
    emit undoChanged();
    m_store->restoreConversation(id, this, [this](const StoreResult<Conversation>& result) {
        if (!result.ok()) setErrorText(result.error.userText());
    });
}

void ConversationListModel::reload() {
    ++m_generation;
    beginResetModel();
    m_rows.clear();
    m_cursor = {};
    m_exhausted = false;
    m_failed = false;
    endResetModel();
    setFetching(false);
    if (m_store) fetchMore({});
}

void ConversationListModel::dismissStoreNotice() {
    if (m_store) m_store->dismissNotice();
}

void ConversationListModel::exportToFile(const QVariantList& conversationIds, const QUrl& file,
                                         const QString& format) {
    if (!m_store) return;
    QList<qint64> ids;
    for (const QVariant& id : conversationIds) ids.append(id.toLongLong());
    QString path = file.isLocalFile() ? file.toLocalFile() : file.toString();
    const ExportFormat kind =
        format == QLatin1String("json") ? ExportFormat::Json : ExportFormat::Markdown;
    // The dialog returns the name as typed: without the format's extension, Import (which
    // lists *.json) would not find the file again.
    const QString extension =
        kind == ExportFormat::Json ? QStringLiteral(".json") : QStringLiteral(".md");
    if (!path.endsWith(extension, Qt::CaseInsensitive) &&
        !(kind == ExportFormat::Markdown && path.endsWith(u".markdown", Qt::CaseInsensitive)))
        path += extension;
    m_store->exportToFile(ids, kind, path, this, [this, path](const StoreError& error) {
        emit exportFinished(!error, error ? error.userText() : tr("Saved to %1").arg(path));
    });
}

QString ConversationListModel::suggestedExportName(qint64 conversationId,
                                                   const QString& format) const {
    const int row = rowOf(conversationId);
    QString name = row >= 0 ? m_rows[row].title.simplified() : QString();
    // Characters that Windows, macOS or Linux refuse in a name, and control characters.
    for (QChar& c : name)
        if (c.unicode() < 32 || QStringView(u"<>:\"/\\|?*").contains(c)) c = u'_';
    while (name.endsWith(u'.') || name.endsWith(u' ')) name.chop(1);
    name.truncate(80);
    if (name.isEmpty()) name = tr("chat");
    return name +
           (format == QLatin1String("json") ? QStringLiteral(".json") : QStringLiteral(".md"));
}

void ConversationListModel::importFromFile(const QUrl& file) {
    if (!m_store) return;
    const QString path = file.isLocalFile() ? file.toLocalFile() : file.toString();
    m_store->importFromFile(path, this, [this](const StoreResult<ImportReport>& result) {
        if (!result.ok()) return emit importFinished(false, result.error.userText());
        QString message = tr("Imported %n conversation(s).", nullptr, result.value.imported);
        if (result.value.duplicates > 0)
            message += QLatin1Char(' ') + tr("%n were already here and were skipped.", nullptr,
                                             result.value.duplicates);
        for (const QString& problem : result.value.problems) message += QLatin1Char(' ') + problem;
        emit importFinished(true, message);
    });
}

void ConversationListModel::setErrorText(const QString& text) {
    if (m_errorText == text) return;
    m_errorText = text;
    emit errorTextChanged();
}

void ConversationListModel::setFetching(bool fetching) {
    if (m_fetching == fetching) return;
    m_fetching = fetching;
    emit loadingChanged();
}
