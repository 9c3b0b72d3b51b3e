// InferenceWorker behind InferenceService, with the engine on lavapipe and tiny chat models
// (tests/support/golden_models.h): loading, streaming, stop, and every failure path ending in a
// message for the user while the worker stays usable.
#include "golden_models.h"
#include "inference/inference_service.h"
#include "vulkan_test_support.h"

#include <QElapsedTimer>
#include <QTemporaryDir>
#include <QtTest>

using namespace glm::app;

namespace {

GenerationRequest ask(const QString& text, int maxNewTokens = 24) {
    GenerationRequest r;
    r.turns = {{ChatTurn::Role::User, text}};
    r.sampling.temperature = 0; // greedy: the same reply every time
    r.sampling.maxNewTokens = maxNewTokens;
    return r;
}

QString joined(const QSignalSpy& tokens) {
    QString all;
    for (const auto& args : tokens) all += args.at(1).toString();
    return all;
}

} // namespace

class TestInferenceWorker : public QObject {
    Q_OBJECT
    QTemporaryDir dir_;
    QString glm3_, glm1_;
    std::unique_ptr<InferenceService> service_;

    InferenceWorker::Options options() { return {QStringLiteral("-")}; }

    LoadedModelInfo load(const QString& path, SessionSettings session = {}) {
        QSignalSpy loaded(service_.get(), &InferenceService::modelLoaded);
        QSignalSpy failed(service_.get(), &InferenceService::modelFailed);
        const quint64 id = service_->loadModel(path, QString(), session);
        if (!loaded.wait(60000)) {
            qWarning() << "load failed:"
                       << (failed.isEmpty() ? QString()
                                            : failed.first().at(1).value<FailureAdvice>().detail);
            return {};
        }
        if (loaded.first().at(0).toULongLong() != id) return {};
        return loaded.first().at(1).value<LoadedModelInfo>();
    }

private slots:
    void initTestCase() {
        glm3_ = dir_.filePath(QStringLiteral("chat-glm3.gguf"));
        glm1_ = dir_.filePath(QStringLiteral("chat-glm1.gguf"));
        glm::test::write_chat_test_model("glm3", glm3_.toStdString());
        glm::test::write_chat_test_model("glm1", glm1_.toStdString());
        service_ = std::make_unique<InferenceService>(options());
    }
    void cleanup() { GLM_VERIFY_NO_VALIDATION_ERRORS(); }
    void cleanupTestCase() { service_.reset(); }

    void listsDevices() {
        QSignalSpy listed(service_.get(), &InferenceService::devicesListed);
        service_->listDevices();
        QVERIFY(listed.wait(30000));
        const auto devices = listed.first().at(0).value<QList<DeviceSummary>>();
        QVERIFY(!devices.isEmpty());
        int preferred = 0;
        for (const auto& d : devices) {
            QVERIFY(!d.name.isEmpty());
            QVERIFY(d.usable || !d.unusableReason.isEmpty());
            preferred += d.preferred;
        }
        QCOMPARE(preferred, 1);
    }

    void loadsAndDescribesTheModel() {
        QSignalSpy progress(service_.get(), &InferenceService::loadProgress);
        const LoadedModelInfo info = load(glm3_, {256});
        QCOMPARE(info.path, glm3_);
        QCOMPARE(info.generation, QStringLiteral("ChatGLM3-6B"));
        QCOMPARE(info.generationNumber, 3);
        QCOMPARE(info.weightType, QStringLiteral("Q8_0"));
        QCOMPARE(info.contextLength, 256);
        QVERIFY(info.hasSystemPrompt);
        QVERIFY(info.weightBytes > 0);
        // 2 layers x 256 positions x 2 kv heads x 32 dims x (K+V) x fp16
        QCOMPARE(info.contextBytes, quint64(2 * 256 * 2 * 32 * 2 * 2));
        QVERIFY(!info.deviceName.isEmpty());
        QCOMPARE(info.defaults.temperature, 0.8);
        QVERIFY(!progress.isEmpty());
        QCOMPARE(progress.last().at(1).toDouble(), 1.0);
    }

