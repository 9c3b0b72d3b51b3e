#include "inference/inference_log.h"

namespace glm::app {
Q_LOGGING_CATEGORY(lcInference, "glm.inference", QtWarningMsg)
} // namespace glm::app
