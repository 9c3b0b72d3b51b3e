// The text "Copy diagnostics" puts on the clipboard: what a bug report needs to say about the
// machine and the app (versions, OS, the Vulkan devices the engine sees, the loaded model) and
// the last log lines. In English whatever the app's language: it is read by whoever fixes the
// bug, and stays searchable.
#pragma once

#include "inference/inference_types.h"

#include <QList>
#include <QString>
#include <QStringList>

namespace glm::ui {

struct DiagnosticsFacts {
    QString appVersion;
    QString qtVersion; // at run time and at build time
    QString os;
    QList<glm::app::DeviceSummary> devices;
    QString deviceProblem; // why there is no device list, if there is none
    QString modelState;    // "none", "loading", "loaded", "failed"
    QString modelName;
    QString modelFile;
    QString generation;
    QString quantization; // the weights' type, "Q4_0"
    QString backend;      // "Vulkan on <device>"
    int contextLength = 0;
    QString modelProblem; // why the last load failed, with the engine's detail
    QStringList logLines;
};

// The facts of this process that do not depend on the app's objects (versions, OS).
DiagnosticsFacts systemFacts();

QString diagnosticsReport(const DiagnosticsFacts& facts);

} // namespace glm::ui
