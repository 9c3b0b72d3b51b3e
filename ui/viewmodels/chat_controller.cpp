#include "viewmodels/chat_controller.h"

#include "history/conversation_store.h"
#include "inference/inference_service.h"
#include "viewmodels/message_conversion.h"
#include "viewmodels/model_controller.h"

#include <QClipboard>
#include <QGuiApplication>
#include <QJsonObject>
#include <utility>

using glm::app::ChatTurn;
using glm::app::FailureAdvice;
using glm::app::GenerationRequest;
using glm::app::GenerationResult;
using glm::app::GenerationStop;
using glm::history::ConversationStore;
using glm::history::ConversationThread;
using glm::history::Message;
using glm::history::MessageState;
using glm::history::StoreError;
using glm::history::StoreResult;

ChatController::ChatController(glm::app::InferenceService* service, ModelController* model,
                               ConversationStore* store, QObject* parent)
    : QObject(parent), service_(service), model_(model), store_(store) {
    connect(&notice_, &TranslatedNotice::changed, this, &ChatController::noticeChanged);
    connect(service_, &glm::app::InferenceService::tokens, this, &ChatController::onTokens);
    connect(service_, &glm::app::InferenceService::finished, this, &ChatController::onFinished);
    connect(service_, &glm::app::InferenceService::generationFailed, this,
            &ChatController::onFailed);
    connect(service_, &glm::app::InferenceService::historyTrimmed, this,
            &ChatController::onHistoryTrimmed);
    connect(model_, &ModelController::statusChanged, this, &ChatController::canSendChanged);
    // The conversation on screen was deleted (from the sidebar): show a new chat instead.
    connect(store_, &ConversationStore::conversationRemoved, this, [this](qint64 id) {
        if (id == conversationId_) newChat();
    });
}

bool ChatController::canSend() const {
    return !isGenerating() && model_->isReady();
}

bool ChatController::canRegenerate() const {
    return canSend() && messages_.count() > 0 &&
           messages_.at(messages_.count() - 1).role == MessageItem::Role::Assistant;
}

bool ChatController::send(const QString& text) {
    const QString question = text.trimmed();
    if (question.isEmpty() || isGenerating()) return false;
    if (!model_->isReady()) {
        notice_.set([] { return tr("Load a model before sending a message."); });
        return false;
    }
    setBusy(true);
    unsentQuestion_ = question;
    const qint64 parent = messages_.count() ? messages_.at(messages_.count() - 1).id : 0;
    withConversation([this, parent, question](qint64 conversation) {
        addQuestion(conversation, parent, question, -1);
    });
    return true;
}

// A new chat is saved when its first question is sent, so empty chats never fill the sidebar.
void ChatController::withConversation(const std::function<void(qint64)>& then) {
    if (conversationId_ != 0) return then(conversationId_);
    const QJsonObject settings{{QStringLiteral("modelPath"), model_->modelPath()}};
    store_->createConversation(model_->modelName(), settings, this,
                               [this, then](const StoreResult<glm::history::Conversation>& result) {
                                   if (!result.ok()) return storeFailed(result.error);
                                   setConversation(result.value.id);
                                   then(result.value.id);
                               });
}

void ChatController::addQuestion(qint64 conversation, qint64 parentId, const QString& text,
                                 int replaceRow) {
    // A new version of a question keeps the old versions as siblings.
    QList<qint64> siblings;
    if (replaceRow >= 0) siblings = messages_.at(replaceRow).siblingIds;
    store_->addUserMessage(
        conversation, parentId, text, this,
        [this, conversation, replaceRow, siblings](const StoreResult<Message>& result) mutable {
            if (!result.ok()) return storeFailed(result.error);
            unsentQuestion_.clear();
            if (conversation != conversationId_) return setBusy(false); // the user moved on
            if (replaceRow >= 0) messages_.truncate(replaceRow);
            siblings.append(result.value.id);
            MessageItem question = glm::ui::toMessageItem({result.value, siblings});
            messages_.append(question);
            beginReply(conversation, question.id, {}, -1);
        });
}