    // The 8-bit KV cache: 36 bytes per 32 values instead of 64, and replies still come.
    void compactContextMemory() {
        const LoadedModelInfo info = load(glm3_, {256, true});
        QVERIFY(info.compactKvCache);
        QCOMPARE(info.contextLength, 256);
        // 2 layers x 256 positions x 2 kv heads x (K+V) x (32 int8 + one fp32 scale)
        QCOMPARE(info.contextBytes, quint64(2 * 256 * 2 * 2 * (32 + 4)));
        QSignalSpy finished(service_.get(), &InferenceService::finished);
        service_->generate(ask(QStringLiteral("你好"), 20));
        QVERIFY(finished.wait(60000));
        const auto result = finished.first().at(0).value<GenerationResult>();
        QVERIFY(result.generatedTokens > 0);
        QVERIFY(!result.text.isEmpty());
        QVERIFY(!load(glm3_).compactKvCache); // the default
    }

    void streamsAReply() {
        load(glm3_);
        QSignalSpy tokens(service_.get(), &InferenceService::tokens);
        QSignalSpy finished(service_.get(), &InferenceService::finished);
        GenerationRequest r = ask(QStringLiteral("你好，请介绍一下你自己。"), 40);
        r.systemPrompt = QStringLiteral("You are a helpful assistant.");
        const quint64 id = service_->generate(r);
        QVERIFY(finished.wait(60000));
        const auto result = finished.first().at(0).value<GenerationResult>();
        QCOMPARE(result.id, id);
        QVERIFY(result.generatedTokens > 0);
        QVERIFY(result.promptTokens > 0);
        QVERIFY(result.timeToFirstTokenMs > 0);
        QVERIFY(result.durationMs >= result.timeToFirstTokenMs);
        QVERIFY(!tokens.isEmpty());
        for (const auto& args : tokens) QCOMPARE(args.at(0).toULongLong(), id);
        // The final text is the official post-processing of what streamed (GLM3: trimmed).
        QCOMPARE(result.text, joined(tokens).trimmed());
        // Coalescing: no more updates than ~30 a second (+2 for the first and the final flush).
        QVERIFY2(
            tokens.size() <= int(result.durationMs / 33.0) + 2,
            qPrintable(
                QStringLiteral("%1 updates in %2 ms").arg(tokens.size()).arg(result.durationMs)));
        // Greedy is deterministic, and the second run reuses the cached prompt.
        QSignalSpy again(service_.get(), &InferenceService::finished);
        service_->generate(r);
        QVERIFY(again.wait(60000));
        QCOMPARE(again.first().at(0).value<GenerationResult>().text, result.text);
    }

    void stopEndsTheReplyPromptly() {
        load(glm3_);
        QSignalSpy tokens(service_.get(), &InferenceService::tokens);
        QSignalSpy finished(service_.get(), &InferenceService::finished);
        // The worker holds after token 5 until stopped, so the stop lands mid-reply on any
        // machine (a slow UI thread once let the whole reply finish first).
        service_->holdAfterTokensForTesting(5);
        service_->generate(ask(QStringLiteral("Tell me a long story."), 400));
        while (tokens.isEmpty()) QVERIFY(tokens.wait(60000));
        QElapsedTimer clock;
        clock.start();
        service_->stopGeneration();
        QVERIFY(finished.wait(10000));
        const qint64 ms = clock.elapsed();
        service_->holdAfterTokensForTesting(-1);
        const auto result = finished.first().at(0).value<GenerationResult>();
        QCOMPARE(result.stop, GenerationStop::Stopped);
        QVERIFY(result.generatedTokens < 400);
        QCOMPARE(result.text, joined(tokens).trimmed()); // the partial reply is all there
        qInfo("stop returned after %lld ms (%d tokens generated)", ms, result.generatedTokens);
        QVERIFY2(ms < 2000, qPrintable(QString::number(ms)));
    }

