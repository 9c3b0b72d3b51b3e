// What every process that shows the GLM Chat views does once before loading QML (glm-chat and
// the UI tests alike): the Controls style whose colours follow the theme's palette, and the
// fonts (CJK fallback).
#pragma once

namespace glm::ui {

// Call after the QGuiApplication exists and before the first QML engine is created.
void setUpUi();

} // namespace glm::ui
