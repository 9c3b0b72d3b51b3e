// The conversation on screen and what the user does with it: send, stop, regenerate, edit and
// resend, copy, new chat. It turns the messages into a generation request for the inference
// thread and streams the answer into the message list. It never waits: requests go out as
// queued messages and answers come back as signals.
#pragma once

#include "message_list_model.h"

#include <QObject>
#include <qqmlregistration.h>

namespace glm::app {
class InferenceService;
struct GenerationResult;
struct FailureAdvice;
} // namespace glm::app
class ModelController;

class ChatController : public QObject {
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("Created by the app")
    Q_PROPERTY(MessageListModel* messages READ messages CONSTANT)
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
                   QObject* parent = nullptr);

    MessageListModel* messages() { return &messages_; }
    bool isGenerating() const { return generating_; }
    bool canSend() const;
    bool canRegenerate() const;
    QString notice() const { return notice_; }
    bool hasStats() const { return hasStats_; }
    double tokensPerSecond() const { return tokensPerSecond_; }
    double timeToFirstTokenMs() const { return timeToFirstTokenMs_; }
    int generatedTokens() const { return generatedTokens_; }

    // Returns false (and says why in `notice`) when the message cannot be sent now.
    Q_INVOKABLE bool send(const QString& text);
    Q_INVOKABLE void stop();
    Q_INVOKABLE void regenerate();
    // Replaces the user message at `row` with `text` and answers it anew.
    Q_INVOKABLE bool editAndResend(int row, const QString& text);
    // Shows the previous (-1) or next (+1) version of the message at `row`.
    Q_INVOKABLE void switchBranch(int row, int delta);
    Q_INVOKABLE void newChat();
    Q_INVOKABLE void copyMessage(int row) const;
    Q_INVOKABLE void copyText(const QString& text) const;
    Q_INVOKABLE void dismissNotice();

signals:
    void generatingChanged();
    void canSendChanged();
    void noticeChanged();
    void statsChanged();
    // A reply ended (complete, stopped or failed).
    void replyEnded(bool complete);

private:
    void startReply();
    void onTokens(quint64 requestId, const QString& text);
    void onFinished(const glm::app::GenerationResult& result);
    void onFailed(quint64 requestId, const glm::app::FailureAdvice& advice);
    void onHistoryTrimmed(quint64 requestId, int droppedRounds);
    void setGenerating(bool generating);
    void setNotice(const QString& notice);
    MessageItem newReply() const;

    glm::app::InferenceService* service_;
    ModelController* model_;
    MessageListModel messages_;
    bool generating_ = false;
    quint64 request_ = 0;
    int replyRow_ = -1;
    qint64 nextId_ = 1;
    QString notice_;
    bool hasStats_ = false;
    double tokensPerSecond_ = 0;
    double timeToFirstTokenMs_ = 0;
    int generatedTokens_ = 0;
};