    // "Returns within one token": stop pressed while token N is handed out (the same flag the
    // UI thread sets) ends the reply with at most one more token, for several N.
    void stopTakesAtMostOneMoreToken() {
        load(glm3_);
        for (int n : {1, 5, 17}) {
            QSignalSpy finished(service_.get(), &InferenceService::finished);
            service_->stopAfterTokensForTesting(n);
            service_->generate(ask(QStringLiteral("Tell me a long story."), 200));
            QVERIFY(finished.wait(60000));
            service_->stopAfterTokensForTesting(-1);
            const auto result = finished.first().at(0).value<GenerationResult>();
            QCOMPARE(result.stop, GenerationStop::Stopped);
            qInfo("stop pressed at token %d: %d tokens generated", n, result.generatedTokens);
            QVERIFY2(result.generatedTokens >= n && result.generatedTokens <= n + 1,
                     qPrintable(QString::number(result.generatedTokens)));
        }
    }

    void stopBeforeTheReplyStarts() {
        load(glm3_);
        QSignalSpy finished(service_.get(), &InferenceService::finished);
        service_->generate(ask(QStringLiteral("never mind"), 400));
        service_->stopGeneration(); // still queued: it starts stopped
        QVERIFY(finished.wait(30000));
        const auto result = finished.first().at(0).value<GenerationResult>();
        QCOMPARE(result.stop, GenerationStop::Stopped);
        QVERIFY(result.generatedTokens <= 1);
        // The next request is not affected by that stop.
        QSignalSpy next(service_.get(), &InferenceService::finished);
        service_->generate(ask(QStringLiteral("hello"), 5));
        QVERIFY(next.wait(30000));
        QVERIFY(next.first().at(0).value<GenerationResult>().stop != GenerationStop::Stopped);
    }

    void oldRoundsAreDroppedToFit() {
        load(glm3_, {256});
        QSignalSpy trimmed(service_.get(), &InferenceService::historyTrimmed);
        QSignalSpy finished(service_.get(), &InferenceService::finished);
        GenerationRequest r = ask(QStringLiteral("and now?"), 64);
        QList<ChatTurn> history;
        for (int i = 0; i < 12; ++i) {
            history.append(
                {ChatTurn::Role::User, QStringLiteral("question %1 with some words in it").arg(i)});
            history.append({ChatTurn::Role::Assistant,
                            QStringLiteral("answer %1 with some more words in it").arg(i)});
        }
        r.turns = history + r.turns;
        service_->generate(r);
        QVERIFY(finished.wait(60000));
        QCOMPARE(trimmed.size(), 1);
        const int dropped = trimmed.first().at(1).toInt();
        QVERIFY(dropped > 0 && dropped < 12);
        QCOMPARE(finished.first().at(0).value<GenerationResult>().droppedRounds, dropped);
    }

    void messageTooLongForTheContext() {
        load(glm3_, {256});
        QSignalSpy failed(service_.get(), &InferenceService::generationFailed);
        service_->generate(ask(QString(3000, u'字'), 16));
        QVERIFY(failed.wait(60000));
        const auto advice = failed.first().at(1).value<FailureAdvice>();
        QVERIFY(advice.reason.contains(QStringLiteral("too long")));
        // With the numbers: 256 tokens of context, 16 kept for the reply, 240 for the question.
        QVERIFY2(advice.reason.contains(QStringLiteral("only 240 fit")) &&
                     advice.reason.contains(QStringLiteral("256 tokens")),
                 qPrintable(advice.reason));
        QVERIFY(!advice.suggestion.isEmpty());
        QVERIFY(!advice.detail.isEmpty());
        // Still usable.
        QSignalSpy finished(service_.get(), &InferenceService::finished);
        service_->generate(ask(QStringLiteral("short"), 4));
        QVERIFY(finished.wait(60000));
    }

