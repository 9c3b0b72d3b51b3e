#include "history/store_worker.h"

#include "history/sql_support.h"

namespace glm::history {

namespace {
// Problems that say something about the store itself, not about one request.
bool isHealthProblem(const StoreError& error) {
    switch (error.kind) {
    case StoreErrorKind::Busy:
    case StoreErrorKind::DiskFull:
    case StoreErrorKind::ReadOnly:
    case StoreErrorKind::Corrupt:
    case StoreErrorKind::CannotOpen:
    case StoreErrorKind::Io:
        return true;
    default:
        return false;
    }
}
} // namespace

StoreWorker::StoreWorker(const StoreOptions& options) : m_options(options) {}

StoreWorker::~StoreWorker() = default;

void StoreWorker::open() {
    // Created here, on the worker thread, so its timer belongs to this thread.
    m_checkpointTimer = new QTimer(this);
    m_checkpointTimer->setSingleShot(true);
    m_checkpointTimer->setInterval(qMax(1, m_options.replyCheckpointMs));
    connect(m_checkpointTimer, &QTimer::timeout, this, &StoreWorker::writeCheckpoints);
    m_database = std::make_unique<ConversationDatabase>(m_options);
    emit opened(m_database->path(), m_database->isPersistent(), m_database->notice());
    publishNotice();
}

void StoreWorker::close() {
    if (!m_database) return;
    if (m_checkpointTimer) m_checkpointTimer->stop();
    writeCheckpoints();
    // The app is quitting while a reply streams: keep what was written, say it was cut off.
    sql::exec(
        m_database->connection(),
        QStringLiteral("UPDATE messages SET state = 'interrupted' WHERE state = 'streaming'"));
    m_database.reset();
    delete m_checkpointTimer;
    m_checkpointTimer = nullptr;
}

void StoreWorker::queueCheckpoint(qint64 messageId, const ReplyText& text) {
    m_pendingReplies.insert(messageId, text);
    if (m_checkpointTimer && !m_checkpointTimer->isActive()) m_checkpointTimer->start();
}

void StoreWorker::dropCheckpoint(qint64 messageId) {
    m_pendingReplies.remove(messageId);
    m_pendingFinishes.remove(messageId);
}

void StoreWorker::queueFinish(qint64 messageId, const ReplyText& text, MessageState state,
                              const GenerationStats& stats, const QString& error) {
    m_pendingReplies.remove(messageId);
    m_pendingFinishes.insert(messageId, {text, state, stats, error});
    if (m_checkpointTimer && !m_checkpointTimer->isActive()) m_checkpointTimer->start();
}

void StoreWorker::writeCheckpoints() {
    if (!m_database || (m_pendingReplies.isEmpty() && m_pendingFinishes.isEmpty())) return;
    QSqlDatabase& db = m_database->connection();
    StoreError error;
    {
        sql::Transaction transaction(db);
        error = transaction.beginError();
        for (auto it = m_pendingReplies.cbegin(); !error && it != m_pendingReplies.cend(); ++it) {
            const StoreError written = MessageTree(db).checkpoint(it.key(), it.value());
            // NotFound: the reply was finished or deleted meanwhile; nothing to keep.
            if (written.kind != StoreErrorKind::NotFound) error = written;
        }
        if (!error) error = transaction.commit();
    }
    if (!error) m_pendingReplies.clear();
    // Each end in its own transaction (finish() makes one).
    for (auto it = m_pendingFinishes.begin(); !error && it != m_pendingFinishes.end();) {
        const PendingFinish& f = it.value();
        const StoreError written =
            MessageTree(db).finish(it.key(), f.text, f.state, f.stats, f.error).error;
        if (written && written.kind != StoreErrorKind::NotFound &&
            written.kind != StoreErrorKind::InvalidInput)
            error = written;
        else
            it = m_pendingFinishes.erase(it);
    }
    noteWrite(error);
    if (error && m_checkpointTimer) {
        // Keep the text in memory and try again: the disk may have room again later.
        m_checkpointTimer->start();
    }
}

void StoreWorker::noteWrite(const StoreError& error) {
    if (!error) {
        setWriteProblem({});
        return;
    }
    noteRead(error);
}

void StoreWorker::noteRead(const StoreError& error) {
    if (!isHealthProblem(error)) return;
    if (error.kind == StoreErrorKind::Corrupt && m_database) m_database->requestIntegrityCheck();
    setWriteProblem(error.userText());
}

void StoreWorker::setWriteProblem(const QString& problem) {
    if (m_writeProblem == problem) return;
    m_writeProblem = problem;
    publishNotice();
}

void StoreWorker::publishNotice() {
    QString notice = m_database ? m_database->notice() : QString();
    if (!m_writeProblem.isEmpty())
        notice = notice.isEmpty() ? m_writeProblem : notice + QLatin1Char(' ') + m_writeProblem;
    if (notice == m_publishedNotice) return;
    m_publishedNotice = notice;
    emit noticeChanged(notice);
}

} // namespace glm::history
