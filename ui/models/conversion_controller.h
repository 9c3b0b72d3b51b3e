// The model manager's conversion step: a downloaded checkpoint (the catalogue's "Convert" button)
// or a Hugging Face folder the user already has ("Import folder…") becomes a GGUF model in the
// models folder through a QuantizeJob, with progress and cancel; afterwards the dialog may offer
// to delete the fp16 checkpoint to free disk space.
//
// Created in main() with the catalogue model and the library and handed to QML (no singleton).
#pragma once

#include "catalog_list_model.h"
#include "model_library.h"
#include "quantize_job.h"

#include <QObject>
#include <QUrl>
#include <qqmlregistration.h>

class ConversionController : public QObject {
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("Created by the application with the catalogue and the library")
    Q_PROPERTY(bool busy READ busy NOTIFY busyChanged)
    Q_PROPERTY(double progress READ progress NOTIFY progressChanged)
    Q_PROPERTY(QString statusText READ statusText NOTIFY statusChanged)
    Q_PROPERTY(QString errorText READ errorText NOTIFY statusChanged)
    // The checkpoint folder of the last finished conversion, while it still exists ("" otherwise).
    Q_PROPERTY(QString deletableCheckpoint READ deletableCheckpoint NOTIFY statusChanged)
    Q_PROPERTY(QString deletableCheckpointSize READ deletableCheckpointSize NOTIFY statusChanged)

public:
    ConversionController(CatalogListModel* catalog, glm::app::ModelLibrary* library, QObject* parent = nullptr);

    bool busy() const { return job_.running() || inspecting_; }
    double progress() const { return progress_; }
    QString statusText() const { return status_; }
    QString errorText() const { return error_; }
    QString deletableCheckpoint() const { return deletable_; }
    QString deletableCheckpointSize() const { return deletableSize_; }

    // Converts a Hugging Face checkpoint folder the user picked ("Q4_0", "Q8_0", "F16").
    // The folder is inspected first (off the UI thread); a folder that is not a checkpoint is
    // refused with the reason.
    Q_INVOKABLE void importFolder(const QUrl& folder, const QString& type);
    Q_INVOKABLE void cancel();
    // Deletes deletableCheckpoint (the caller asked the user first).
    Q_INVOKABLE void deleteCheckpoint();

signals:
    void busyChanged();
    void progressChanged();
    void statusChanged();
    void converted(const QString& modelPath);

private:
    void start(const QString& checkpointDir, const QString& type, const QString& catalogModelId);
    void setStatus(const QString& status, const QString& error = {});

    CatalogListModel* catalog_;
    glm::app::ModelLibrary* library_;
    glm::app::QuantizeJob job_;
    QString modelId_;      // catalogue row being converted ("" for an imported folder)
    QString checkpoint_;   // folder being converted
    bool inspecting_ = false;
    double progress_ = 0;
    QString status_, error_, deletable_, deletableSize_;
};