    void badFilesFailWithAReason_data() {
        QTest::addColumn<QByteArray>("content");
        QTest::addColumn<QString>("reason");
        QTest::addRow("not gguf") << QByteArray("this is not a model\n")
                                  << "not a usable GLM model";
        QTest::addRow("truncated") << QByteArray("GGUF\x03\0\0\0", 8) << "not a usable GLM model";
        QTest::addRow("missing") << QByteArray() << "could not be read";
    }
    void badFilesFailWithAReason() {
        QFETCH(QByteArray, content);
        QFETCH(QString, reason);
        const QString path =
            dir_.filePath(QStringLiteral("bad-%1.gguf").arg(QTest::currentDataTag()));
        if (!content.isEmpty()) {
            QFile f(path);
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write(content);
        }
        // With no model loaded (a loaded one would be kept: anUnusableFileKeepsTheLoadedModel).
        QSignalSpy unloaded(service_.get(), &InferenceService::modelUnloaded);
        service_->unloadModel();
        QVERIFY(unloaded.wait(10000));
        QSignalSpy failed(service_.get(), &InferenceService::modelFailed);
        const quint64 id = service_->loadModel(path, QString(), {});
        QVERIFY(failed.wait(30000));
        QCOMPARE(failed.first().at(0).toULongLong(), id);
        const auto advice = failed.first().at(1).value<FailureAdvice>();
        QVERIFY2(advice.reason.contains(reason), qPrintable(advice.reason + " / " + advice.detail));
        QVERIFY(!advice.cancelled);
        // A generation without a model says so instead of hanging.
        QSignalSpy genFailed(service_.get(), &InferenceService::generationFailed);
        service_->generate(ask(QStringLiteral("hi")));
        QVERIFY(genFailed.wait(10000));
        // And a good model loads afterwards.
        QCOMPARE(load(glm1_).generationNumber, 1);
    }

    // A file that cannot chat (no tokenizer) is refused before the loaded model is released:
    // that one stays loaded and keeps answering.
    void anUnusableFileKeepsTheLoadedModel() {
        QCOMPARE(load(glm3_).generationNumber, 3);
        const QString bare = dir_.filePath(QStringLiteral("no-tokenizer.gguf"));
        glm::test::write_random_gguf(glm::test::random_glm2_config(), bare.toStdString(),
                                     glm::TensorType::F32, glm::TensorType::F32);
        QSignalSpy failed(service_.get(), &InferenceService::modelFailed);
        service_->loadModel(bare, QString(), {});
        QVERIFY(failed.wait(30000));
        const auto advice = failed.first().at(1).value<FailureAdvice>();
        QVERIFY(advice.previousModelKept);
        QVERIFY2(advice.detail.contains(QStringLiteral("tokenizer.model")),
                 qPrintable(advice.detail));
        QVERIFY(!advice.detail.contains(QStringLiteral("glm-cli convert, which embeds")));
        QSignalSpy finished(service_.get(), &InferenceService::finished);
        service_->generate(ask(QStringLiteral("still there?"), 4));
        QVERIFY(finished.wait(60000));
        QVERIFY(finished.first().at(0).value<GenerationResult>().generatedTokens > 0);
    }

    // A stored context length beyond what the model holds (hand-edited, or set for another
    // model) loads with the model's own maximum instead of failing every time.
    void contextLengthIsCappedAtTheModels() {
        const LoadedModelInfo info = load(glm3_, {999999999});
        QVERIFY(info.maxContextLength > 0);
        QCOMPARE(info.contextLength, info.maxContextLength);
    }

    void unknownDeviceFallsBackWithANotice() {
        QSignalSpy loaded(service_.get(), &InferenceService::modelLoaded);
        service_->loadModel(glm1_, QStringLiteral("No Such GPU 9000"), {});
        QVERIFY(loaded.wait(60000));
        const auto info = loaded.first().at(1).value<LoadedModelInfo>();
        QVERIFY(info.notice.contains(QStringLiteral("No Such GPU 9000")));
    }

