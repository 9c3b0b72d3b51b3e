// The conversation history as the app uses it: one object on the UI thread whose every call
// returns at once. Threading choice: all SQLite work runs on a worker thread that owns the
// database (StoreWorker); calls are posted to it in order and results come back to the
// caller's thread through callbacks, so the UI thread never waits on the disk. Calls run one
// after another in the order they were made, so a read made after a write sees the write.
//
// Callbacks run on the thread that owns the store (the UI thread) and are dropped when their
// `context` object is destroyed first. Change signals (conversationChanged, ...) are emitted
// for every successful write, whoever made it, so several views stay in step.
//
// Durability (what the chat controller relies on):
//   addUserMessage     committed before its callback runs: start generating only then
//   beginAssistantReply an assistant message in state Streaming, the new current leaf
//   updateReply        call as often as you like with the whole text so far; the store
//                      writes it at least every StoreOptions::replyCheckpointMs (500 ms)
//   finishReply        final text, state (Complete/Interrupted/Error) and stats, written at
//                      once; later checkpoints of that reply are ignored
// A reply left Streaming by a crash is marked Interrupted the next time the store opens, with
// the text of its last checkpoint (at most ~0.5 s lost). Quitting writes pending checkpoints.
//
// Problems (damaged file, newer version, read-only folder, full disk, lock) never stop the
// store from opening: `notice` says what happened and what to do; see store_opener.h.
#pragma once

#include "history/conversation_export.h"
#include "history/conversation_import.h"
#include "history/conversation_types.h"
#include "history/store_error.h"
#include "history/store_options.h"

#include <QObject>
#include <QPointer>
#include <QThread>
#include <functional>

namespace glm::history {

class StoreWorker;

class ConversationStore : public QObject {
    Q_OBJECT
    Q_PROPERTY(bool ready READ isReady NOTIFY readyChanged)
    Q_PROPERTY(bool persistent READ isPersistent NOTIFY readyChanged)
    Q_PROPERTY(QString databasePath READ databasePath NOTIFY readyChanged)
    Q_PROPERTY(QString notice READ notice NOTIFY noticeChanged)
public:
    template <typename T> using Done = std::function<void(const StoreResult<T>&)>;
    using DoneStatus = std::function<void(const StoreError&)>;

    explicit ConversationStore(const StoreOptions& options, QObject* parent = nullptr);
    // Writes pending checkpoints and closes the database; waits for the worker (at quit).
    ~ConversationStore() override;

    bool isReady() const { return m_ready; }
    bool isPersistent() const { return m_persistent; }
    QString databasePath() const { return m_databasePath; }
    QString notice() const { return m_notice; }
    Q_INVOKABLE void dismissNotice();

    // Conversations
    void listConversations(const ConversationSortKey& after, int limit, QObject* context,
                           Done<QList<Conversation>> done);
    void conversation(qint64 id, QObject* context, Done<Conversation> done);
    void createConversation(const QString& model, const QJsonObject& settings, QObject* context,
                            Done<Conversation> done);
    void renameConversation(qint64 id, const QString& title, QObject* context = nullptr,
                            Done<Conversation> done = {});
    void setPinned(qint64 id, bool pinned, QObject* context = nullptr,
                   Done<Conversation> done = {});
    void setConversationModel(qint64 id, const QString& model, QObject* context = nullptr,
                              Done<Conversation> done = {});
    void setConversationSettings(qint64 id, const QJsonObject& settings, QObject* context = nullptr,
                                 Done<Conversation> done = {});
    // To the trash (restorable for StoreOptions::trashRetentionDays), back, or gone for good.
    void trashConversation(qint64 id, QObject* context = nullptr, DoneStatus done = {});
    void restoreConversation(qint64 id, QObject* context = nullptr, Done<Conversation> done = {});
    void purgeConversation(qint64 id, QObject* context = nullptr, DoneStatus done = {});

    // Messages (parentId 0: a new root)
    void loadThread(qint64 conversationId, QObject* context, Done<ConversationThread> done);
    // Makes the branch through messageId current and returns it: the "<" ">" sibling switch,
    // and how a search hit opens its conversation at the message (on whatever branch it is).
    void switchBranch(qint64 conversationId, qint64 messageId, QObject* context,
                      Done<ConversationThread> done);
    void addMessage(qint64 conversationId, qint64 parentId, MessageRole role, const QString& text,
                    QObject* context, Done<Message> done);
    void addUserMessage(qint64 conversationId, qint64 parentId, const QString& text,
                        QObject* context, Done<Message> done);
    void beginAssistantReply(qint64 conversationId, qint64 parentId, const QString& model,
                             QObject* context, Done<Message> done);
    // `text` may be a plain QString: an answer without thinking.
    void updateReply(qint64 messageId, const ReplyText& text);
    void finishReply(qint64 messageId, const ReplyText& text, MessageState state,
                     const GenerationStats& stats, const QString& error = {},
                     QObject* context = nullptr, Done<Message> done = {});

    // Search, export, import
    void search(const QString& query, int limit, QObject* context, Done<QList<SearchHit>> done);
    // ids empty: every live conversation. Written with QSaveFile (all or nothing).
    void exportToFile(const QList<qint64>& ids, ExportFormat format, const QString& filePath,
                      QObject* context, DoneStatus done);
    void importFromFile(const QString& filePath, QObject* context, Done<ImportReport> done);

    // Blocks until every call made so far has run. For quitting and tests, not for the UI.
    void waitForIdle();

signals:
    void readyChanged();
    void noticeChanged();
    void conversationChanged(const glm::history::Conversation& conversation); // created or changed
    void conversationRemoved(qint64 conversationId);                          // trashed or purged
    void messageChanged(const glm::history::Message& message);                // added or finished
    void historyReset(); // many conversations changed at once (import): reload

private:
    template <typename R, typename Job, typename Done>
    void post(QObject* context, Job job, Done done);
    template <typename Job>
    void writeConversation(QObject* context, Done<Conversation> done, Job job);
    // Trash and purge: `job` removes conversation `id` from the list; conversationRemoved follows.
    template <typename Job>
    void removeConversation(qint64 id, QObject* context, DoneStatus done, Job job);
    void onOpened(const QString& path, bool persistent, const QString& notice);

    QThread m_thread;
    StoreWorker* m_worker = nullptr;
    bool m_ready = false;
    bool m_persistent = false;
    QString m_databasePath;
    QString m_notice;
};

} // namespace glm::history
