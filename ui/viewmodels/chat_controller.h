// The conversation on screen and what the user does with it: send, stop, regenerate, edit and
// resend, switch between versions, open a conversation or a search hit, copy, new chat.
//
// One chat turn (docs/design.md): the question is committed to the ConversationStore before
// anything else happens, then an empty reply (state Streaming) is added and the conversation
// goes to the inference thread as a generation request. Pieces of the reply stream into the
// message list and, throttled by the store, to disk; at the end the final text, state
// (complete, interrupted, error) and numbers are written. Nothing here waits: store calls and
// generation requests return at once and answer through callbacks and signals.
#pragma once

#include "inference/thinking_parser.h"
#include "viewmodels/message_list_model.h"
#include "viewmodels/translated_notice.h"

#include <QElapsedTimer>
#include <QObject>
#include <qqmlregistration.h>

namespace glm::app {
class InferenceService;
struct GenerationResult;
struct FailureAdvice;
} // namespace glm::app
namespace glm::history {
class ConversationStore;
struct ReplyText;
struct ConversationThread;
struct StoreError;
} // namespace glm::history
class ModelController;

class ChatController : public QObject {
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("Created by the app")
    Q_PROPERTY(MessageListModel* messages READ messages CONSTANT)
    // The conversation shown (0: a new chat not yet saved). A double for QML, like the ids of
    // the conversation list.
    Q_PROPERTY(double conversationId READ conversationIdForQml NOTIFY conversationChanged)
    Q_PROPERTY(bool generating READ isGenerating NOTIFY generatingChanged)
    Q_PROPERTY(bool canSend READ canSend NOTIFY canSendChanged)
    Q_PROPERTY(bool canRegenerate READ canRegenerate NOTIFY canSendChanged)
    Q_PROPERTY(QString notice READ notice NOTIFY noticeChanged)
    Q_PROPERTY(bool hasStats READ hasStats NOTIFY statsChanged)
    Q_PROPERTY(double tokensPerSecond READ tokensPerSecond NOTIFY statsChanged)
    Q_PROPERTY(double timeToFirstTokenMs READ timeToFirstTokenMs NOTIFY statsChanged)
    Q_PROPERTY(int generatedTokens READ generatedTokens NOTIFY statsChanged)
public:
    ChatController(glm::app::InferenceService* service, ModelController* model,
                   glm::history::ConversationStore* store, QObject* parent = nullptr);

    MessageListModel* messages() { return &messages_; }
    qint64 conversationId() const { return conversationId_; }
    double conversationIdForQml() const { return double(conversationId_); }
    bool isGenerating() const { return busy_ || reply_.request != 0; }
    bool canSend() const;
    bool canRegenerate() const;
    QString notice() const { return notice_.text(); }
    bool hasStats() const { return hasStats_; }
    double tokensPerSecond() const { return tokensPerSecond_; }
    double timeToFirstTokenMs() const { return timeToFirstTokenMs_; }
    int generatedTokens() const { return generatedTokens_; }

    // Returns false (and says why in `notice`) when the message cannot be sent now.
    Q_INVOKABLE bool send(const QString& text);
    Q_INVOKABLE void stop();
    Q_INVOKABLE void regenerate();
    // Sends `text` as a new version of the question at `row` (the old one stays a version).
    Q_INVOKABLE bool editAndResend(int row, const QString& text);
    // Shows the previous (-1) or next (+1) version of the message at `row`.
    Q_INVOKABLE void switchBranch(int row, int delta);
    Q_INVOKABLE void newChat();
    Q_INVOKABLE void openConversation(double conversationId);
    // At start: the conversation shown when the app last quit; nothing happens when it is gone.
    void restoreConversation(qint64 conversationId);
    // Opens a conversation on the branch of a search hit and shows that message.
    Q_INVOKABLE void openSearchResult(double conversationId, double messageId);
    Q_INVOKABLE void copyMessage(int row) const;
    Q_INVOKABLE void copyText(const QString& text) const;
    Q_INVOKABLE void dismissNotice();

    // At quit: a reply still being generated is saved as interrupted.
    void shutDown();

signals:
    void conversationChanged();
    void generatingChanged();
    void canSendChanged();
    void noticeChanged();
    void statsChanged();
    // A reply ended (complete, stopped or failed).
    void replyEnded(bool complete);
    // The view should bring this row into sight (a search hit).
    void revealRequested(int row);
    // A question that send() took could not be stored (disk full...): it is given back so the
    // composer can hold it again instead of losing it.
    void questionNotSent(const QString& text);

private:
    // The reply being generated. It is finished in the store even when the view has moved on.
    struct Reply {
        quint64 request = 0;
        qint64 messageId = 0;
        qint64 conversationId = 0;
        int row = -1; // its row in the view while the conversation is shown
        QString text; // as the model wrote it, thinking included
        // A reasoning model's reply: its thinking split from the answer as it streams, and how
        // long the thinking took (from its first piece to "</think>").
        glm::app::ThinkingParser thinking;
        QElapsedTimer thinkingClock;
        qint64 thinkingMs = -1;
    };
    // The reply's text as the store keeps it, from `raw` (the whole reply, or what came of it).
    glm::history::ReplyText replyText(const QString& raw) const;

    void withConversation(const std::function<void(qint64)>& then);
    void addQuestion(qint64 conversationId, qint64 parentId, const QString& text, int replaceRow);
    void beginReply(qint64 conversationId, qint64 parentId, QList<qint64> siblings, int replaceRow);
    void startGeneration();
    void showThread(const glm::history::ConversationThread& thread);
    void storeFailed(const glm::history::StoreError& error);
    void setStats(bool has, double tokensPerSecond, double timeToFirstTokenMs, int generatedTokens);
    QString unsentQuestion_; // taken by send(), until the store has it
    int replyRow();
    void onTokens(quint64 requestId, const QString& text);
    void onFinished(const glm::app::GenerationResult& result);
    void onFailed(quint64 requestId, const glm::app::FailureAdvice& advice);
    void onHistoryTrimmed(quint64 requestId, int droppedRounds);
    void setBusy(bool busy);
    void setConversation(qint64 id);

    glm::app::InferenceService* service_;
    ModelController* model_;
    glm::history::ConversationStore* store_;
    MessageListModel messages_;
    qint64 conversationId_ = 0;
    bool busy_ = false; // a store step of a send, regenerate or edit is under way
    bool stopRequested_ = false;
    Reply reply_;
    TranslatedNotice notice_;
    bool hasStats_ = false;
    double tokensPerSecond_ = 0;
    double timeToFirstTokenMs_ = 0;
    int generatedTokens_ = 0;
};
