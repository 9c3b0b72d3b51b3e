// The half of ConversationStore that lives on its worker thread: owns the database, runs the
// jobs the UI thread posts, checkpoints growing replies on a timer and keeps the notice that
// tells the user about a problem with the history. Only ConversationStore talks to it.
#pragma once

#include "history/conversation_database.h"
#include "history/conversation_table.h"
#include "history/message_search.h"
#include "history/message_tree.h"

#include <QHash>
#include <QObject>
#include <QTimer>
#include <memory>

namespace glm::history {

class StoreWorker : public QObject {
    Q_OBJECT
public:
    explicit StoreWorker(const StoreOptions& options);
    ~StoreWorker() override;

    // Opens (and if need be repairs) the database. Worker thread.
    void open();
    // Writes every pending checkpoint, marks replies still streaming as interrupted, closes.
    void close();

    ConversationDatabase* database() { return m_database.get(); }
    ConversationTable conversations() { return ConversationTable(m_database->connection()); }
    MessageTree messages() { return MessageTree(m_database->connection()); }
    MessageSearch search() { return MessageSearch(m_database->connection()); }

    // Streaming replies: the newest text wins; it reaches the disk within replyCheckpointMs.
    void queueCheckpoint(qint64 messageId, const ReplyText& text);
    void dropCheckpoint(qint64 messageId);
    // A reply's end that could not be written (disk full): its final text and state are kept
    // and written with the next checkpoints that fit, so it does not stay Streaming.
    void queueFinish(qint64 messageId, const ReplyText& text, MessageState state,
                     const GenerationStats& stats, const QString& error);
    void writeCheckpoints();

    // Every job reports how its database work went, so the notice follows the store's health:
    // a failed write sets it, the next successful write clears it.
    void noteWrite(const StoreError& error);
    void noteRead(const StoreError& error);

signals:
    void opened(const QString& path, bool persistent, const QString& notice);
    void noticeChanged(const QString& notice);

private:
    void setWriteProblem(const QString& problem);
    void publishNotice();

    StoreOptions m_options;
    std::unique_ptr<ConversationDatabase> m_database;
    struct PendingFinish {
        ReplyText text;
        MessageState state = MessageState::Complete;
        GenerationStats stats;
        QString error;
    };
    QHash<qint64, ReplyText> m_pendingReplies;
    QHash<qint64, PendingFinish> m_pendingFinishes;
    QTimer* m_checkpointTimer = nullptr;
    QString m_writeProblem;
    QString m_publishedNotice;
};

} // namespace glm::history