void ChatController::beginReply(qint64 conversation, qint64 parentId, QList<qint64> siblings,
                                int replaceRow) {
    store_->beginAssistantReply(
        conversation, parentId, model_->modelName(), this,
        [this, conversation, siblings, replaceRow](const StoreResult<Message>& result) mutable {
            if (!result.ok()) return storeFailed(result.error);
            if (conversation != conversationId_ || !model_->isReady()) {
                // Nothing will generate it: leave it marked as cut off, not streaming.
                store_->finishReply(result.value.id, QString(), MessageState::Interrupted, {});
                return setBusy(false);
            }
            if (replaceRow >= 0) messages_.truncate(replaceRow);
            siblings.append(result.value.id);
            messages_.append(glm::ui::toMessageItem({result.value, siblings}));
            startGeneration();
        });
}

void ChatController::startGeneration() {
    const int row = messages_.count() - 1;
    GenerationRequest request;
    for (int i = 0; i < row; ++i) {
        const MessageItem& m = messages_.at(i);
        request.turns.append(
            {m.role == MessageItem::Role::User ? ChatTurn::Role::User : ChatTurn::Role::Assistant,
             m.text});
    }
    const glm::app::ModelPreferences prefs = model_->preferences();
    request.sampling = prefs.sampling;
    if (model_->hasSystemPrompt()) request.systemPrompt = prefs.systemPrompt;
    notice_.clear();
    reply_ = {
        service_->generate(request), messages_.at(row).id, conversationId_, row, {}, {}, {}, -1};
    reply_.thinking = glm::app::ThinkingParser(model_->info().replyStartsInThinking);
    busy_ = false; // still "generating": the reply is under way
    if (stopRequested_) service_->stopGeneration();
    stopRequested_ = false;
}

void ChatController::stop() {
    if (reply_.request != 0)
        service_->stopGeneration();
    else if (busy_)
        stopRequested_ = true; // the store step is still running; stop as soon as it starts
}

void ChatController::regenerate() {
    if (!canRegenerate()) return;
    const int row = messages_.count() - 1;
    const MessageItem& last = messages_.at(row);
    setBusy(true);
    beginReply(conversationId_, last.parentId, last.siblingIds, row);
}

bool ChatController::editAndResend(int row, const QString& text) {
    if (!canSend() || row < 0 || row >= messages_.count() ||
        messages_.at(row).role != MessageItem::Role::User || text.trimmed().isEmpty())
        return false;
    setBusy(true);
    addQuestion(conversationId_, messages_.at(row).parentId, text.trimmed(), row);
    return true;
}

void ChatController::switchBranch(int row, int delta) {
    if (isGenerating() || row < 0 || row >= messages_.count()) return;
    const MessageItem& m = messages_.at(row);
    const int target = m.siblingIndex + delta;
    if (target < 0 || target >= m.siblingIds.size()) return;
    store_->switchBranch(
        conversationId_, m.siblingIds.at(target), this,
        [this, conversation = conversationId_](const StoreResult<ConversationThread>& result) {
            if (!result.ok()) return storeFailed(result.error);
            if (conversation == conversationId_) showThread(result.value);
        });
}

void ChatController::newChat() {
    stop();
    setConversation(0);
    messages_.setMessages({});
    notice_.clear();
}

void ChatController::openConversation(double id) {
    const qint64 conversation = qint64(id);
    if (conversation == conversationId_) return;
    stop();
    setConversation(conversation);
    messages_.setMessages({});
    store_->loadThread(conversation, this,
                       [this, conversation](const StoreResult<ConversationThread>& result) {
                           if (!result.ok()) return storeFailed(result.error);
                           if (conversation == conversationId_) showThread(result.value);
                       });
}

void ChatController::restoreConversation(qint64 id) {
    if (id <= 0 || conversationId_ != 0 || isGenerating()) return;
    store_->loadThread(id, this, [this, id](const StoreResult<ConversationThread>& result) {
        // Deleted since, or the history could not be read: start with a new chat, silently.
        if (!result.ok() || conversationId_ != 0 || messages_.count() > 0) return;
        setConversation(id);
        showThread(result.value);
    });
}

