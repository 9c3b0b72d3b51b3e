#include "viewmodels/model_controller.h"

#include "common/app_settings.h"
#include "inference/inference_service.h"

#include <QDir>
#include <QFileInfo>
#include <QLocale>
#include <utility>

using glm::app::FailureAdvice;
using glm::app::LoadedModelInfo;
using glm::app::ModelPreferences;

ModelController::ModelController(glm::app::InferenceService* service,
                                 glm::app::AppSettings* settings, QObject* parent)
    : QObject(parent), service_(service), settings_(settings) {
    connect(&notice_, &TranslatedNotice::changed, this, &ModelController::noticeChanged);
    connect(service_, &glm::app::InferenceService::loadProgress, this,
            &ModelController::onLoadProgress);
    connect(service_, &glm::app::InferenceService::modelLoaded, this,
            &ModelController::onModelLoaded);
    connect(service_, &glm::app::InferenceService::modelFailed, this,
            &ModelController::onModelFailed);
    connect(service_, &glm::app::InferenceService::modelUnloaded, this,
            &ModelController::onModelUnloaded);
    connect(service_, &glm::app::InferenceService::devicesListed, &devices_,
            &DeviceListModel::setDevices);
    connect(service_, &glm::app::InferenceService::devicesUnavailable, this,
            [this](const FailureAdvice& advice) {
                devices_.setProblem(advice.reason + QLatin1Char(' ') + advice.suggestion);
            });
}

QString ModelController::loadingFileName() const {
    return status_ == Status::Loading ? QFileInfo(loadingPath_).fileName() : QString();
}

QString ModelController::fileName() const {
    return info_.path.isEmpty() ? QString() : QFileInfo(info_.path).completeBaseName();
}

QString ModelController::memoryText() const {
    if (info_.path.isEmpty()) return {};
    return QLocale().formattedDataSize(qint64(info_.weightBytes + info_.contextBytes), 1,
                                       QLocale::DataSizeSIFormat);
}

ModelPreferences ModelController::defaultPreferences() const {
    return ModelPreferences::defaultsFor(info_.defaults);
}

ModelPreferences ModelController::preferences() const {
    return settings_->modelPreferences(info_.path, defaultPreferences());
}

void ModelController::loadModel(const QString& path) {
    if (path.isEmpty()) return;
    loadingPath_ = QFileInfo(path).absoluteFilePath();
    // Kept until the new file has passed the worker's checks (see onModelFailed).
    if (!info_.path.isEmpty()) previousInfo_ = info_;
    clearModel();
    failure_ = {};
    progress_ = 0;
    emit progressChanged();
    // The context length is a per-model preference: read it before the model is known, with
    // the neutral default (0: the model's own).
    const ModelPreferences prefs =
        settings_->modelPreferences(loadingPath_, ModelPreferences::defaultsFor({}));
    settings_->setUnfinishedLoad(loadingPath_);
    currentLoad_ = service_->loadModel(loadingPath_, settings_->deviceSelector(),
                                       {prefs.contextLength, prefs.compactKvCache});
    setStatus(Status::Loading);
}

void ModelController::loadModelUrl(const QUrl& url) {
    loadModel(url.isLocalFile() ? url.toLocalFile() : url.toString());
}

bool ModelController::loadLastModel() {
    const QString unfinished = settings_->unfinishedLoad();
    if (!unfinished.isEmpty()) {
        settings_->setUnfinishedLoad(QString());
        notice_.set([name = QFileInfo(unfinished).fileName()] {
            return tr("GLM Chat closed while loading %1 last time, so it was not loaded again "
                      "on its own. Open it again if you want to try once more, or pick another "
                      "device in Settings.")
                .arg(name);
        });
        return false;
    }
    const QString last = settings_->lastModelPath();
    if (last.isEmpty()) return false;
    if (!QFileInfo(last).isFile()) {
        notice_.set([path = QDir::toNativeSeparators(last)] {
            return tr("The last model, %1, is no longer there. Open another model.").arg(path);
        });
        settings_->setLastModelPath(QString());
        return false;
    }
    loadModel(last);
    return true;
}

void ModelController::cancelLoading() {
    if (status_ != Status::Loading) return;
    service_->cancelLoading();
}

void ModelController::unloadModel() {
    service_->unloadModel();
    currentLoad_ = 0;
    loadingPath_.clear();
    settings_->setLastModelPath(QString());
    previousInfo_ = {};
    clearModel();
    failure_ = {};
    setStatus(Status::NoModel);
}

void ModelController::reloadModel() {
    const QString path = !info_.path.isEmpty() ? info_.path : loadingPath_;
    if (!path.isEmpty()) loadModel(path);
}

void ModelController::dismissNotice() {
    notice_.clear();
}

void ModelController::refreshDevices() {
    service_->listDevices();
}

bool ModelController::isModelFile(const QUrl& url) const {
    return url.isLocalFile() &&
           url.toLocalFile().endsWith(QLatin1String(".gguf"), Qt::CaseInsensitive);
}

void ModelController::onLoadProgress(quint64 loadId, double fraction) {
    if (loadId != currentLoad_) return;
    progress_ = fraction;
    emit progressChanged();
}

void ModelController::onModelLoaded(quint64 loadId, const LoadedModelInfo& info) {
    if (loadId != currentLoad_) return;
    settings_->setUnfinishedLoad(QString());
    settings_->setLastModelPath(info.path);
    previousInfo_ = {};
    info_ = info;
    failure_ = {};
    notice_.setText(info.notice);
    emit modelChanged();
    setStatus(Status::Ready);
    emit modelReady();
}

void ModelController::onModelFailed(quint64 loadId, const FailureAdvice& advice) {
    if (loadId != currentLoad_) return;
    settings_->setUnfinishedLoad(QString());
    if (advice.previousModelKept && !previousInfo_.path.isEmpty()) {
        // The file could not be used and the model before it is still loaded: keep chatting
        // with it, and say why the other one did not open.
        const QString failed = QFileInfo(loadingPath_).fileName();
        loadingPath_.clear();
        info_ = std::exchange(previousInfo_, {});
        failure_ = {};
        notice_.set([failed, advice, kept = info_.name] {
            return tr("%1 was not opened: %2 %3 %4 is still loaded.")
                .arg(failed, advice.reason,
                     advice.detail.isEmpty() ? advice.suggestion : advice.detail, kept);
        });
        emit modelChanged();
        setStatus(Status::Ready);
        return;
    }
    previousInfo_ = {};
    clearModel();
    if (advice.cancelled) {
        failure_ = {};
        setStatus(Status::NoModel);
        return;
    }
    failure_ = advice;
    setStatus(Status::Failed);
}

void ModelController::onModelUnloaded(const FailureAdvice& why) {
    if (why.reason.isEmpty() || status_ != Status::Ready) return;
    // Lost with the device: keep the path so "Load again" can reload it.
    loadingPath_ = info_.path;
    clearModel();
    failure_ = why;
    setStatus(Status::Failed);
}

void ModelController::setStatus(Status status) {
    status_ = status;
    emit statusChanged();
}

void ModelController::clearModel() {
    if (info_.path.isEmpty()) return;
    info_ = {};
    emit modelChanged();
}
