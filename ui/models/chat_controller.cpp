#include "chat_controller.h"

#include "inference_service.h"
#include "model_controller.h"

#include <QClipboard>
#include <QGuiApplication>

using glm::app::ChatTurn;
using glm::app::FailureAdvice;
using glm::app::GenerationRequest;
using glm::app::GenerationResult;
using glm::app::GenerationStop;

ChatController::ChatController(glm::app::InferenceService* service, ModelController* model,
                               QObject* parent)
    : QObject(parent), service_(service), model_(model) {
    connect(service_, &glm::app::InferenceService::tokens, this, &ChatController::onTokens);
    connect(service_, &glm::app::InferenceService::finished, this, &ChatController::onFinished);
    connect(service_, &glm::app::InferenceService::generationFailed, this,
            &ChatController::onFailed);
    connect(service_, &glm::app::InferenceService::historyTrimmed, this,
            &ChatController::onHistoryTrimmed);
    connect(model_, &ModelController::statusChanged, this, &ChatController::canSendChanged);
}

bool ChatController::canSend() const {
    return !generating_ && model_->isReady();
}

bool ChatController::canRegenerate() const {
    return canSend() && messages_.count() > 0 &&
           messages_.at(messages_.count() - 1).role == MessageItem::Role::Assistant;
}

MessageItem ChatController::newReply() const {
    MessageItem reply;
    reply.role = MessageItem::Role::Assistant;
    reply.state = MessageItem::State::Streaming;
    reply.modelName = model_->modelName();
    return reply;
}

bool ChatController::send(const QString& text) {
    const QString message = text.trimmed();
    if (message.isEmpty()) return false;
    if (generating_) return false;
    if (!model_->isReady()) {
        setNotice(tr("Load a model before sending a message."));
        return false;
    }
    MessageItem user;
    user.id = nextId_++;
    user.role = MessageItem::Role::User;
    user.text = message;
    messages_.append(user);
    MessageItem reply = newReply();
    reply.id = nextId_++;
    messages_.append(reply);
    startReply();
    return true;
}

void ChatController::startReply() {
    replyRow_ = messages_.count() - 1;
    GenerationRequest request;
    for (int row = 0; row < replyRow_; ++row) {
        const MessageItem& m = messages_.at(row);
        request.turns.append(
            {m.role == MessageItem::Role::User ? ChatTurn::Role::User : ChatTurn::Role::Assistant,
             m.text});
    }
    const glm::app::ModelPreferences prefs = model_->preferences();
    request.sampling = prefs.sampling;
    if (model_->hasSystemPrompt()) request.systemPrompt = prefs.systemPrompt;
    setNotice(QString());
    request_ = service_->generate(request);
    setGenerating(true);
}

void ChatController::stop() {
    if (generating_) service_->stopGeneration();
}

void ChatController::regenerate() {
    if (!canRegenerate()) return;
    messages_.truncate(messages_.count() - 1);
    MessageItem reply = newReply();
    reply.id = nextId_++;
    messages_.append(reply);
    startReply();
}

bool ChatController::editAndResend(int row, const QString& text) {
    if (!canSend() || row < 0 || row >= messages_.count() ||
        messages_.at(row).role != MessageItem::Role::User || text.trimmed().isEmpty())
        return false;
    messages_.truncate(row);
    return send(text);
}

void ChatController::switchBranch(int row, int delta) {
    Q_UNUSED(row);
    Q_UNUSED(delta);
}

void ChatController::newChat() {
    stop();
    request_ = 0;
    replyRow_ = -1;
    setGenerating(false);
    messages_.setMessages({});
    hasStats_ = false;
    emit statsChanged();
    setNotice(QString());
}

void ChatController::copyMessage(int row) const {
    if (row >= 0 && row < messages_.count()) copyText(messages_.at(row).text);
}

void ChatController::copyText(const QString& text) const {
    if (auto* clipboard = QGuiApplication::clipboard()) clipboard->setText(text);
}

void ChatController::dismissNotice() {
    setNotice(QString());
}

void ChatController::onTokens(quint64 requestId, const QString& text) {
    if (requestId != request_ || replyRow_ < 0) return;
    messages_.appendStreamedText(replyRow_, text);
}

void ChatController::onFinished(const GenerationResult& result) {
    if (result.id != request_ || replyRow_ < 0) return;
    MessageItem reply = messages_.at(replyRow_);
    reply.text = result.text;
    reply.generatedTokens = result.generatedTokens;
    reply.tokensPerSecond = result.tokensPerSecond;
    reply.timeToFirstTokenMs = result.timeToFirstTokenMs;
    switch (result.stop) {
    case GenerationStop::EndOfText:
        reply.state = MessageItem::State::Complete;
        break;
    case GenerationStop::Stopped:
        reply.state = MessageItem::State::Interrupted;
        reply.errorText = tr("Stopped.");
        break;
    case GenerationStop::MaxTokens:
        reply.state = MessageItem::State::Interrupted;
        reply.errorText = tr("The reply reached the length limit of %n new token(s) (Settings).",
                             nullptr, result.generatedTokens);
        break;
    case GenerationStop::ContextFull:
        reply.state = MessageItem::State::Interrupted;
        reply.errorText = tr("The context is full, so the reply was cut off. Start a new chat or "
                             "set a longer context length in Settings.");
        break;
    }
    messages_.update(replyRow_, reply);
    hasStats_ = true;
    tokensPerSecond_ = result.tokensPerSecond;
    timeToFirstTokenMs_ = result.timeToFirstTokenMs;
    generatedTokens_ = result.generatedTokens;
    emit statsChanged();
    replyRow_ = -1;
    setGenerating(false);
    emit replyEnded(result.stop != GenerationStop::Stopped);
}

void ChatController::onFailed(quint64 requestId, const FailureAdvice& advice) {
    if (requestId != request_ || replyRow_ < 0) return;
    MessageItem reply = messages_.at(replyRow_);
    reply.state = MessageItem::State::Error;
    reply.errorText = advice.suggestion.isEmpty()
                          ? advice.reason
                          : advice.reason + QLatin1Char(' ') + advice.suggestion;
    messages_.update(replyRow_, reply);
    replyRow_ = -1;
    setGenerating(false);
    emit replyEnded(false);
}

void ChatController::onHistoryTrimmed(quint64 requestId, int droppedRounds) {
    if (requestId != request_) return;
    setNotice(tr("%n older round(s) of this chat no longer fit the model's context and were left "
                 "out of what it sees.",
                 nullptr, droppedRounds));
}

void ChatController::setGenerating(bool generating) {
    if (generating == generating_) return;
    generating_ = generating;
    emit generatingChanged();
    emit canSendChanged();
}

void ChatController::setNotice(const QString& notice) {
    if (notice == notice_) return;
    notice_ = notice;
    emit noticeChanged();
}