void ChatController::openSearchResult(double conversationId, double messageId) {
    const qint64 conversation = qint64(conversationId);
    const qint64 message = qint64(messageId);
    if (message <= 0) return openConversation(conversationId); // a title matched
    stop();
    setConversation(conversation);
    store_->switchBranch(
        conversation, message, this,
        [this, conversation, message](const StoreResult<ConversationThread>& result) {
            if (!result.ok()) return storeFailed(result.error);
            if (conversation != conversationId_) return;
            showThread(result.value);
            emit revealRequested(messages_.rowOfId(message));
        });
}

void ChatController::showThread(const ConversationThread& thread) {
    messages_.setMessages(glm::ui::toMessageItems(thread));
    // The status line shows this chat's last reply, not whatever was generated last elsewhere.
    if (messages_.count() > 0) {
        const MessageItem& last = messages_.at(messages_.count() - 1);
        if (last.role == MessageItem::Role::Assistant && last.generatedTokens > 0)
            setStats(true, last.tokensPerSecond, last.timeToFirstTokenMs, last.generatedTokens);
    }
    // A reply of this conversation still being finished keeps streaming into its row.
    if (reply_.request != 0 && reply_.conversationId == conversationId_)
        reply_.row = messages_.rowOfId(reply_.messageId);
}

void ChatController::copyMessage(int row) const {
    if (row >= 0 && row < messages_.count()) copyText(messages_.at(row).text);
}

void ChatController::copyText(const QString& text) const {
    if (auto* clipboard = QGuiApplication::clipboard()) clipboard->setText(text);
}

void ChatController::dismissNotice() {
    notice_.clear();
}

void ChatController::shutDown() {
    if (reply_.request == 0) return;
    service_->stopGeneration();
    store_->finishReply(reply_.messageId, replyText(reply_.text), MessageState::Interrupted, {},
                        tr("GLM Chat was closed while this reply was being written."));
    reply_ = {};
}

void ChatController::storeFailed(const StoreError& error) {
    notice_.set([error] { return error.userText(); });
    setBusy(false);
    if (!unsentQuestion_.isEmpty()) emit questionNotSent(std::exchange(unsentQuestion_, {}));
}

// The reply's row while its conversation is shown (-1 otherwise); checked, not searched, per
// piece: the list does not change under a streaming reply.
int ChatController::replyRow() {
    if (reply_.conversationId != conversationId_) return -1;
    if (reply_.row >= 0 && reply_.row < messages_.count() &&
        messages_.at(reply_.row).id == reply_.messageId)
        return reply_.row;
    return reply_.row = messages_.rowOfId(reply_.messageId);
}

glm::history::ReplyText ChatController::replyText(const QString& raw) const {
    const glm::app::ReplyParts parts =
        glm::app::ThinkingParser::split(raw, model_->info().replyStartsInThinking);
    std::optional<qint64> thinkingMs;
    // Ended: the time measured when "</think>" streamed in (or all of it, when the final text
    // has the end that the streamed pieces did not).
    if (parts.thinkingEnded)
        thinkingMs = reply_.thinkingMs >= 0           ? reply_.thinkingMs
                     : reply_.thinkingClock.isValid() ? reply_.thinkingClock.elapsed()
                                                      : 0;
    return {parts.answer, parts.thinking, thinkingMs};
}

void ChatController::onTokens(quint64 requestId, const QString& text) {
    if (requestId != reply_.request) return;
    reply_.text += text;
    const glm::app::ThinkingParser::Delta delta = reply_.thinking.push(text);
    if (reply_.thinking.hasThinking() && !reply_.thinkingClock.isValid())
        reply_.thinkingClock.start();
    if (delta.thinkingEnded) reply_.thinkingMs = reply_.thinkingClock.elapsed();
    store_->updateReply(
        reply_.messageId,
        {reply_.thinking.answer(), reply_.thinking.thinking(),
         reply_.thinkingMs >= 0 ? std::optional<qint64>(reply_.thinkingMs) : std::nullopt});
    const int row = replyRow();
    if (row < 0) return;
    if (reply_.thinking.hasThinking())
        messages_.appendStreamedThinking(row, delta.thinking, true, reply_.thinkingMs);
    messages_.appendStreamedText(row, delta.answer);
}

