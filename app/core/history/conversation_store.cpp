#include "history/conversation_store.h"

#include "history/store_worker.h"

#include <QDateTime>
#include <QFile>
#include <QSaveFile>
#include <QSet>

namespace glm::history {

ConversationStore::ConversationStore(const StoreOptions& options, QObject* parent)
    : QObject(parent), m_worker(new StoreWorker(options)) {
    m_thread.setObjectName(QStringLiteral("conversation-store"));
    m_worker->moveToThread(&m_thread);
    connect(m_worker, &StoreWorker::opened, this, &ConversationStore::onOpened);
    connect(m_worker, &StoreWorker::noticeChanged, this, [this](const QString& notice) {
        if (m_notice == notice) return;
        m_notice = notice;
        emit noticeChanged();
    });
    m_thread.start();
    QMetaObject::invokeMethod(
        m_worker, [worker = m_worker] { worker->open(); }, Qt::QueuedConnection);
}

ConversationStore::~ConversationStore() {
    QMetaObject::invokeMethod(
        m_worker, [worker = m_worker] { worker->close(); }, Qt::BlockingQueuedConnection);
    m_thread.quit();
    m_thread.wait();
    delete m_worker; // its thread has ended, so deleting it from here is safe
}

void ConversationStore::onOpened(const QString& path, bool persistent, const QString& notice) {
    m_ready = true;
    m_persistent = persistent;
    m_databasePath = path;
    emit readyChanged();
    if (m_notice != notice) {
        m_notice = notice;
        emit noticeChanged();
    }
}

void ConversationStore::dismissNotice() {
    if (m_notice.isEmpty()) return;
    m_notice.clear();
    emit noticeChanged();
}

void ConversationStore::waitForIdle() {
    QMetaObject::invokeMethod(
        m_worker, [] {}, Qt::BlockingQueuedConnection);
}

// Runs job(worker) on the worker thread, then then(result, contextAlive) on this thread.
template <typename R, typename Job, typename Then>
void ConversationStore::post(QObject* context, Job job, Then then) {
    const QPointer<QObject> guard(context);
    const bool guarded = context != nullptr;
    StoreWorker* worker = m_worker;
    QMetaObject::invokeMethod(
        worker,
        [this, worker, job, then, guard, guarded] {
            const R result = job(*worker);
            QMetaObject::invokeMethod(
                this, [result, then, guard, guarded] { then(result, !guarded || !guard.isNull()); },
                Qt::QueuedConnection);
        },
        Qt::QueuedConnection);
}

namespace {
template <typename T> auto deliver(const ConversationStore::Done<T>& done) {
    return [done](const StoreResult<T>& result, bool alive) {
        if (done && alive) done(result);
    };
}
} // namespace

void ConversationStore::listConversations(const ConversationSortKey& after, int limit,
                                          QObject* context, Done<QList<Conversation>> done) {
    post<StoreResult<QList<Conversation>>>(
        context,
        [after, limit](StoreWorker& w) {
            auto result = w.conversations().page(after, limit);
            w.noteRead(result.error);
            return result;
        },
        deliver(done));
}

void ConversationStore::conversation(qint64 id, QObject* context, Done<Conversation> done) {
    post<StoreResult<Conversation>>(
        context,
        [id](StoreWorker& w) {
            auto result = w.conversations().get(id);
            w.noteRead(result.error);
            return result;
        },
        deliver(done));
}

// Writes that change one conversation all report the same way.
template <typename Job>
void ConversationStore::writeConversation(QObject* context, Done<Conversation> done, Job job) {
    post<StoreResult<Conversation>>(
        context,
        [job](StoreWorker& w) {
            StoreResult<Conversation> result = job(w.conversations());
            w.noteWrite(result.error);
            return result;
        },
        [this, done](const StoreResult<Conversation>& result, bool alive) {
            if (result.ok()) emit conversationChanged(result.value);
            if (done && alive) done(result);
        });
}

void ConversationStore::createConversation(const QString& model, const QJsonObject& settings,
                                           QObject* context, Done<Conversation> done) {
    writeConversation(context, std::move(done),
                      [=](ConversationTable table) { return table.create(model, settings); });
}

void ConversationStore::renameConversation(qint64 id, const QString& title, QObject* context,
                                           Done<Conversation> done) {
    writeConversation(context, std::move(done),
                      [=](ConversationTable table) { return table.rename(id, title); });
}

void ConversationStore::setPinned(qint64 id, bool pinned, QObject* context,
                                  Done<Conversation> done) {
    writeConversation(context, std::move(done),
                      [=](ConversationTable table) { return table.setPinned(id, pinned); });
}

void ConversationStore::setConversationModel(qint64 id, const QString& model, QObject* context,
                                             Done<Conversation> done) {
    writeConversation(context, std::move(done),
                      [=](ConversationTable table) { return table.setModel(id, model); });
}

void ConversationStore::setConversationSettings(qint64 id, const QJsonObject& settings,
                                                QObject* context, Done<Conversation> done) {
    writeConversation(context, std::move(done),
                      [=](ConversationTable table) { return table.setSettings(id, settings); });
}

void ConversationStore::restoreConversation(qint64 id, QObject* context, Done<Conversation> done) {
    writeConversation(context, std::move(done),
                      [=](ConversationTable table) { return table.restore(id); });
}

template <typename Job>
void ConversationStore::removeConversation(qint64 id, QObject* context, DoneStatus done, Job job) {
    post<StoreError>(
        context,
        [job](StoreWorker& w) {
            const StoreError error = job(w.conversations());
            w.noteWrite(error);
            return error;
        },
        [this, id, done](const StoreError& error, bool alive) {
            if (!error) emit conversationRemoved(id);
            if (done && alive) done(error);
        });
}

void ConversationStore::trashConversation(qint64 id, QObject* context, DoneStatus done) {
    removeConversation(id, context, std::move(done),
                       [id](ConversationTable table) { return table.trash(id); });
}

void ConversationStore::purgeConversation(qint64 id, QObject* context, DoneStatus done) {
    removeConversation(id, context, std::move(done),
                       [id](ConversationTable table) { return table.purge(id); });
}

void ConversationStore::loadThread(qint64 conversationId, QObject* context,
                                   Done<ConversationThread> done) {
    post<StoreResult<ConversationThread>>(
        context,
        [conversationId](StoreWorker& w) {
            auto result = w.messages().thread(conversationId);
            w.noteRead(result.error);
            return result;
        },
        deliver(done));
}

void ConversationStore::switchBranch(qint64 conversationId, qint64 messageId, QObject* context,
                                     Done<ConversationThread> done) {
    post<StoreResult<ConversationThread>>(
        context,
        [conversationId, messageId](StoreWorker& w) {
            auto result = w.messages().switchBranch(conversationId, messageId);
            w.noteWrite(result.error);
            return result;
        },
        deliver(done));
}

void ConversationStore::addMessage(qint64 conversationId, qint64 parentId, MessageRole role,
                                   const QString& text, QObject* context, Done<Message> done) {
    const MessageState state = MessageState::Complete;
    post<StoreResult<MessageTree::Written>>(
        context,
        [=](StoreWorker& w) {
            auto result = w.messages().add(conversationId, parentId, role, text, state);
            w.noteWrite(result.error);
            return result;
        },
        [this, done](const StoreResult<MessageTree::Written>& result, bool alive) {
            if (result.ok()) {
                emit conversationChanged(result.value.conversation);
                emit messageChanged(result.value.message);
            }
            if (done && alive) done({result.value.message, result.error});
        });
}

void ConversationStore::addUserMessage(qint64 conversationId, qint64 parentId, const QString& text,
                                       QObject* context, Done<Message> done) {
    addMessage(conversationId, parentId, MessageRole::User, text, context, std::move(done));
}

void ConversationStore::beginAssistantReply(qint64 conversationId, qint64 parentId,
                                            const QString& model, QObject* context,
                                            Done<Message> done) {
    post<StoreResult<MessageTree::Written>>(
        context,
        [=](StoreWorker& w) {
            auto result = w.messages().add(conversationId, parentId, MessageRole::Assistant,
                                           QString(), MessageState::Streaming, model);
            w.noteWrite(result.error);
            return result;
        },
        [this, done](const StoreResult<MessageTree::Written>& result, bool alive) {
            if (result.ok()) {
                emit conversationChanged(result.value.conversation);
                emit messageChanged(result.value.message);
            }
            if (done && alive) done({result.value.message, result.error});
        });
}

void ConversationStore::updateReply(qint64 messageId, const ReplyText& text) {
    QMetaObject::invokeMethod(
        m_worker,
        [worker = m_worker, messageId, text] { worker->queueCheckpoint(messageId, text); },
        Qt::QueuedConnection);
}

void ConversationStore::finishReply(qint64 messageId, const ReplyText& text, MessageState state,
                                    const GenerationStats& stats, const QString& error,
                                    QObject* context, Done<Message> done) {
    post<StoreResult<MessageTree::Written>>(
        context,
        [=](StoreWorker& w) {
            w.dropCheckpoint(messageId);
            auto result = w.messages().finish(messageId, text, state, stats, error);
            w.noteWrite(result.error);
            // Could not write (disk full...): keep the end of the reply, retried with the
            // checkpoints until it fits, so neither its text nor its final state is lost.
            if (!result.ok() && result.error.kind != StoreErrorKind::NotFound &&
                result.error.kind != StoreErrorKind::InvalidInput)
                w.queueFinish(messageId, text, state, stats, error);
            return result;
        },
        [this, done](const StoreResult<MessageTree::Written>& result, bool alive) {
            if (result.ok()) {
                emit conversationChanged(result.value.conversation);
                emit messageChanged(result.value.message);
            }
            if (done && alive) done({result.value.message, result.error});
        });
}

void ConversationStore::search(const QString& query, int limit, QObject* context,
                               Done<QList<SearchHit>> done) {
    post<StoreResult<QList<SearchHit>>>(
        context,
        [query, limit](StoreWorker& w) {
            auto result = w.search().search(query, limit);
            // Chats found by their title alone come first (a renamed chat, a word that is in
            // no message); a title made from a matching message adds nothing to that message.
            auto titles = w.search().searchTitles(query, limit);
            if (result.ok() && !titles.ok()) result = titles;
            if (result.ok()) {
                QSet<qint64> found;
                for (const SearchHit& hit : result.value) found.insert(hit.conversationId);
                titles.value.removeIf(
                    [&](const SearchHit& hit) { return found.contains(hit.conversationId); });
                result.value = titles.value + result.value;
                if (result.value.size() > limit) result.value.resize(std::max(1, limit));
            }
            w.noteRead(result.error);
            return result;
        },
        deliver(done));
}

void ConversationStore::exportToFile(const QList<qint64>& ids, ExportFormat format,
                                     const QString& filePath, QObject* context, DoneStatus done) {
    post<StoreError>(
        context,
        [ids, format, filePath](StoreWorker& w) -> StoreError {
            QList<qint64> wanted = ids;
            if (wanted.isEmpty()) {
                auto live = w.conversations().liveIds();
                if (!live.ok()) return live.error;
                wanted = live.value;
            }
            QList<ConversationRecord> records;
            for (qint64 id : wanted) {
                auto conversation = w.conversations().get(id);
                if (conversation.error.kind == StoreErrorKind::NotFound) continue;
                if (!conversation.ok()) return conversation.error;
                auto messages = w.messages().all(id);
                if (!messages.ok()) return messages.error;
                records.append({conversation.value, messages.value});
            }
            const QByteArray bytes = format == ExportFormat::Json
                                         ? exportJson(records, QDateTime::currentMSecsSinceEpoch(),
                                                      QStringLiteral(GLM_APP_VERSION))
                                         : exportMarkdown(records).toUtf8();
            QSaveFile file(filePath);
            if (!file.open(QIODevice::WriteOnly) || file.write(bytes) != bytes.size() ||
                !file.commit())
                return StoreError::make(StoreErrorKind::Io,
                                        QStringLiteral("%1: %2").arg(filePath, file.errorString()));
            return {};
        },
        [done](const StoreError& error, bool alive) {
            if (done && alive) done(error);
        });
}

void ConversationStore::importFromFile(const QString& filePath, QObject* context,
                                       Done<ImportReport> done) {
    post<StoreResult<ImportReport>>(
        context,
        [filePath](StoreWorker& w) -> StoreResult<ImportReport> {
            using R = StoreResult<ImportReport>;
            QFile file(filePath);
            if (!file.open(QIODevice::ReadOnly))
                return R::failure(
                    StoreError::make(StoreErrorKind::CannotOpen,
                                     QStringLiteral("%1: %2").arg(filePath, file.errorString())));
            if (file.size() > kMaxArchiveBytes)
                return R::failure(
                    StoreError::make(StoreErrorKind::InvalidInput,
                                     QStringLiteral("%1 is larger than 1 GiB").arg(filePath)));
            auto archive = parseJsonArchive(file.readAll());
            if (!archive.ok()) return R::failure(archive.error);
            auto report = importRecords(w.database()->connection(), archive.value);
            w.noteWrite(report.error);
            return report;
        },
        [this, done](const StoreResult<ImportReport>& result, bool alive) {
            if (result.ok() && result.value.imported > 0) emit historyReset();
            if (done && alive) done(result);
        });
}

} // namespace glm::history
