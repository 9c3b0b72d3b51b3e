#include "inference/inference_worker.h"

#include "glm/chat_format.h"
#include "glm/engine.h"
#include "glm/error.h"
#include "glm/model.h"
#include "glm/session.h"
#include "glm/tokenizer.h"
#include "inference/engine_advice.h"
#include "inference/inference_log.h"
#include "inference/token_coalescer.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QThread>
#include <algorithm>
#include <cmath>

namespace glm::app {

namespace {

using Kind = JobCancellation::Kind;

// More threads than this are no real machine's cores (a bad value from elsewhere).
constexpr int kMaxCpuThreads = 256;

std::filesystem::path toFsPath(const QString& path) {
#ifdef Q_OS_WIN
    return std::filesystem::path(path.toStdWString());
#else
    return std::filesystem::path(QFile::encodeName(path).toStdString());
#endif
}

glm::Error noTokenizerError(const QString& path) {
    return glm::Error(ErrorKind::InvalidFile,
                      QFileInfo(path).fileName().toStdString() +
                          " holds no tokenizer, so it cannot chat. It was converted from a "
                          "checkpoint folder without the tokenizer file (tokenizer.model, or "
                          "ice_text.model for ChatGLM-6B): put that file from the original "
                          "checkpoint into the folder and convert it again.");
}

// A question that does not fit the context, with the numbers the user needs to act on it.
struct QuestionTooLong : glm::Error {
    QuestionTooLong(const std::string& what, size_t needed, size_t budget, uint32_t context)
        : glm::Error(ErrorKind::ContextOverflow, what), needed(needed), budget(budget),
          context(context) {}
    size_t needed, budget;
    uint32_t context;
};

// Throws what loading `path` would throw for its metadata and tokenizer, without a GPU.
// A failure for the log: the translated reason and the engine's own words.
void logFailure(const char* what, const FailureAdvice& advice) {
    if (advice.cancelled) {
        qCInfo(lcInference) << what << "cancelled";
        return;
    }
    qCWarning(lcInference).noquote()
        << what << "failed:" << advice.reason
        << (advice.detail.isEmpty() ? QString() : QStringLiteral("(%1)").arg(advice.detail));
}

void checkModelFile(const QString& path) {
    if (!tokenizer_for_file(toFsPath(path))) throw noTokenizerError(path);
}

QString fromUtf8(const std::string& s) {
    return QString::fromUtf8(s.data(), qsizetype(s.size()));
}

// What the device picker says of a device's kind. The CPU backend names its instruction set and
// threads (driver_info), and a Vulkan CPU driver says it is the slower way to use the CPU.
QString deviceTypeName(const DeviceInfo& d) {
    if (d.backend == DeviceBackend::Cpu)
        return QCoreApplication::translate("Devices", "CPU backend, %1")
            .arg(fromUtf8(d.driver_info));
    switch (d.type) {
    case DeviceType::DiscreteGpu:
        return QCoreApplication::translate("Devices", "discrete GPU");
    case DeviceType::IntegratedGpu:
        return QCoreApplication::translate("Devices", "integrated GPU");
    case DeviceType::VirtualGpu:
        return QCoreApplication::translate("Devices", "virtual GPU");
    case DeviceType::Cpu:
        return QCoreApplication::translate("Devices",
                                           "CPU through a Vulkan software driver (slower than "
                                           "the CPU backend)");
    case DeviceType::Other:
        break;
    }
    return QCoreApplication::translate("Devices", "other");
}

// The engine's float defaults (0.8f) as the decimals people type (0.8), so that a value set in
// the settings compares equal to the default it came from.
double decimal(float v) {
    return std::round(double(v) * 1000.0) / 1000.0;
}

SamplingSettings toSettings(const SamplingParams& p) {
    SamplingSettings s;
    s.temperature = decimal(p.temperature);
    s.topP = decimal(p.top_p);
    s.topK = p.top_k;
    s.repetitionPenalty = decimal(p.repetition_penalty);
    return s;
}

SamplingParams toParams(const SamplingSettings& s) {
    SamplingParams p;
    p.temperature = float(s.temperature);
    p.top_p = float(s.topP);
    p.top_k = s.topK;
    p.repetition_penalty = float(s.repetitionPenalty);
    p.seed = s.seed;
    return p;
}

GenerationStop toStop(StopReason reason) {
    switch (reason) {
    case StopReason::EndOfText:
        return GenerationStop::EndOfText;
    case StopReason::MaxTokens:
        return GenerationStop::MaxTokens;
    case StopReason::Cancelled:
        return GenerationStop::Stopped;
    case StopReason::ContextFull:
        return GenerationStop::ContextFull;
    }
    return GenerationStop::EndOfText;
}

std::vector<ChatMessage> toMessages(const QList<ChatTurn>& turns) {
    std::vector<ChatMessage> messages;
    messages.reserve(size_t(turns.size()));
    for (const ChatTurn& t : turns)
        messages.push_back({t.role == ChatTurn::Role::User ? Role::User : Role::Assistant,
                            t.text.toStdString(),
                            {}});
    return messages;
}

bool isDeviceLost(const std::exception& e) {
    const auto* err = dynamic_cast<const glm::Error*>(&e);
    return err && err->kind() == ErrorKind::DeviceLost;
}

} // namespace

InferenceWorker::InferenceWorker(std::shared_ptr<JobCancellation> cancellation,
                                 const Options& options, QObject* parent)
    : QObject(parent), cancellation_(std::move(cancellation)), options_(options) {
    setCpuThreads(options.cpuThreads); // a bad value is automatic or the most there can be
}

// Order matters: the session and model hold device memory of the device, which the engine owns.
InferenceWorker::~InferenceWorker() {
    releaseModel();
    forgetEngine();
}

Engine& InferenceWorker::engine(int cpuThreads) {
    if (!engine_) {
        EngineOptions eo;
        eo.validation = qEnvironmentVariableIntValue("GLM_VULKAN_VALIDATION") != 0;
        if (!options_.pipelineCacheDir.isEmpty())
            eo.pipeline_cache_dir = toFsPath(options_.pipelineCacheDir).string();
        eo.cpu_threads = uint32_t(cpuThreads);
        engine_ = std::make_unique<Engine>(eo);
        engineCpuThreads_ = cpuThreads;
        for (const DeviceInfo& d : engine_->devices()) {
            if (d.backend != DeviceBackend::Cpu) continue;
            if (cpuThreads == 0) automaticCpuThreads_ = int(d.threads);
            qCInfo(lcInference).noquote()
                << QStringLiteral("the CPU backend runs %1 threads (%2)")
                       .arg(d.threads)
                       .arg(cpuThreads == 0 ? QStringLiteral("automatic")
                                            : QStringLiteral("set in settings"));
        }
    }
    return *engine_;
}

bool InferenceWorker::applyCpuThreads() {
    if (model_ || !engine_ || engineCpuThreads_ == options_.cpuThreads) return false;
    forgetEngine();
    return true;
}

void InferenceWorker::setCpuThreads(int threads) {
    options_.cpuThreads = std::clamp(threads, 0, kMaxCpuThreads);
}

void InferenceWorker::forgetEngine() {
    device_.reset();
    engine_.reset();
}

void InferenceWorker::releaseModel() {
    session_.reset();
    format_.reset();
    tokenizer_.reset();
    model_.reset();
}

QList<DeviceSummary> InferenceWorker::describeDevices(Engine& e) const {
    const DeviceInfo* preferred = nullptr;
    try {
        preferred = &e.choose();
    } catch (const glm::Error&) {
        // nothing usable: every device is listed with its reason
    }
    QList<DeviceSummary> list;
    for (const DeviceInfo& d : e.devices()) {
        DeviceSummary s;
        s.index = int(d.index);
        s.name = fromUtf8(d.name);
        s.vendor = fromUtf8(d.vendor);
        s.type = deviceTypeName(d);
        s.driver = fromUtf8(d.driver_name);
        s.memoryBytes = d.device_local_bytes();
        s.usable = d.usable;
        s.unusableReason = fromUtf8(d.unusable_reason);
        s.preferred = preferred && preferred->index == d.index;
        s.cpuBackend = d.backend == DeviceBackend::Cpu;
        if (d.backend == DeviceBackend::Cpu) {
            s.threads = int(d.threads);
            s.automaticThreads = automaticCpuThreads_;
        }
        // Why the CPU backend is the automatic choice: no GPU to run on.
        if (s.preferred && d.backend == DeviceBackend::Cpu)
            s.type += QCoreApplication::translate("Devices", " — chosen because no usable "
                                                             "GPU was found");
        qCInfo(lcInference).noquote()
            << QStringLiteral("device %1: %2 (%3, %4, driver %5, %6 MiB), %7")
                   .arg(s.index)
                   .arg(s.name, s.type, s.vendor, s.driver)
                   .arg(s.memoryBytes / (1024 * 1024))
                   .arg(s.usable ? (s.preferred ? QStringLiteral("usable, preferred")
                                                : QStringLiteral("usable"))
                                 : QStringLiteral("unusable: ") + s.unusableReason);
        list.append(s);
    }
    if (!e.vulkan_unavailable_reason().empty())
        qCInfo(lcInference).noquote()
            << "Vulkan is not available:" << fromUtf8(e.vulkan_unavailable_reason());
    return list;
}

void InferenceWorker::listDevices() {
    try {
        // Without a model the engine can be made again: with the thread setting, or, while no
        // engine was automatic yet, automatic, so that the settings can say what "automatic"
        // comes to (the next load makes it again with the setting).
        if (!model_ && engine_ && automaticCpuThreads_ == 0 && engineCpuThreads_ != 0)
            forgetEngine();
        else
            applyCpuThreads();
        Engine& e = engine(automaticCpuThreads_ == 0 ? 0 : options_.cpuThreads);
        emit devicesListed(describeDevices(e));
    } catch (const std::exception& e) {
        if (!model_) forgetEngine(); // a loaded model still needs its engine
        const FailureAdvice advice = adviceFor(e, FailedAction::ListDevices);
        logFailure("listing the Vulkan devices", advice);
        emit devicesUnavailable(advice);
    }
}

std::shared_ptr<ComputeDevice> InferenceWorker::openDevice(const QString& selector,
                                                           QString* notice) {
    Engine& e = engine(options_.cpuThreads);
    const DeviceInfo* target = nullptr;
    try {
        target = &e.choose(selector.toStdString());
    } catch (const glm::Error& err) {
        // The saved device is gone (unplugged, driver removed) or can no longer be used: use the
        // best one left, and say so.
        if (selector.isEmpty()) throw;
        const bool missing =
            err.kind() == ErrorKind::DeviceNotFound || err.kind() == ErrorKind::InvalidArgument;
        if (!missing && err.kind() != ErrorKind::NoVulkan) throw;
        target = &e.choose();
        *notice = missing ? tr("The device “%1” was not found; using %2 instead.")
                                .arg(selector, fromUtf8(target->name))
                          : tr("The device “%1” cannot be used (%2); using %3 instead.")
                                .arg(selector, fromUtf8(err.what()), fromUtf8(target->name));
        qCWarning(lcInference).noquote()
            << QStringLiteral("device %1 not usable (%2), using %3")
                   .arg(selector, fromUtf8(err.what()), fromUtf8(target->name));
    }
    if (device_ && device_->info().index == target->index) return device_;
    device_.reset();
    qCInfo(lcInference).noquote() << "opening device" << target->index << fromUtf8(target->name)
                                  << (selector.isEmpty() ? QStringLiteral("(automatic choice)")
                                                         : QStringLiteral("(chosen in settings)"));
    device_ = e.open(std::to_string(target->index));
    return device_;
}

std::unique_ptr<Session> InferenceWorker::openSession(const SessionOptions& options,
                                                      QString* notice) {
    try {
        return std::make_unique<Session>(model_, options);
    } catch (const glm::Error& e) {
        // The user's context length may not fit this device: the model's default still might.
        if (options.context_length == 0 || e.kind() == ErrorKind::Cancelled ||
            e.kind() == ErrorKind::DeviceLost)
            throw;
        SessionOptions fallback = options;
        fallback.context_length = 0;
        auto session = std::make_unique<Session>(model_, fallback);
        const QString why = tr("The context length set for this model (%1 tokens) could not be "
                               "used (%2), so the model's default of %3 tokens is used. Change "
                               "it in Settings → Model.")
                                .arg(options.context_length)
                                .arg(fromUtf8(e.what()))
                                .arg(session->context_length());
        *notice = notice->isEmpty() ? why : *notice + u' ' + why;
        return session;
    }
}

void InferenceWorker::warmUp(const std::atomic<bool>* cancel) {
    // Drivers compile a kernel when it first runs: seconds for the first reply on some, and a
    // stop could not end that wait. A two-token reply to a short question runs each kernel a
    // reply uses (prompt pass, sampling, decode step) now, while the load shows its progress
    // and can be cancelled; the cache is emptied again after it.
    const std::vector<ChatMessage> hello{{Role::User, "hi", {}}};
    const ChatPrompt prompt = format_->build(hello, {}, session_->context_length() / 2);
    GenerateParams params;
    params.max_new_tokens = 2;
    params.stop_ids = format_->stop_ids();
    params.vocab_limit = uint32_t(tokenizer_->vocab_size());
    params.sampling = toParams(SamplingSettings{});
    session_->generate(
        prompt.ids, params, [](int32_t) {}, cancel);
    if (cancel && cancel->load()) throw glm::Error(ErrorKind::Cancelled, "loading was cancelled");
    params.sampling.temperature = 0; // greedy replies take another path
    session_->generate(
        prompt.ids, params, [](int32_t) {}, cancel);
    session_->reset();
    if (cancel && cancel->load()) throw glm::Error(ErrorKind::Cancelled, "loading was cancelled");
}

LoadedModelInfo InferenceWorker::describeLoadedModel(const QString& notice) const {
    const ModelConfig& c = model_->config();
    LoadedModelInfo info;
    info.path = modelPath_;
    info.name = c.name.empty() ? QFileInfo(modelPath_).completeBaseName() : fromUtf8(c.name);
    info.generation = QString::fromLatin1(to_string(c.generation));
    info.generationNumber = int(c.generation);
    info.weightType = QString::fromLatin1(to_string(model_->weight_type()));
    info.deviceName = fromUtf8(device_->info().name);
    info.onCpuBackend = device_->is_cpu();
    info.weightBytes = model_->weight_bytes();
    info.contextLength = int(session_->context_length());
    info.maxContextLength = int(c.context_length);
    // Keys and values for every layer and position (the session's cache).
    info.compactKvCache = session_->kv_cache_type() == KvCacheType::Q8_0;
    info.contextBytes = quint64(c.layers) * session_->context_length() * c.kv_heads * 2 *
                        kv_cache_row_bytes(session_->kv_cache_type(), c.head_dim);
    info.hasSystemPrompt = format_->has_system_prompt();
    info.replyStartsInThinking = format_->reply_starts_in_thinking();
    info.defaults = toSettings(default_sampling(int(c.generation)));
    info.notice = notice;
    return info;
}

void InferenceWorker::loadModel(quint64 loadId, const QString& path, const QString& deviceSelector,
                                const SessionSettings& session) {
    const std::atomic<bool>* cancel = cancellation_->begin(Kind::Load, loadId);
    // A file that cannot chat must not cost the model that is loaded: its metadata and
    // tokenizer are checked (no GPU needed) before anything is released.
    if (session_ && path != modelPath_) {
        try {
            checkModelFile(path);
        } catch (const std::exception& e) {
            FailureAdvice advice = adviceFor(e, FailedAction::LoadModel);
            advice.previousModelKept = true;
            logFailure("checking the model file (the loaded model stays)", advice);
            emit modelFailed(loadId, advice);
            return;
        }
    }
    // Free the old model first: two models rarely fit in video memory at once.
    releaseModel();
    modelPath_ = path;
    qCInfo(lcInference).noquote() << "loading model" << path;
    try {
        if (cancel->load()) throw glm::Error(ErrorKind::Cancelled, "loading was cancelled");
        QString notice;
        // A new thread setting takes effect now that no model holds the engine; the device
        // picker then shows the CPU backend with its new threads.
        const bool engineRemade = applyCpuThreads();
        auto device = openDevice(deviceSelector, &notice);
        if (engineRemade) emit devicesListed(describeDevices(*engine_));
        LoadOptions lo;
        lo.cancel = cancel;
        int lastPermille = -1;
        lo.progress = [&](uint64_t done, uint64_t total) {
            const int permille = total ? int(done * 1000 / total) : 1000;
            if (permille / 10 == lastPermille / 10) return; // at most 100 updates
            lastPermille = permille;
            emit loadProgress(loadId, permille / 1000.0);
        };
        model_ = Model::load(device, toFsPath(path), lo);
        tokenizer_ = tokenizer_for(*model_);
        if (!tokenizer_) throw noTokenizerError(path);
        format_ = chat_format_for(*model_, *tokenizer_);
        SessionOptions so;
        // A stored length the model cannot hold (a hand-edited settings file, a value chosen for
        // another model) is capped at the model's own maximum instead of failing every load.
        so.context_length =
            uint32_t(std::clamp(session.contextLength, 0, int(model_->config().context_length)));
        if (session.compactKvCache) {
            if (kv_cache_row_bytes(KvCacheType::Q8_0, model_->config().head_dim) != 0)
                so.kv_cache = KvCacheType::Q8_0;
            else // added to a device notice, if there is one
                notice = (notice.isEmpty() ? QString() : notice + u' ') +
                         tr("This model's attention heads cannot use compact context memory; "
                            "it uses the standard 16-bit memory.");
        }
        session_ = openSession(so, &notice);
        warmUp(cancel);
        const LoadedModelInfo info = describeLoadedModel(notice);
        qCInfo(lcInference).noquote()
            << QStringLiteral("model loaded: %1 (%2, %3) on %4, context %5 tokens, %6 MiB of "
                              "weights, %7 MiB of %8-bit context memory")
                   .arg(info.name, info.generation, info.weightType, info.deviceName)
                   .arg(info.contextLength)
                   .arg(info.weightBytes / (1024 * 1024))
                   .arg(info.contextBytes / (1024 * 1024))
                   .arg(info.compactKvCache ? 8 : 16);
        if (!notice.isEmpty()) qCWarning(lcInference).noquote() << "model notice:" << notice;
        emit modelLoaded(loadId, info);
    } catch (const std::exception& e) {
        releaseModel();
        if (isDeviceLost(e)) forgetEngine();
        FailureAdvice advice = adviceFor(e, FailedAction::LoadModel);
        const auto* err = dynamic_cast<const glm::Error*>(&e);
        advice.cancelled = err && err->kind() == ErrorKind::Cancelled;
        logFailure("loading the model", advice);
        emit modelFailed(loadId, advice);
    }
}

void InferenceWorker::reloadModel(quint64 loadId, const QString& deviceSelector,
                                  const SessionSettings& session) {
    if (modelPath_.isEmpty()) {
        cancellation_->begin(Kind::Load, loadId);
        emit modelFailed(loadId, {tr("No model is loaded."), tr("Open a model first."), {}, false});
        return;
    }
    loadModel(loadId, modelPath_, deviceSelector, session);
}

void InferenceWorker::unloadModel() {
    releaseModel();
    modelPath_.clear();
    emit modelUnloaded({});
}

void InferenceWorker::generate(const GenerationRequest& request) {
    const std::atomic<bool>* cancel = cancellation_->begin(Kind::Generation, request.id);
    if (!session_) {
        emit generationFailed(request.id, {tr("No model is loaded."),
                                           tr("Open a model, then send the message again."),
                                           {},
                                           false});
        return;
    }
    QString streamed;
    try {
        emit finished(runGeneration(request, cancel, &streamed));
    } catch (const std::exception& e) {
        FailureAdvice advice = adviceFor(e, FailedAction::Generate);
        if (const auto* tooLong = dynamic_cast<const QuestionTooLong*>(&e))
            advice.reason = tr("The message is too long for the model's context: it needs %1 "
                               "tokens, but only %2 fit (the context holds %3 tokens, and the "
                               "rest is kept for the reply).")
                                .arg(tooLong->needed)
                                .arg(tooLong->budget)
                                .arg(tooLong->context);
        logFailure("generating a reply", advice);
        if (isDeviceLost(e)) {
            // Nothing on that device can be trusted any more; the next load starts afresh.
            releaseModel();
            forgetEngine();
            emit modelUnloaded(advice);
        } else if (session_) {
            try {
                session_->reset(); // the KV cache may hold half a step
            } catch (const std::exception& resetError) {
                releaseModel();
                emit modelUnloaded(adviceFor(resetError, FailedAction::Generate));
            }
        }
        emit generationFailed(request.id, advice);
    }
}

GenerationResult InferenceWorker::runGeneration(const GenerationRequest& request,
                                                const std::atomic<bool>* cancel,
                                                QString* streamed) {
    QElapsedTimer clock;
    clock.start();
    GenerationResult result;
    result.id = request.id;
    const auto messages = toMessages(request.turns);
    const uint32_t context = session_->context_length();
    const uint32_t maxNew = uint32_t(std::clamp(request.sampling.maxNewTokens, 1, int(context)));
    // Leave room for the answer (but never more than half the context, so a long reply limit
    // does not crowd out the question); the oldest rounds are dropped to fit the rest. A reply
    // that outgrows its room ends with ContextFull.
    const size_t budget = context - std::min(maxNew, context / 2);
    ChatPrompt prompt;
    try {
        prompt = format_->build(messages, request.systemPrompt.toStdString(), budget);
    } catch (const glm::Error& e) {
        if (e.kind() != ErrorKind::ContextOverflow || messages.empty()) throw;
        // How long the question alone is, so the message can say how far over it is.
        const size_t needed =
            format_
                ->build(std::span(messages).last(1), request.systemPrompt.toStdString(), SIZE_MAX)
                .ids.size();
        throw QuestionTooLong(e.what(), needed, budget, context);
    }
    result.droppedRounds = int(prompt.dropped_rounds);
    if (prompt.dropped_rounds > 0) emit historyTrimmed(request.id, result.droppedRounds);

    GenerateParams params;
    params.sampling = toParams(request.sampling);
    params.max_new_tokens = maxNew;
    params.stop_ids = format_->stop_ids();
    params.vocab_limit = uint32_t(tokenizer_->vocab_size());

    StreamingDetokenizer detokenizer(*tokenizer_);
    std::string reply;
    TokenCoalescer coalescer([&](const QString& text) {
        streamed->append(text);
        emit tokens(request.id, text);
    });
    const int failAfter = failAfterTokens_.load();
    const int stopAfter = stopAfterTokens_.load();
    const int holdAfter = holdAfterTokens_.load();
    const int paceMs = paceTokensMs_.load();
    int count = 0;
    auto onToken = [&](int32_t id) {
        if (paceMs > 0) QThread::msleep(paceMs);
        if (failAfter >= 0 && count >= failAfter)
            throw glm::Error(ErrorKind::DeviceLost, "test: the device was lost (injected)");
        ++count;
        if (count == stopAfter) cancellation_->cancelIssued(JobCancellation::Kind::Generation);
        if (count == holdAfter) {
            coalescer.flush(); // what came so far reaches the UI, which then stops the reply
            QElapsedTimer held;
            held.start();
            while (!cancel->load() && held.elapsed() < 30000) QThread::msleep(1);
        }
        const std::string piece = detokenizer.push(id);
        reply += piece;
        coalescer.push(fromUtf8(piece));
    };
    GenerationStats stats;
    try {
        stats = session_->generate(prompt.ids, params, onToken, cancel);
    } catch (...) {
        coalescer.flush(); // the partial reply reaches the UI before the failure
        throw;
    }
    const std::string tail = detokenizer.finish();
    reply += tail;
    coalescer.push(fromUtf8(tail));
    coalescer.flush();

    result.text = fromUtf8(format_->postprocess(reply));
    result.stop = toStop(stats.stop);
    result.promptTokens = int(stats.prompt_tokens);
    result.reusedPromptTokens = int(stats.reused_tokens);
    result.generatedTokens = int(stats.generated_tokens);
    result.tokensPerSecond = stats.decode_tokens_per_second();
    result.timeToFirstTokenMs = stats.time_to_first_token_ms;
    result.durationMs = double(clock.nsecsElapsed()) / 1e6;
    return result;
}

} // namespace glm::app
