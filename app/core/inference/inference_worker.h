// The only owner of the engine objects (Engine, ComputeDevice, Model, Session, Tokenizer,
// ChatFormat). It lives in its own thread (InferenceService starts it there) and is driven only
// by queued calls; results come back as signals. Generating blocks this thread, never the UI:
// while a reply runs, further requests wait in the queue, and stopping goes around the queue
// through JobCancellation.
//
// Every request ends with exactly one answer: loadModel with modelLoaded or modelFailed,
// generate with finished or generationFailed (the text streamed before a failure was sent by
// `tokens` and is the partial reply).
#pragma once

#include "inference/inference_types.h"
#include "inference/job_cancellation.h"

#include <QObject>
#include <atomic>
#include <memory>

namespace glm {
class Engine;
class ComputeDevice;
class Model;
class Session;
class Tokenizer;
class ChatFormat;
struct SessionOptions;
} // namespace glm

namespace glm::app {

class InferenceWorker : public QObject {
    Q_OBJECT
public:
    struct Options {
        QString pipelineCacheDir; // empty: the engine's default (the user's cache folder)
        // Threads of the CPU backend (0: automatic, EngineOptions::cpu_threads).
        int cpuThreads = 0;
    };

    InferenceWorker(std::shared_ptr<JobCancellation> cancellation, const Options& options,
                    QObject* parent = nullptr);
    ~InferenceWorker() override;

    // Tests of the error paths: the next generations fail with a DeviceLost error after this
    // many tokens (-1: never). Any thread.
    void failAfterTokensForTesting(int tokens) { failAfterTokens_.store(tokens); }
    // Tests of stopping: during the next generations, "stop" is pressed (the same flag the UI
    // thread sets) right after this many tokens (-1: never). Any thread.
    void stopAfterTokensForTesting(int tokens) { stopAfterTokens_.store(tokens); }
    // The worker waits after token `tokens` until the reply is stopped (at most 30 s): a stop
    // from the UI thread then always lands mid-reply, however fast the machine is.
    void holdAfterTokensForTesting(int tokens) { holdAfterTokens_.store(tokens); }
    // Each token of the next generations takes at least this long (0: no pacing): a reply of n
    // tokens then lasts n × ms however fast the machine and the backend are. Any thread.
    void paceTokensForTesting(int ms) { paceTokensMs_.store(ms); }

public slots:
    void listDevices();
    // Threads of the CPU backend (0: automatic) from the next model load on: the engine, which
    // owns the CPU backend's threads, is made again then (never under a loaded model).
    void setCpuThreads(int threads);
    // An empty selector: the best device.
    void loadModel(quint64 loadId, const QString& path, const QString& deviceSelector,
                   const glm::app::SessionSettings& session);
    // Loads the current model again on another device, or with other session settings.
    void reloadModel(quint64 loadId, const QString& deviceSelector,
                     const glm::app::SessionSettings& session);
    void unloadModel();
    void generate(const glm::app::GenerationRequest& request);

signals:
    void devicesListed(const QList<glm::app::DeviceSummary>& devices);
    void devicesUnavailable(const glm::app::FailureAdvice& advice);
    void loadProgress(quint64 loadId, double fraction);
    void modelLoaded(quint64 loadId, const glm::app::LoadedModelInfo& info);
    void modelFailed(quint64 loadId, const glm::app::FailureAdvice& advice);
    // The loaded model is gone: on request (`why` empty), or because the device was lost.
    void modelUnloaded(const glm::app::FailureAdvice& why);
    void historyTrimmed(quint64 requestId, int droppedRounds);
    void tokens(quint64 requestId, const QString& text);
    void finished(const glm::app::GenerationResult& result);
    void generationFailed(quint64 requestId, const glm::app::FailureAdvice& advice);

private:
    // The engine, made with `cpuThreads` CPU backend threads when there is none.
    Engine& engine(int cpuThreads);
    // Makes the engine again when it runs the CPU backend with other threads than the setting;
    // only with no model loaded. Returns whether it did.
    bool applyCpuThreads();
    QList<DeviceSummary> describeDevices(Engine& engine) const;
    std::shared_ptr<ComputeDevice> openDevice(const QString& selector, QString* notice);
    LoadedModelInfo describeLoadedModel(const QString& notice) const;
    // A session with `options`, or with the model's default context when those do not fit
    // (and `notice` says so).
    std::unique_ptr<Session> openSession(const SessionOptions& options, QString* notice);
    // Runs a tiny reply so the driver compiles the kernels during loading, not the first reply.
    void warmUp(const std::atomic<bool>* cancel);
    void releaseModel();
    void forgetEngine();
    GenerationResult runGeneration(const GenerationRequest& request,
                                   const std::atomic<bool>* cancel, QString* streamed);

    std::shared_ptr<JobCancellation> cancellation_;
    Options options_;
    std::unique_ptr<Engine> engine_;
    int engineCpuThreads_ = 0;    // the setting engine_ was made with
    int automaticCpuThreads_ = 0; // what "automatic" came to (0: no engine was automatic yet)
    std::shared_ptr<ComputeDevice> device_;
    std::shared_ptr<Model> model_;
    std::unique_ptr<Tokenizer> tokenizer_;
    std::unique_ptr<ChatFormat> format_;
    std::unique_ptr<Session> session_;
    QString modelPath_;
    std::atomic<int> failAfterTokens_{-1};
    std::atomic<int> stopAfterTokens_{-1};
    std::atomic<int> holdAfterTokens_{-1};
    std::atomic<int> paceTokensMs_{0};
};

} // namespace glm::app
