// Search results for the search panel: every message matching `query` (English or Chinese,
// any length; see search_query.h), newest first, each with a snippet whose matches are in
// bold (StyledText) and the ids to open the conversation at that message. Typing restarts a
// short delay so a search runs when the user pauses, and answers to older queries are dropped.
#pragma once

#include "history/conversation_store.h"

#include <QAbstractListModel>
#include <QPointer>
#include <QTimer>
#include <qqmlregistration.h>

class SearchModel : public QAbstractListModel {
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("Created by the app")
    Q_PROPERTY(QString query READ query WRITE setQuery NOTIFY queryChanged)
    Q_PROPERTY(
        int delay READ delay WRITE setDelay NOTIFY delayChanged) // ms after the last keystroke
    Q_PROPERTY(int limit READ limit WRITE setLimit NOTIFY limitChanged)
    Q_PROPERTY(bool searching READ isSearching NOTIFY searchingChanged)
    Q_PROPERTY(QString errorText READ errorText NOTIFY errorTextChanged)
public:
    enum Role {
        ConversationIdRole = Qt::UserRole + 1,
        MessageIdRole,
        ConversationTitleRole,
        MessageRoleRole, // an Author
        SnippetRole,     // StyledText with <b> around matches
        CreatedRole,
    };
    Q_ENUM(Role)
    // Who wrote a matching message (glm::history::MessageRole, for QML: SearchModel.User...).
    enum class Author { System, User, Assistant };
    Q_ENUM(Author)

    explicit SearchModel(QObject* parent = nullptr);

    glm::history::ConversationStore* store() const { return m_store; }
    void setStore(glm::history::ConversationStore* store);
    QString query() const { return m_query; }
    void setQuery(const QString& query);
    int delay() const { return m_delay.interval(); }
    void setDelay(int ms);
    int limit() const { return m_limit; }
    void setLimit(int limit);
    bool isSearching() const { return m_searching; }
    QString errorText() const { return m_errorText; }

    int rowCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role) const override;
    QHash<int, QByteArray> roleNames() const override;

    Q_INVOKABLE void clear();

signals:
    void storeChanged();
    void queryChanged();
    void delayChanged();
    void limitChanged();
    void searchingChanged();
    void errorTextChanged();

private:
    void run();
    void setResults(const QList<glm::history::SearchHit>& hits);
    void dropConversation(qint64 conversationId);
    void setSearching(bool searching);
    void setErrorText(const QString& text);

    QPointer<glm::history::ConversationStore> m_store;
    QList<glm::history::SearchHit> m_hits;
    QStringList m_snippets; // markup, made once per result
    QString m_query;
    QTimer m_delay;
    int m_limit = 100;
    int m_generation = 0;
    bool m_searching = false;
    QString m_errorText;
};
