#include "history/history_log.h"

namespace glm::history {
Q_LOGGING_CATEGORY(lcHistory, "glm.history", QtWarningMsg)
} // namespace glm::history
