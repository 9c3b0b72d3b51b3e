// QuantizeJob and the model manager's conversion controller: a checkpoint becomes a GGUF model
// on a worker thread, with progress, cancel (nothing left behind) and clear failures.
#include "formats/gguf.h"
#include "library/quantize_job.h"
#include "models/model_config.h"
#include "test_files.h"
#include "viewmodels/conversion_controller.h"

#include <QDir>
#include <QFile>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>
#include <nlohmann/json.hpp>

using glm::app::QuantizeJob;

namespace {

QString fixture(const char* name) {
    return QString::fromStdString((glm::test::test_data_dir() / "checkpoints" / name).string());
}

} // namespace

class TestQuantizeJob : public QObject {
    Q_OBJECT
    QTemporaryDir tmp;

private slots:
    void convertsWithProgress() {
        QuantizeJob job;
        QSignalSpy progress(&job, &QuantizeJob::progress), finished(&job, &QuantizeJob::finished),
            failed(&job, &QuantizeJob::failed);
        const QString out = tmp.filePath(
            QuantizeJob::outputFileName(fixture("glm1-fp16-sharded"), glm::TensorType::Q4_0));
        QCOMPARE(QFileInfo(out).fileName(), QString("glm1-fp16-sharded-q4_0.gguf"));
        QVERIFY(job.start(fixture("glm1-fp16-sharded"), out, glm::TensorType::Q4_0));
        QVERIFY(job.running());
        QVERIFY(finished.wait(60000));
        QCOMPARE(failed.count(), 0);
        QCOMPARE(finished.at(0).at(0).toString(), out);
        QVERIFY(!progress.isEmpty());
        QCOMPARE(progress.last().at(0).toDouble(), 1.0);
        glm::GgufFile f = glm::GgufFile::open(out.toStdString());
        glm::ModelConfig c = glm::read_model_config(f);
        QVERIFY(c.generation == glm::Generation::Glm1);
        QCOMPARE(f.tensor("blk.0.attn_qkv.weight")->type, glm::TensorType::Q4_0);
        QVERIFY(!QFileInfo::exists(out + ".partial"));
        QVERIFY(!job.running());
    }

    // Cancelled at its first progress report, on the job's own thread: deterministic on any
    // machine (a cancel queued from this thread once arrived after a 120 MB conversion had
    // finished on a fast one).
    void cancelLeavesNothing() {
        QuantizeJob job;
        QSignalSpy cancelled(&job, &QuantizeJob::cancelled), finished(&job, &QuantizeJob::finished);
        const QString out = tmp.filePath("cancelled-q4_0.gguf");
        job.cancelAtFirstProgressForTesting();
        QVERIFY(job.start(fixture("glm2-fp16"), out, glm::TensorType::Q4_0));
        QVERIFY(cancelled.wait(60000));
        QCOMPARE(finished.count(), 0);
        QVERIFY(!QFileInfo::exists(out));
        QVERIFY(!QFileInfo::exists(out + ".partial"));
        // and it can run again afterwards
        QSignalSpy done(&job, &QuantizeJob::finished);
        QVERIFY(job.start(fixture("glm2-fp16"), tmp.filePath("again.gguf"), glm::TensorType::Q8_0));
        QVERIFY(done.wait(60000));
    }

    void notACheckpoint() {
        QuantizeJob job;
        QSignalSpy failed(&job, &QuantizeJob::failed);
        QDir().mkpath(tmp.filePath("empty"));
        QVERIFY(job.start(tmp.filePath("empty"), tmp.filePath("x.gguf"), glm::TensorType::Q4_0));
        QVERIFY(failed.wait(30000));
        QVERIFY2(failed.at(0).at(0).toString().contains("config.json"),
                 qPrintable(failed.at(0).at(0).toString()));
        QVERIFY(!QFileInfo::exists(tmp.filePath("x.gguf")));
    }

    void controllerImportsAFolder() {
        const QString models = tmp.filePath("models");
        glm::app::ModelLibrary library(models);
        ConversionController ctl(nullptr, &library);
        QSignalSpy converted(&ctl, &ConversionController::converted);
        ctl.importFolder(QUrl::fromLocalFile(fixture("glm3-fp16")), "Q8_0");
        QVERIFY(ctl.busy());
        // The fixture has no tokenizer.model: the controller asks before converting.
        QTRY_VERIFY_WITH_TIMEOUT(!ctl.tokenizerWarning().isEmpty(), 30000);
        QVERIFY(ctl.tokenizerWarning().contains("tokenizer.model"));
        QVERIFY(!QDir(models).exists() || QDir(models).isEmpty());
        ctl.convertAnyway();
        QVERIFY(converted.wait(60000));
        QVERIFY(ctl.errorText().contains("cannot chat"));
        const QString path = converted.at(0).at(0).toString();
        QVERIFY(path.startsWith(models));
        QVERIFY(QFileInfo::exists(path));
        QVERIFY(ctl.deletableCheckpoint()
                    .isEmpty()); // the user's own folder is never offered for deletion
        // the same again: refused, the existing model is kept
        ctl.importFolder(QUrl::fromLocalFile(fixture("glm3-fp16")), "Q8_0");
        QTRY_VERIFY(!ctl.busy());
        QVERIFY(ctl.errorText().contains("already exists"));
        // not a checkpoint: refused with the reason, before any conversion starts
        QDir().mkpath(tmp.filePath("photos"));
        ctl.importFolder(QUrl::fromLocalFile(tmp.filePath("photos")), "Q4_0");
        QTRY_VERIFY(!ctl.busy());
        QVERIFY(!ctl.errorText().isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestQuantizeJob)
#include "tst_quantize_job.moc"
