// Between the conversation store's records and what the chat view shows.
#pragma once

#include "history/conversation_types.h"
#include "inference/inference_types.h"
#include "viewmodels/message_item.h"

namespace glm::ui {

MessageItem toMessageItem(const glm::history::ThreadMessage& message);
// The messages of a branch as the view shows them (system messages are not shown).
QList<MessageItem> toMessageItems(const glm::history::ConversationThread& thread);
glm::history::GenerationStats toStoreStats(const glm::app::GenerationResult& result);

} // namespace glm::ui
