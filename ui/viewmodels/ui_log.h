// Logging category "glm.ui": the view models (what the user asked for).
// It logs what a user could send with a bug report (the About box copies the last lines).
// Warnings always show; glm-chat turns the info lines on (ChatApp), elsewhere (glm-cli, tests)
// QT_LOGGING_RULES="glm.ui.info=true" does.
#pragma once

#include <QLoggingCategory>

namespace glm::ui {
Q_DECLARE_LOGGING_CATEGORY(lcUi)
} // namespace glm::ui
