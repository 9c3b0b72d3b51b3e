// The sidebar: live conversations, pinned first, then by last activity, grouped under
// headings (the `section` role). Pages are read from the store as the view scrolls
// (canFetchMore/fetchMore), so 10,000 conversations open as fast as 50. The model follows the
// store's change signals, so renames, new messages and deletions from anywhere show up.
//
// Deleting moves a conversation to the trash and can be undone (undoRemove) for as long as
// the trash keeps it (StoreOptions::trashRetentionDays).
//
// The app's composition root (ChatApp) makes it with the app's one ConversationStore and hands it
// to the sidebar; QML never creates one or sees the store.
#pragma once

#include "history/conversation_store.h"

#include <QAbstractListModel>
#include <QDate>
#include <QPointer>
#include <QTimer>
#include <QUrl>
#include <qqmlregistration.h>

class ConversationListModel : public QAbstractListModel {
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("Created by the app")
    Q_PROPERTY(int pageSize READ pageSize WRITE setPageSize NOTIFY pageSizeChanged)
    Q_PROPERTY(bool loading READ isLoading NOTIFY loadingChanged)
    Q_PROPERTY(bool canUndoRemove READ canUndoRemove NOTIFY undoChanged)
    Q_PROPERTY(QString lastRemovedTitle READ lastRemovedTitle NOTIFY undoChanged)
    Q_PROPERTY(QString errorText READ errorText NOTIFY errorTextChanged)
    // The store's notice (damaged file, full disk...), for views that show it.
    Q_PROPERTY(QString storeNotice READ storeNotice NOTIFY storeNoticeChanged)
    // The conversation the chat view shows: its row has isCurrent set. (double: QML has no
    // 64-bit integer; row ids stay far below 2^53.)
    Q_PROPERTY(double currentConversationId READ currentConversationIdForQml WRITE
                   setCurrentConversationIdForQml NOTIFY currentConversationIdChanged)
    // The day the headings are relative to; follows the clock (tests may set it).
    Q_PROPERTY(QDate today READ today WRITE setToday NOTIFY todayChanged)
public:
    enum Role {
        ConversationIdRole = Qt::UserRole + 1,
        TitleRole,
        ModelRole,
        CreatedRole,
        UpdatedRole,
        PinnedRole,
        SectionRole,
        IsCurrentRole,
        WhenRole, // short local time for today, short date before
    };
    Q_ENUM(Role)

    explicit ConversationListModel(QObject* parent = nullptr);

    glm::history::ConversationStore* store() const { return m_store; }
    void setStore(glm::history::ConversationStore* store);
    int pageSize() const { return m_pageSize; }
    void setPageSize(int size);
    bool isLoading() const { return m_fetching; }
    bool canUndoRemove() const { return !m_removed.isEmpty(); }
    QString lastRemovedTitle() const {
        return m_removed.isEmpty() ? QString() : m_removed.last().second;
    }
    QString errorText() const { return m_errorText; }
    QString storeNotice() const { return m_store ? m_store->notice() : QString(); }
    qint64 currentConversationId() const { return m_currentId; }
    void setCurrentConversationId(qint64 id);
    double currentConversationIdForQml() const { return double(m_currentId); }
    void setCurrentConversationIdForQml(double id) { setCurrentConversationId(qint64(id)); }
    QDate today() const { return m_today; }
    void setToday(const QDate& today);

    int rowCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role) const override;
    QHash<int, QByteArray> roleNames() const override;
    bool canFetchMore(const QModelIndex& parent) const override;
    void fetchMore(const QModelIndex& parent) override;

    Q_INVOKABLE int rowOf(qint64 conversationId) const;
    Q_INVOKABLE void rename(qint64 conversationId, const QString& title);
    Q_INVOKABLE void setPinned(qint64 conversationId, bool pinned);
    Q_INVOKABLE void remove(qint64 conversationId);
    Q_INVOKABLE void undoRemove();
    Q_INVOKABLE void reload();
    Q_INVOKABLE void dismissStoreNotice();
    Q_INVOKABLE void clearErrorText() { setErrorText({}); }
    // format: "markdown" or "json"; no ids: every conversation.
    Q_INVOKABLE void exportToFile(const QVariantList& conversationIds, const QUrl& file,
                                  const QString& format);
    Q_INVOKABLE void importFromFile(const QUrl& file);
    // A file name to offer when a conversation is exported: its title, made safe for every
    // file system ("chat" when it has none or is not listed).
    Q_INVOKABLE QString suggestedExportName(qint64 conversationId, const QString& format) const;

signals:
    void storeChanged();
    void pageSizeChanged();
    void loadingChanged();
    void undoChanged();
    void errorTextChanged();
    void storeNoticeChanged();
    void todayChanged();
    void currentConversationIdChanged();
    void exportFinished(bool ok, const QString& message);
    void importFinished(bool ok, const QString& message);

protected:
    // The application's language changes (LanguageChange on the application object): the
    // headings and times are read again in place, without a reset, so the rows, the scroll
    // position and an open rename editor stay.
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    void refreshTexts();
    void upsert(const glm::history::Conversation& conversation);
    void dropRow(qint64 conversationId);
    void onPage(int generation,
                const glm::history::StoreResult<QList<glm::history::Conversation>>& page);
    bool belongs(const glm::history::Conversation& conversation) const;
    int insertionRow(const glm::history::ConversationSortKey& key, int skipRow = -1) const;
    void setErrorText(const QString& text);
    void setFetching(bool fetching);
    void scheduleMidnight();

    QPointer<glm::history::ConversationStore> m_store;
    QList<glm::history::Conversation> m_rows;
    glm::history::ConversationSortKey m_cursor; // the last key read from the store
    bool m_exhausted = false;
    bool m_fetching = false;
    bool m_failed = false;
    int m_generation = 0; // pages of an earlier generation (before reload) are ignored
    int m_pageSize = 50;
    QList<QPair<qint64, QString>> m_removed; // undo stack: id and title
    QString m_errorText;
    qint64 m_currentId = -1;
    QDate m_today;
    bool m_todayFollowsClock = true;
    QTimer m_midnight;
    bool m_refreshQueued = false;
};
