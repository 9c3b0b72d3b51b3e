#include "viewmodels/search_model.h"

#include "history/message_search.h"
#include "viewmodels/snippet_markup.h"

#include <QDateTime>

using namespace glm::history;

static_assert(int(SearchModel::Author::System) == int(glm::history::MessageRole::System) &&
              int(SearchModel::Author::User) == int(glm::history::MessageRole::User) &&
              int(SearchModel::Author::Assistant) == int(glm::history::MessageRole::Assistant));

SearchModel::SearchModel(QObject* parent) : QAbstractListModel(parent) {
    m_delay.setSingleShot(true);
    m_delay.setInterval(200);
    connect(&m_delay, &QTimer::timeout, this, &SearchModel::run);
}

void SearchModel::setStore(ConversationStore* store) {
    if (m_store == store) return;
    if (m_store) disconnect(m_store, nullptr, this, nullptr);
    m_store = store;
    if (store) {
        connect(store, &ConversationStore::conversationRemoved, this,
                &SearchModel::dropConversation);
        connect(store, &ConversationStore::historyReset, this, [this] { m_delay.start(); });
    }
    emit storeChanged();
    if (!m_query.trimmed().isEmpty()) m_delay.start();
}

void SearchModel::setQuery(const QString& query) {
    if (m_query == query) return;
    m_query = query;
    emit queryChanged();
    ++m_generation; // whatever is on its way answers an older query
    if (m_query.trimmed().isEmpty()) {
        m_delay.stop();
        setSearching(false);
        setResults({});
        return;
    }
    setSearching(true);
    m_delay.start();
}

void SearchModel::setDelay(int ms) {
    ms = qMax(0, ms);
    if (m_delay.interval() == ms) return;
    m_delay.setInterval(ms);
    emit delayChanged();
}

void SearchModel::setLimit(int limit) {
    limit = qBound(1, limit, MessageSearch::kMaxResults);
    if (m_limit == limit) return;
    m_limit = limit;
    emit limitChanged();
}

void SearchModel::run() {
    if (!m_store || m_query.trimmed().isEmpty()) return;
    const int generation = ++m_generation;
    setSearching(true);
    m_store->search(m_query, m_limit, this,
                    [this, generation](const StoreResult<QList<SearchHit>>& hits) {
                        if (generation != m_generation) return;
                        setSearching(false);
                        setErrorText(hits.ok() ? QString() : hits.error.userText());
                        setResults(hits.value);
                    });
}

void SearchModel::clear() {
    setQuery(QString());
}

void SearchModel::setResults(const QList<SearchHit>& hits) {
    beginResetModel();
    m_hits = hits;
    m_snippets.clear();
    for (const SearchHit& hit : hits) m_snippets.append(glm::ui::snippetToStyledText(hit.snippet));
    endResetModel();
}

void SearchModel::dropConversation(qint64 conversationId) {
    for (int row = int(m_hits.size()) - 1; row >= 0; --row) {
        if (m_hits[row].conversationId != conversationId) continue;
        beginRemoveRows({}, row, row);
        m_hits.removeAt(row);
        m_snippets.removeAt(row);
        endRemoveRows();
    }
}

int SearchModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : int(m_hits.size());
}

QVariant SearchModel::data(const QModelIndex& index, int role) const {
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const SearchHit& hit = m_hits.at(index.row());
    switch (role) {
    case ConversationIdRole:
        return hit.conversationId;
    case MessageIdRole:
        return hit.messageId;
    case ConversationTitleRole:
        return hit.conversationTitle;
    case MessageRoleRole:
        return int(hit.role); // an Author
    case Qt::DisplayRole:
    case SnippetRole:
        return m_snippets.at(index.row());
    case CreatedRole:
        return QDateTime::fromMSecsSinceEpoch(hit.createdMs);
    default:
        return {};
    }
}

QHash<int, QByteArray> SearchModel::roleNames() const {
    return {{ConversationIdRole, "conversationId"},
            {MessageIdRole, "messageId"},
            {ConversationTitleRole, "conversationTitle"},
            {MessageRoleRole, "messageRole"},
            {SnippetRole, "snippet"},
            {CreatedRole, "created"}};
}

void SearchModel::setSearching(bool searching) {
    if (m_searching == searching) return;
    m_searching = searching;
    emit searchingChanged();
}

void SearchModel::setErrorText(const QString& text) {
    if (m_errorText == text) return;
    m_errorText = text;
    emit errorTextChanged();
}