void ChatController::onFinished(const GenerationResult& result) {
    if (result.id != reply_.request) return;
    MessageState state = MessageState::Complete;
    QString why;
    switch (result.stop) {
    case GenerationStop::EndOfText:
        break;
    case GenerationStop::Stopped:
        state = MessageState::Interrupted;
        why = tr("Stopped.");
        break;
    case GenerationStop::MaxTokens:
        state = MessageState::Interrupted;
        why = tr("The reply reached the length limit of %n new token(s) (Settings).", nullptr,
                 result.generatedTokens);
        break;
    case GenerationStop::ContextFull:
        state = MessageState::Interrupted;
        why = tr("The context is full, so the reply was cut off. Start a new chat or set a "
                 "longer context length in Settings.");
        break;
    }
    const glm::history::ReplyText text = replyText(result.text);
    store_->finishReply(reply_.messageId, text, state, glm::ui::toStoreStats(result), why);
    const int row = replyRow();
    if (row >= 0) {
        MessageItem item = messages_.at(row);
        item.text = text.answer;
        item.thinking = text.thinking;
        item.hasThinking = item.hasThinking || !text.thinking.isEmpty() || text.thinkingMs;
        item.thinkingMs = text.thinkingMs.value_or(-1);
        item.state = state == MessageState::Complete ? MessageItem::State::Complete
                                                     : MessageItem::State::Interrupted;
        item.errorText = why;
        item.generatedTokens = result.generatedTokens;
        item.tokensPerSecond = result.tokensPerSecond;
        item.timeToFirstTokenMs = result.timeToFirstTokenMs;
        messages_.update(row, item);
    }
    // Shown while the reply's chat is (the status line speaks of the chat on screen).
    if (reply_.conversationId == conversationId_)
        setStats(true, result.tokensPerSecond, result.timeToFirstTokenMs, result.generatedTokens);
    reply_ = {};
    emit generatingChanged();
    emit canSendChanged();
    emit replyEnded(result.stop != GenerationStop::Stopped);
}

void ChatController::onFailed(quint64 requestId, const FailureAdvice& advice) {
    if (requestId != reply_.request) return;
    const QString why = advice.suggestion.isEmpty()
                            ? advice.reason
                            : advice.reason + QLatin1Char(' ') + advice.suggestion;
    // The partial reply is kept, marked with what went wrong.
    const glm::history::ReplyText text = replyText(reply_.text);
    store_->finishReply(reply_.messageId, text, MessageState::Error, {}, why);
    const int row = replyRow();
    if (row >= 0) {
        MessageItem item = messages_.at(row);
        item.text = text.answer;
        item.thinking = text.thinking;
        item.hasThinking = item.hasThinking || !text.thinking.isEmpty() || text.thinkingMs;
        item.thinkingMs = text.thinkingMs.value_or(-1);
        item.state = MessageItem::State::Error;
        item.errorText = why;
        messages_.update(row, item);
    }
    reply_ = {};
    emit generatingChanged();
    emit canSendChanged();
    emit replyEnded(false);
}

void ChatController::onHistoryTrimmed(quint64 requestId, int droppedRounds) {
    if (requestId != reply_.request) return;
    notice_.set([droppedRounds] {
        return tr("%n older round(s) of this chat no longer fit the model's context and were "
                  "left out of what it sees.",
                  nullptr, droppedRounds);
    });
}

void ChatController::setBusy(bool busy) {
    if (busy == busy_) return;
    const bool wasGenerating = isGenerating();
    busy_ = busy;
    if (wasGenerating != isGenerating()) emit generatingChanged();
    emit canSendChanged();
}

void ChatController::setConversation(qint64 id) {
    if (id == conversationId_) return;
    // A chat created by its first question keeps the numbers of the reply it is getting.
    if (conversationId_ != 0 || id == 0) setStats(false, 0, 0, 0);
    conversationId_ = id;
    emit conversationChanged();
}

void ChatController::setStats(bool has, double tokensPerSecond, double timeToFirstTokenMs,
                              int generatedTokens) {
    hasStats_ = has;
    tokensPerSecond_ = tokensPerSecond;
    timeToFirstTokenMs_ = timeToFirstTokenMs;
    generatedTokens_ = generatedTokens;
    emit statsChanged();
}
