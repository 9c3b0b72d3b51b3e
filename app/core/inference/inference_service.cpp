#include "inference/inference_service.h"

#include <QMetaObject>

namespace glm::app {

namespace {
using Kind = JobCancellation::Kind;
}

InferenceService::InferenceService(const InferenceWorker::Options& options, QObject* parent)
    : QObject(parent), cancellation_(std::make_shared<JobCancellation>()) {
    qRegisterMetaType<GenerationRequest>();
    qRegisterMetaType<GenerationResult>();
    qRegisterMetaType<FailureAdvice>();
    qRegisterMetaType<LoadedModelInfo>();
    qRegisterMetaType<DeviceSummary>();
    qRegisterMetaType<QList<DeviceSummary>>();

    thread_.setObjectName(QStringLiteral("inference"));
    worker_ = new InferenceWorker(cancellation_, options);
    worker_->moveToThread(&thread_);
    // The engine objects must be destroyed on the thread that used them.
    connect(&thread_, &QThread::finished, worker_, &QObject::deleteLater);

    const auto q = Qt::QueuedConnection;
    connect(worker_, &InferenceWorker::devicesListed, this, &InferenceService::devicesListed, q);
    connect(worker_, &InferenceWorker::devicesUnavailable, this,
            &InferenceService::devicesUnavailable, q);
    connect(worker_, &InferenceWorker::loadProgress, this, &InferenceService::loadProgress, q);
    connect(worker_, &InferenceWorker::modelLoaded, this, &InferenceService::modelLoaded, q);
    connect(worker_, &InferenceWorker::modelFailed, this, &InferenceService::modelFailed, q);
    connect(worker_, &InferenceWorker::modelUnloaded, this, &InferenceService::modelUnloaded, q);
    connect(worker_, &InferenceWorker::historyTrimmed, this, &InferenceService::historyTrimmed, q);
    connect(worker_, &InferenceWorker::tokens, this, &InferenceService::tokens, q);
    connect(worker_, &InferenceWorker::finished, this, &InferenceService::finished, q);
    connect(worker_, &InferenceWorker::generationFailed, this, &InferenceService::generationFailed,
            q);
    thread_.start();
}

InferenceService::~InferenceService() {
    cancellation_->cancelIssued(Kind::Generation);
    cancellation_->cancelIssued(Kind::Load);
    // Signals still queued for this object are dropped with it; the worker is deleted on its
    // own thread by the finished() connection, before wait() returns.
    thread_.quit();
    thread_.wait();
}

void InferenceService::listDevices() {
    QMetaObject::invokeMethod(worker_, &InferenceWorker::listDevices, Qt::QueuedConnection);
}

void InferenceService::setCpuThreads(int threads) {
    // Queued: it reaches the worker before any load asked for after it.
    QMetaObject::invokeMethod(
        worker_, [w = worker_, threads] { w->setCpuThreads(threads); }, Qt::QueuedConnection);
}

quint64 InferenceService::loadModel(const QString& path, const QString& deviceSelector,
                                    const SessionSettings& session) {
    // The reply being generated belongs to the model being replaced.
    cancellation_->cancelIssued(Kind::Generation);
    cancellation_->cancelIssued(Kind::Load);
    const quint64 id = cancellation_->issue(Kind::Load);
    QMetaObject::invokeMethod(
        worker_,
        [w = worker_, id, path, deviceSelector, session] {
            w->loadModel(id, path, deviceSelector, session);
        },
        Qt::QueuedConnection);
    return id;
}

quint64 InferenceService::reloadModel(const QString& deviceSelector,
                                      const SessionSettings& session) {
    cancellation_->cancelIssued(Kind::Generation);
    cancellation_->cancelIssued(Kind::Load);
    const quint64 id = cancellation_->issue(Kind::Load);
    QMetaObject::invokeMethod(
        worker_,
        [w = worker_, id, deviceSelector, session] { w->reloadModel(id, deviceSelector, session); },
        Qt::QueuedConnection);
    return id;
}

void InferenceService::cancelLoading() {
    cancellation_->cancelIssued(Kind::Load);
}

void InferenceService::unloadModel() {
    cancellation_->cancelIssued(Kind::Load);
    cancellation_->cancelIssued(Kind::Generation);
    QMetaObject::invokeMethod(worker_, &InferenceWorker::unloadModel, Qt::QueuedConnection);
}

quint64 InferenceService::generate(GenerationRequest request) {
    request.id = cancellation_->issue(Kind::Generation);
    lastRequest_ = request;
    QMetaObject::invokeMethod(
        worker_, [w = worker_, request] { w->generate(request); }, Qt::QueuedConnection);
    return request.id;
}

void InferenceService::stopGeneration() {
    cancellation_->cancelIssued(Kind::Generation);
}

} // namespace glm::app
