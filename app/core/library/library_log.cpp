#include "library/library_log.h"

namespace glm::app {
Q_LOGGING_CATEGORY(lcLibrary, "glm.library", QtWarningMsg)
} // namespace glm::app
