// The UI thread's handle on the inference thread: starts the thread with its InferenceWorker,
// numbers the jobs, posts them as queued calls, and forwards the worker's answers as its own
// signals (delivered on the UI thread). stopGeneration() and cancelLoading() act at once,
// whatever the worker is busy with. Destroying the service stops the current job and waits for
// the thread to end (at most one decode step or one weight chunk).
#pragma once

#include "inference/inference_types.h"
#include "inference/inference_worker.h"
#include "inference/job_cancellation.h"

#include <QObject>
#include <QThread>
#include <memory>

namespace glm::app {

class InferenceService : public QObject {
    Q_OBJECT
public:
    explicit InferenceService(const InferenceWorker::Options& options = {},
                              QObject* parent = nullptr);
    ~InferenceService() override;

    void listDevices();
    // Threads of the CPU backend (0: automatic); used from the next model load on.
    void setCpuThreads(int threads);
    // Returns the load's id (echoed by loadProgress/modelLoaded/modelFailed). A newer load
    // cancels one still running.
    quint64 loadModel(const QString& path, const QString& deviceSelector,
                      const SessionSettings& session);
    quint64 reloadModel(const QString& deviceSelector, const SessionSettings& session);
    void cancelLoading();
    void unloadModel();
    // Returns the request's id (echoed by tokens/finished/generationFailed).
    quint64 generate(GenerationRequest request);
    void stopGeneration();

    // For tests of error paths (see InferenceWorker::failAfterTokensForTesting).
    void failAfterTokensForTesting(int tokens) { worker_->failAfterTokensForTesting(tokens); }
    void stopAfterTokensForTesting(int tokens) { worker_->stopAfterTokensForTesting(tokens); }
    void holdAfterTokensForTesting(int tokens) { worker_->holdAfterTokensForTesting(tokens); }
    void paceTokensForTesting(int ms) { worker_->paceTokensForTesting(ms); }
    // Tests of what is asked and how a reply is shown: the newest request generate() sent (with
    // its id, which a test holding the worker answers with scripted tokens/finished signals).
    const GenerationRequest& lastRequestForTesting() const { return lastRequest_; }

signals:
    void devicesListed(const QList<glm::app::DeviceSummary>& devices);
    void devicesUnavailable(const glm::app::FailureAdvice& advice);
    void loadProgress(quint64 loadId, double fraction);
    void modelLoaded(quint64 loadId, const glm::app::LoadedModelInfo& info);
    void modelFailed(quint64 loadId, const glm::app::FailureAdvice& advice);
    // On request (`why` empty), or because the device was lost.
    void modelUnloaded(const glm::app::FailureAdvice& why);
    void historyTrimmed(quint64 requestId, int droppedRounds);
    void tokens(quint64 requestId, const QString& text);
    void finished(const glm::app::GenerationResult& result);
    void generationFailed(quint64 requestId, const glm::app::FailureAdvice& advice);

private:
    std::shared_ptr<JobCancellation> cancellation_;
    QThread thread_;
    InferenceWorker* worker_ = nullptr; // lives in thread_, deleted there when it finishes
    GenerationRequest lastRequest_;
};

} // namespace glm::app
