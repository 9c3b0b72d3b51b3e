#include "downloads/downloads_log.h"

namespace glm::app {
Q_LOGGING_CATEGORY(lcDownloads, "glm.downloads", QtWarningMsg)
} // namespace glm::app
