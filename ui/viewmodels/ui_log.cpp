#include "viewmodels/ui_log.h"

namespace glm::ui {
Q_LOGGING_CATEGORY(lcUi, "glm.ui", QtWarningMsg)
} // namespace glm::ui
