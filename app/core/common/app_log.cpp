#include "common/app_log.h"

namespace glm::app {
Q_LOGGING_CATEGORY(lcApp, "glm.app", QtWarningMsg)
} // namespace glm::app
