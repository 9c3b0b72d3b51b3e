// Converting a downloaded (or the user's own) Hugging Face checkpoint into a GGUF model on a
// worker thread, with progress and cancel. The converter writes NAME.gguf.partial and renames it
// only when complete and re-validated, so the models folder never lists a half-written model.
#pragma once

#include "glm/tensor_type.h"

#include <QObject>
#include <QString>
#include <QThread>
#include <atomic>
#include <memory>

namespace glm::app {

class QuantizeJob : public QObject {
    Q_OBJECT
public:
    explicit QuantizeJob(QObject* parent = nullptr);
    ~QuantizeJob() override; // cancels and waits for the worker

    bool running() const;
    // Starts converting `checkpointDir` into `outputPath` as `type` (Q4_0, Q8_0, F16, F32).
    // Returns false (and emits failed) when a job is already running.
    bool start(const QString& checkpointDir, const QString& outputPath, glm::TensorType type);
    // Stops the conversion; the partial output is removed and cancelled() follows.
    void cancel();
    // Tests: the next job stops itself at its first progress report, on its own thread (a
    // cancel queued from the UI thread can arrive after a small conversion has finished).
    void cancelAtFirstProgressForTesting() { cancelAtFirstProgress_ = true; }

    // The file name a converted model gets: "<folder name>-<type>.gguf".
    static QString outputFileName(const QString& checkpointDir, glm::TensorType type);
    // The lock a running job holds next to its OUTPUT.partial (a QLockFile: stale once the
    // process that held it is gone).
    static QString partialLockPath(const QString& outputPath);

signals:
    void progress(double fraction); // 0..1, at most ~10 per second
    // The same moment in bytes of the checkpoint read so far, of its total (for "12 MB of 30 MB").
    void bytesProgress(qint64 done, qint64 total);
    void finished(const QString& modelPath, qint64 bytes, double seconds);
    void failed(const QString& message);
    void cancelled();

private:
    QThread* thread_ = nullptr;
    bool active_ = false; // between start() and the job's last signal
    std::shared_ptr<std::atomic<bool>> cancel_;
    bool cancelAtFirstProgress_ = false;
};

} // namespace glm::app
