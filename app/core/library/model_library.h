// The models on disk, under one models folder:
//   <models>/*.gguf                    converted models, ready to chat
//   <models>/checkpoints/<id>/         downloaded Hugging Face checkpoints, complete when they
//                                      hold the CheckpointMarker (ready to convert)
// Scanning, importing and deleting run on worker threads; results come back as signals, so the
// UI thread never waits on the disk. Deleting is limited to paths inside the models folder, and an
// import is copied under a hidden temporary name and renamed at the end, so a half-copied file is
// never listed as a model.
#pragma once

#include <QFuture>
#include <QList>
#include <QObject>
#include <QString>
#include <atomic>
#include <memory>

namespace glm::app {

struct InstalledModel {
    enum class Kind { Gguf, Checkpoint };
    Kind kind = Kind::Gguf;
    QString path;        // the .gguf file or the checkpoint folder
    QString displayName; // GGUF general.name or the file name; the model id for checkpoints
    qint64 sizeBytes = 0;
    // GGUF files
    QString architecture; // general.architecture
    QString fileType;     // "Q4_0", ...
    QString problem;      // why the header could not be read; empty when fine
    // Checkpoints
    QString modelId;
    QString revision;
    bool verified = true;
    // The loaded model when it lives elsewhere (opened with Open…): listed, never deleted here.
    bool outsideModelsFolder = false;
};

class ModelLibrary : public QObject {
    Q_OBJECT
public:
    enum class ImportMode { Copy, Move };

    explicit ModelLibrary(const QString& modelsDirectory, QObject* parent = nullptr);
    ~ModelLibrary() override;

    // <generic data location>/glm-chat/models: the same folder for glm-chat and glm-cli.
    static QString defaultModelsDirectory();

    QString modelsDirectory() const { return modelsDirectory_; }
    const QList<InstalledModel>& models() const { return models_; }
    bool isBusy() const { return busy_ > 0; }

    void refresh();
    // Imports a .gguf file into the models folder (refuses files that are not GGUF, and names
    // that already exist). importFinished or operationFailed follows.
    void importGguf(const QString& sourcePath, ImportMode mode);
    void cancelImport();
    // Deletes a .gguf file or a checkpoint folder listed by models().
    void remove(const QString& path);
    // The model the chat has loaded ("" when none): listed too when it is outside the folder.
    void setLoadedModelPath(const QString& path);
    QString loadedModelPath() const { return loadedModelPath_; }
    // Deletes what a killed run left in the models folder: NAME.gguf.partial of a conversion and
    // .NAME.gguf.importing of an import, unless a running job holds its lock (see
    // QuantizeJob::partialLockPath). Resumable downloads (checkpoints/*/FILE.part and their
    // sidecars) are kept. stalePartialsRemoved follows when something was deleted.
    void removeStalePartials();

    // Is path inside the models folder (after resolving links)? Exposed for tests.
    bool isInsideModelsDirectory(const QString& path) const;

signals:
    void modelsChanged();
    void busyChanged();
    void importProgress(qint64 done, qint64 total);
    void importFinished(const QString& path);
    void removed(const QString& path);
    void stalePartialsRemoved(const QStringList& fileNames, qint64 bytes);
    void operationFailed(const QString& message);

private:
    template <typename Fn> void runInBackground(Fn work);
    void setBusy(int delta);

    QString modelsDirectory_;
    QList<InstalledModel> models_;
    QString loadedModelPath_;
    quint64 refreshGeneration_ = 0; // of the latest refresh(); older results are dropped
    int busy_ = 0;
    std::shared_ptr<std::atomic<bool>> importCancel_;
    QList<QFuture<void>> jobs_;
};

// The scan itself (blocking; runs on a worker thread). Exposed for tests. `alsoList`: a model
// file outside the folder to list too (the loaded one).
QList<InstalledModel> scanModelsDirectory(const QString& modelsDirectory,
                                          const QString& alsoList = {});

// The lock an import holds next to its temporary file (stale once its process is gone).
QString importLockPath(const QString& temporaryPath);

} // namespace glm::app