    void deviceLostMidReplyKeepsThePartialReply() {
        load(glm3_);
        QSignalSpy tokens(service_.get(), &InferenceService::tokens);
        QSignalSpy failed(service_.get(), &InferenceService::generationFailed);
        QSignalSpy unloaded(service_.get(), &InferenceService::modelUnloaded);
        service_->failAfterTokensForTesting(6);
        service_->generate(ask(QStringLiteral("Tell me a story."), 100));
        QVERIFY(failed.wait(60000));
        service_->failAfterTokensForTesting(-1);
        const auto advice = failed.first().at(1).value<FailureAdvice>();
        QVERIFY(advice.reason.contains(QStringLiteral("stopped responding")));
        QVERIFY(!joined(tokens).isEmpty()); // what came before the failure reached the UI
        QCOMPARE(unloaded.size(), 1);
        QVERIFY(!unloaded.first().at(0).value<FailureAdvice>().reason.isEmpty());
        // The app recovers: load again and talk.
        QVERIFY(load(glm3_).generationNumber == 3);
        QSignalSpy finished(service_.get(), &InferenceService::finished);
        service_->generate(ask(QStringLiteral("again"), 4));
        QVERIFY(finished.wait(60000));
    }

    // The CPU backend's thread setting: the device list says what "automatic" comes to; a new
    // setting is used from the next load on (the engine, which owns the threads, is made again
    // then and the list sent again), never under a loaded model.
    void cpuThreadsApplyAtTheNextLoad() {
        InferenceWorker::Options o = options();
        o.cpuThreads = 3;
        InferenceService service(o);
        const auto cpuOf = [](const QList<DeviceSummary>& devices) {
            for (const DeviceSummary& d : devices)
                if (d.threads > 0) return d;
            return DeviceSummary{};
        };
        const auto listed = [&] {
            QSignalSpy spy(&service, &InferenceService::devicesListed);
            service.listDevices();
            return spy.wait(30000) ? cpuOf(spy.first().at(0).value<QList<DeviceSummary>>())
                                   : DeviceSummary{};
        };
        const auto loadOnCpu = [&] {
            QSignalSpy loaded(&service, &InferenceService::modelLoaded);
            QSignalSpy relisted(&service, &InferenceService::devicesListed);
            service.loadModel(glm1_, QStringLiteral("cpu"), {64});
            if (!loaded.wait(60000) || !loaded.first().at(1).value<LoadedModelInfo>().onCpuBackend)
                return DeviceSummary{};
            return relisted.isEmpty() ? DeviceSummary{}
                                      : cpuOf(relisted.last().at(0).value<QList<DeviceSummary>>());
        };

        const DeviceSummary automatic = listed();
        QVERIFY(automatic.automaticThreads > 0);
        QCOMPARE(automatic.threads, automatic.automaticThreads);

        QCOMPARE(loadOnCpu().threads, 3);
        QCOMPARE(listed().threads, 3);
        QCOMPARE(listed().automaticThreads, automatic.automaticThreads);
        QSignalSpy finished(&service, &InferenceService::finished);
        service.generate(ask(QStringLiteral("hi"), 4));
        QVERIFY(finished.wait(60000));

        service.setCpuThreads(1);
        QCOMPARE(listed().threads, 3); // the loaded model keeps its engine
        QCOMPARE(loadOnCpu().threads, 1);
        service.setCpuThreads(0);
        QCOMPARE(loadOnCpu().threads, automatic.automaticThreads);
        service.setCpuThreads(-5); // hostile: automatic, nothing made again
        service.loadModel(glm1_, QStringLiteral("cpu"), {64});
        QCOMPARE(listed().threads, automatic.automaticThreads);
    }

    void cancelledLoad() {
        // Deterministic: the load is cancelled before the worker gets to it.
        QSignalSpy failed(service_.get(), &InferenceService::modelFailed);
        const quint64 id = service_->loadModel(glm3_, QString(), {});
        service_->cancelLoading();
        QVERIFY(failed.wait(30000));
        QCOMPARE(failed.first().at(0).toULongLong(), id);
        QVERIFY(failed.first().at(1).value<FailureAdvice>().cancelled);
    }

    void unload() {
        load(glm1_);
        QSignalSpy unloaded(service_.get(), &InferenceService::modelUnloaded);
        service_->unloadModel();
        QVERIFY(unloaded.wait(10000));
        QVERIFY(unloaded.first().at(0).value<FailureAdvice>().reason.isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestInferenceWorker)
#include "tst_inference_worker.moc"
