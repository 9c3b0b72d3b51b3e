// Turns an engine failure into words for the user: what went wrong and what to do about it
// ("not enough video memory: pick a smaller quantization or a shorter context"). The engine's
// own message, which names files and sizes, is kept as the detail.
#pragma once

#include "inference/inference_types.h"

#include <exception>

namespace glm::app {

enum class FailedAction { LoadModel, Generate, ListDevices };

FailureAdvice adviceFor(const std::exception& error, FailedAction action);

} // namespace glm::app
