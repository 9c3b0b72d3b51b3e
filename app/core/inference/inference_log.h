// Logging category "glm.inference": the inference thread (devices, model loads).
// It logs what a user could send with a bug report (the About box copies the last lines).
// Warnings always show; glm-chat turns the info lines on (ChatApp), elsewhere (glm-cli, tests)
// QT_LOGGING_RULES="glm.inference.info=true" does.
#pragma once

#include <QLoggingCategory>

namespace glm::app {
Q_DECLARE_LOGGING_CATEGORY(lcInference)
} // namespace glm::app
