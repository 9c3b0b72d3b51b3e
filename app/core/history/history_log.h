// Logging category "glm.history": the chat history (the store opened, migrated, salvaged).
// It logs what a user could send with a bug report (the About box copies the last lines).
// Warnings always show; glm-chat turns the info lines on (ChatApp), elsewhere (glm-cli, tests)
// QT_LOGGING_RULES="glm.history.info=true" does.
#pragma once

#include <QLoggingCategory>

namespace glm::history {
Q_DECLARE_LOGGING_CATEGORY(lcHistory)
} // namespace glm::history
