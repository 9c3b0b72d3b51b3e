// The model manager's conversion step: a downloaded checkpoint (the catalogue's "Convert" button)
// or a Hugging Face folder the user already has ("Import folder…") becomes a GGUF model in the
// models folder through a QuantizeJob, with progress and cancel; afterwards the dialog may offer
// to delete the fp16 checkpoint to free disk space.
//
// Created in main() with the catalogue model and the library and handed to QML (no singleton).
#pragma once

#include "library/model_library.h"
#include "library/quantize_job.h"
#include "viewmodels/catalog_list_model.h"

#include <QElapsedTimer>
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
    // "42% · 12.3 MB of 29.4 MB read · 1 min left" while converting ("" otherwise).
    Q_PROPERTY(QString progressText READ progressText NOTIFY progressChanged)
    // The output types "Import folder…" offers ("Q4_0", "Q8_0", "F16").
    Q_PROPERTY(QStringList outputTypes READ outputTypes CONSTANT)
    // Set while an imported folder waits for the user's word because it lacks the tokenizer
    // file: what is missing and where to put it. convertAnyway() or cancelPendingImport().
    Q_PROPERTY(QString tokenizerWarning READ tokenizerWarning NOTIFY pendingImportChanged)

public:
    ConversionController(CatalogListModel* catalog, glm::app::ModelLibrary* library,
                         QObject* parent = nullptr);

    bool busy() const { return job_.running() || inspecting_; }
    double progress() const { return progress_; }
    QString statusText() const { return status_; }
    QString errorText() const { return error_; }
    QString deletableCheckpoint() const { return deletable_; }
    QString deletableCheckpointSize() const { return deletableSize_; }
    QString progressText() const { return progressText_; }
    QStringList outputTypes() const;
    QString tokenizerWarning() const { return tokenizerWarning_; }

    // "42% · 12.3 MB of 29.4 MB read · 1 min left"; the time left once it can be estimated
    // (secondsLeft < 0: not yet).
    static QString describeProgress(qint64 done, qint64 total, qint64 secondsLeft);

    // Converts a Hugging Face checkpoint folder the user picked ("Q4_0", "Q8_0", "F16").
    // The folder is inspected first (off the UI thread); a folder that is not a checkpoint is
    // refused with the reason.
    // A folder without the tokenizer file the model needs is not converted at once:
    // tokenizerWarning says what is missing, and the user chooses.
    Q_INVOKABLE void importFolder(const QUrl& folder, const QString& type);
    Q_INVOKABLE void convertAnyway();
    Q_INVOKABLE void cancelPendingImport();
    Q_INVOKABLE void cancel();
    // Deletes deletableCheckpoint (the caller asked the user first).
    Q_INVOKABLE void deleteCheckpoint();

signals:
    void busyChanged();
    void progressChanged();
    void statusChanged();
    void pendingImportChanged();
    void converted(const QString& modelPath);

private:
    // missingTokenizer: the tokenizer file the folder lacks (the user chose to convert anyway).
    void start(const QString& checkpointDir, const QString& type, const QString& catalogModelId,
               const QString& missingTokenizer);
    void setStatus(const QString& status, const QString& error = {});
    QString outputPath(const QString& checkpointDir, glm::TensorType type) const;
    bool alreadyConverted(const QString& checkpointDir, const QString& type) const;

    CatalogListModel* catalog_;
    glm::app::ModelLibrary* library_;
    glm::app::QuantizeJob job_;
    QString modelId_;    // catalogue row being converted ("" for an imported folder)
    QString checkpoint_; // folder being converted
    bool inspecting_ = false;
    double progress_ = 0;
    QString progressText_;
    QElapsedTimer clock_; // since the running conversion started (for the time left)
    // An imported folder waiting for "convert anyway", and the tokenizer file it lacks.
    QString pendingDir_, pendingType_, tokenizerWarning_;
    QString missingTokenizer_; // of the running conversion: the file name, "" when present
    QString status_, error_, deletable_, deletableSize_;
};
