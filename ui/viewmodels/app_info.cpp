#include "viewmodels/app_info.h"

#include "common/log_ring.h"
#include "viewmodels/device_list_model.h"
#include "viewmodels/diagnostics_report.h"
#include "viewmodels/model_controller.h"
#include "viewmodels/ui_log.h"

#include <QClipboard>
#include <QFileInfo>
#include <QGuiApplication>

AppInfo::AppInfo(ModelController* model, const glm::app::LogRing* log, QObject* parent)
    : QObject(parent), model_(model), log_(log) {}

QString AppInfo::version() const {
    return QStringLiteral(GLM_APP_VERSION);
}

QString AppInfo::qtVersion() const {
    return QString::fromLatin1(qVersion());
}

QString AppInfo::diagnostics() const {
    glm::ui::DiagnosticsFacts facts = glm::ui::systemFacts();
    if (model_) {
        facts.devices = model_->devices()->summaries();
        facts.deviceProblem = model_->devices()->problem();
        switch (model_->status()) {
        case ModelController::Status::NoModel:
            facts.modelState = QStringLiteral("none");
            break;
        case ModelController::Status::Loading:
            facts.modelState = QStringLiteral("loading");
            facts.modelFile = model_->loadingFileName();
            break;
        case ModelController::Status::Ready: {
            const glm::app::LoadedModelInfo& info = model_->info();
            facts.modelState = QStringLiteral("loaded");
            facts.modelName = info.name;
            facts.modelFile = QFileInfo(info.path).fileName();
            facts.generation = info.generation;
            facts.quantization = info.weightType;
            facts.backend = info.onCpuBackend
                                ? QStringLiteral("CPU backend on %1").arg(info.deviceName)
                                : QStringLiteral("Vulkan on %1").arg(info.deviceName);
            facts.contextLength = info.contextLength;
            break;
        }
        case ModelController::Status::Failed:
            facts.modelState = QStringLiteral("failed");
            break;
        }
        if (model_->status() == ModelController::Status::Failed ||
            !model_->failureReason().isEmpty())
            facts.modelProblem = model_->failureDetail().isEmpty()
                                     ? model_->failureReason()
                                     : QStringLiteral("%1 (%2)").arg(model_->failureReason(),
                                                                     model_->failureDetail());
    }
    if (log_) facts.logLines = log_->lines();
    return glm::ui::diagnosticsReport(facts);
}

void AppInfo::copyDiagnostics() const {
    const QString text = diagnostics();
    qCInfo(glm::ui::lcUi) << "diagnostics copied to the clipboard";
    if (QClipboard* clipboard = QGuiApplication::clipboard()) clipboard->setText(text);
}
