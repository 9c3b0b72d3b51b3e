// The model the chat talks to, as the header bar, the first-run view and the settings show it:
// loading (with progress, cancellable), loaded (name, generation, weight type, device, memory),
// failed (why, and what to do). Loading happens on the inference thread; this object only sends
// the request and follows the answers. The last model that loaded is remembered and loaded again
// at the next start, unless that load never finished (a crash), which is then said instead.
#pragma once

#include "inference/inference_types.h"
#include "library/model_preferences.h"
#include "viewmodels/device_list_model.h"
#include "viewmodels/translated_notice.h"

#include <QObject>
#include <QUrl>
#include <qqmlregistration.h>

namespace glm::app {
class AppSettings;
class InferenceService;
} // namespace glm::app

class ModelController : public QObject {
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("Created by the app")
    Q_PROPERTY(Status status READ status NOTIFY statusChanged)
    Q_PROPERTY(double progress READ progress NOTIFY progressChanged)
    Q_PROPERTY(QString loadingFileName READ loadingFileName NOTIFY statusChanged)
    Q_PROPERTY(QString modelPath READ modelPath NOTIFY modelChanged)
    Q_PROPERTY(QString modelName READ modelName NOTIFY modelChanged)
    // The file's name without .gguf: what the person chose and will recognise.
    Q_PROPERTY(QString fileName READ fileName NOTIFY modelChanged)
    Q_PROPERTY(QString generationName READ generationName NOTIFY modelChanged)
    Q_PROPERTY(QString weightType READ weightType NOTIFY modelChanged)
    Q_PROPERTY(QString deviceName READ deviceName NOTIFY modelChanged)
    Q_PROPERTY(bool onCpuBackend READ onCpuBackend NOTIFY modelChanged)
    Q_PROPERTY(int contextLength READ contextLength NOTIFY modelChanged)
    Q_PROPERTY(double memoryBytes READ memoryBytes NOTIFY modelChanged)
    // "3.9 GB": weights and the context's cache, in the user's locale
    Q_PROPERTY(QString memoryText READ memoryText NOTIFY modelChanged)
    Q_PROPERTY(bool hasSystemPrompt READ hasSystemPrompt NOTIFY modelChanged)
    Q_PROPERTY(QString failureReason READ failureReason NOTIFY statusChanged)
    Q_PROPERTY(QString failureSuggestion READ failureSuggestion NOTIFY statusChanged)
    Q_PROPERTY(QString failureDetail READ failureDetail NOTIFY statusChanged)
    Q_PROPERTY(QString notice READ notice NOTIFY noticeChanged)
    Q_PROPERTY(DeviceListModel* devices READ devices CONSTANT)
public:
    enum class Status { NoModel, Loading, Ready, Failed };
    Q_ENUM(Status)

    ModelController(glm::app::InferenceService* service, glm::app::AppSettings* settings,
                    QObject* parent = nullptr);

    Status status() const { return status_; }
    double progress() const { return progress_; }
    QString loadingFileName() const;
    QString modelPath() const { return info_.path; }
    QString modelName() const { return info_.name; }
    QString fileName() const;
    QString generationName() const { return info_.generation; }
    QString weightType() const { return info_.weightType; }
    QString deviceName() const { return info_.deviceName; }
    bool onCpuBackend() const { return info_.onCpuBackend; }
    int contextLength() const { return info_.contextLength; }
    double memoryBytes() const { return double(info_.weightBytes + info_.contextBytes); }
    QString memoryText() const;
    bool hasSystemPrompt() const { return info_.hasSystemPrompt; }
    QString failureReason() const { return failure_.reason; }
    QString failureSuggestion() const { return failure_.suggestion; }
    QString failureDetail() const { return failure_.detail; }
    QString notice() const { return notice_.text(); }
    DeviceListModel* devices() { return &devices_; }
    bool isReady() const { return status_ == Status::Ready; }
    const glm::app::LoadedModelInfo& info() const { return info_; }

    // The current model's preferences and the defaults of its generation.
    glm::app::ModelPreferences preferences() const;
    glm::app::ModelPreferences defaultPreferences() const;

    Q_INVOKABLE void loadModel(const QString& path);
    Q_INVOKABLE void loadModelUrl(const QUrl& url);
    // At start: the remembered model, if any (returns whether a load started).
    bool loadLastModel();
    Q_INVOKABLE void cancelLoading();
    Q_INVOKABLE void unloadModel();
    // Loads the current (or last failed) model again, e.g. with a new device or context length.
    Q_INVOKABLE void reloadModel();
    Q_INVOKABLE void dismissNotice();
    Q_INVOKABLE void refreshDevices();
    // Is this a file the app can try to open as a model (a .gguf file)?
    Q_INVOKABLE bool isModelFile(const QUrl& url) const;

signals:
    void statusChanged();
    void progressChanged();
    void modelChanged();
    void noticeChanged();
    void modelReady();

private:
    void onLoadProgress(quint64 loadId, double fraction);
    void onModelLoaded(quint64 loadId, const glm::app::LoadedModelInfo& info);
    void onModelFailed(quint64 loadId, const glm::app::FailureAdvice& advice);
    void onModelUnloaded(const glm::app::FailureAdvice& why);
    void setStatus(Status status);
    void clearModel();

    glm::app::InferenceService* service_;
    glm::app::AppSettings* settings_;
    DeviceListModel devices_;
    Status status_ = Status::NoModel;
    double progress_ = 0;
    quint64 currentLoad_ = 0;
    QString loadingPath_;
    glm::app::LoadedModelInfo info_;
    glm::app::LoadedModelInfo previousInfo_; // while another file loads over it
    glm::app::FailureAdvice failure_;
    TranslatedNotice notice_;
};
