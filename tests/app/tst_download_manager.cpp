// DownloadManager and ModelDownload: a tiny model's files from a local server, checks before
// starting, several files at once, one clear error per model, and resume after a restart.
#include "download_test_support.h"
#include "downloads/download_manager.h"
#include "fake_hf_server.h"
#include "library/checkpoint_marker.h"
#include "library/model_requirements.h"

#include <QDir>
#include <QFileInfo>
#include <QNetworkAccessManager>
#include <QNetworkProxy>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>
#include <memory>

using namespace glm::app;
using namespace glm::test;
using Fault = FakeHfServer::Fault;

namespace {

const QString kRevision = QStringLiteral("0123456789abcdef0123456789abcdef01234567");

QByteArray urlPath(const QString& file) {
    return ("/test/tiny/resolve/" + kRevision + "/" + file).toLatin1();
}

} // namespace

class TestDownloadManager : public QObject {
    Q_OBJECT

    std::unique_ptr<QTemporaryDir> dir_;
    std::unique_ptr<FakeHfServer> server_;
    std::unique_ptr<QNetworkAccessManager> nam_;
    std::unique_ptr<DownloadManager> manager_;
    CatalogEntry entry_;
    QHash<QString, QByteArray> contents_;

    QString modelsDir() const { return dir_->filePath(QStringLiteral("models")); }

    void newManager() {
        manager_.reset();
        nam_ = std::make_unique<QNetworkAccessManager>();
        nam_->setProxy(QNetworkProxy::NoProxy);
        manager_ = std::make_unique<DownloadManager>(nam_.get(), modelsDir());
        manager_->setEndpoint(*HfEndpoint::parse(server_->endpoint(), nullptr));
        DownloadOptions o;
        o.maxRetries = 2;
        o.backoffInitialMs = 20;
        o.stallTimeoutMs = 2000;
        o.parallelFiles = 2;
        manager_->setOptions(o);
    }

    ModelDownload::State stateOf(const QString& id) const {
        ModelDownload* d = manager_->download(id);
        return d ? d->state() : ModelDownload::State::Idle;
    }

    bool ended(const QString& id) const {
        const auto s = stateOf(id);
        return s == ModelDownload::State::Completed || s == ModelDownload::State::Failed;
    }

    void trickleAll(int delayMs = 10) {
        for (const CatalogFile& f : entry_.files)
            server_->setAlways(urlPath(f.name), {Fault::Trickle, 0, 0, {}, 8 * 1024, delayMs});
    }

private slots:
    void init() {
        dir_ = std::make_unique<QTemporaryDir>();
        server_ = std::make_unique<FakeHfServer>();
        QVERIFY(server_->listen());
        entry_ = CatalogEntry();
        entry_.id = QStringLiteral("tiny");
        entry_.name = QStringLiteral("Tiny");
        entry_.repo = QStringLiteral("test/tiny");
        entry_.revision = kRevision;
        entry_.license = QStringLiteral("MIT");
        entry_.architecture = {glm::Generation::Glm3, 64, 2, 4, 2, 16, 96, 100, false, 128};
        const QList<QPair<QString, qint64>> files = {{QStringLiteral("config.json"), 300},
                                                     {QStringLiteral("tokenizer.model"), 50000},
                                                     {QStringLiteral("weights-1.bin"), 200000},
                                                     {QStringLiteral("weights-2.bin"), 180000}};
        quint32 seed = 1;
        contents_.clear();
        for (const auto& [name, size] : files) {
            const QByteArray data = patternBytes(size, seed++);
            contents_.insert(name, data);
            server_->addFile(urlPath(name), data);
            entry_.files.append({name, size, sha256Hex(data)});
        }
        newManager();
    }
    void cleanup() {
        manager_.reset();
        nam_.reset();
        server_.reset();
        dir_.reset();
    }

    void downloadsEveryFileAndMarksTheCheckpoint() {
        trickleAll();
        QSignalSpy completed(manager_.get(), &DownloadManager::completed);
        QString error;
        QVERIFY2(manager_->start(entry_, &error), qPrintable(error));
        int maxActive = 0;
        QTimer sampler;
        connect(&sampler, &QTimer::timeout, this, [&] {
            int active = 0;
            if (ModelDownload* d = manager_->download(entry_.id))
                for (DownloadTask* t : d->tasks()) active += t->isActive() ? 1 : 0;
            maxActive = qMax(maxActive, active);
        });
        sampler.start(2);
        QTRY_VERIFY_WITH_TIMEOUT(ended(entry_.id), 20000);
        QCOMPARE(stateOf(entry_.id), ModelDownload::State::Completed);
        QCOMPARE(maxActive, 2); // several files at once, never more than the limit
        QCOMPARE(completed.size(), 1);
        const QString dir = manager_->checkpointDirectory(entry_.id);
        QCOMPARE(completed[0][1].toString(), dir);
        for (const CatalogFile& f : entry_.files)
            QCOMPARE(readAll(QDir(dir).filePath(f.name)), contents_.value(f.name));
        const auto marker = CheckpointMarker::read(dir);
        QVERIFY(marker);
        QCOMPARE(marker->modelId, entry_.id);
        QCOMPARE(marker->revision, kRevision);
        QVERIFY(marker->verified);
        QCOMPARE(manager_->diskState(entry_), DownloadManager::DiskState::Complete);
        ModelDownload* d = manager_->download(entry_.id);
        QCOMPARE(d->bytesTotal(), 430300);
        QCOMPARE(d->bytesDone(), 430300);
        // {endpoint}/{repo}/resolve/{revision}/{file}
        for (const CatalogFile& f : entry_.files)
            QCOMPARE(server_->requestsFor(urlPath(f.name)).size(), 1);
        QCOMPARE(QDir(dir).entryList(QDir::Files | QDir::Hidden).size(),
                 5); // 4 files + marker, no parts
    }

    void refusesFilesWithoutChecksumsUnlessAllowed() {
        entry_.files[1].sha256.clear();
        entry_.filesNote = QStringLiteral("checksums unknown");
        QString error;
        QVERIFY(!manager_->start(entry_, &error));
        QVERIFY2(error.contains(QStringLiteral("no checksums")), qPrintable(error));
        QCOMPARE(server_->requests().size(), 0);
        manager_->setAllowUnverified(true);
        QVERIFY2(manager_->start(entry_, &error), qPrintable(error));
        QTRY_VERIFY_WITH_TIMEOUT(ended(entry_.id), 20000);
        QCOMPARE(stateOf(entry_.id), ModelDownload::State::Completed);
        QVERIFY(!CheckpointMarker::read(manager_->checkpointDirectory(entry_.id))->verified);
    }

    void refusesAModelWithoutFiles() {
        entry_.files.clear();
        entry_.filesNote = QStringLiteral("The file list is not verified yet.");
        QString error;
        QVERIFY(!manager_->start(entry_, &error));
        QVERIFY(error.contains(entry_.filesNote));
    }

    void checksFreeSpaceBeforeStarting() {
        const qint64 need = manager_->requiredFreeBytes(entry_);
        QCOMPARE(need,
                 430300 + computeRequirements(entry_.architecture, QuantType::Q4_0).fileBytes);
        manager_->setFreeSpaceProvider([need](const QString&) { return need - 1; });
        QString error;
        QVERIFY(!manager_->start(entry_, &error));
        QVERIFY2(error.contains(QStringLiteral("Not enough free disk space")), qPrintable(error));
        QCOMPARE(server_->requests().size(), 0);
        QCOMPARE(manager_->diskState(entry_), DownloadManager::DiskState::Nothing);
        manager_->setFreeSpaceProvider([need](const QString&) { return need; });
        QVERIFY2(manager_->start(entry_, &error), qPrintable(error));
        QTRY_VERIFY_WITH_TIMEOUT(ended(entry_.id), 20000);
        QCOMPARE(stateOf(entry_.id), ModelDownload::State::Completed);
    }

    void refusesAnUnwritableModelsFolder() {
        QVERIFY(writeAll(dir_->filePath(QStringLiteral("file")), "x"));
        manager_ = std::make_unique<DownloadManager>(nam_.get(),
                                                     dir_->filePath(QStringLiteral("file/models")));
        QString error;
        QVERIFY(!manager_->start(entry_, &error));
        QVERIFY2(error.contains(QStringLiteral("cannot be created")), qPrintable(error));
    }

    void oneFailingFileStopsTheModelWithItsReason() {
        server_->setAlways(urlPath(QStringLiteral("weights-2.bin")), {Fault::Status, 0, 404});
        QSignalSpy failed(manager_.get(), &DownloadManager::failed);
        QString error;
        QVERIFY(manager_->start(entry_, &error));
        QTRY_VERIFY_WITH_TIMEOUT(ended(entry_.id), 20000);
        QCOMPARE(stateOf(entry_.id), ModelDownload::State::Failed);
        QCOMPARE(failed.size(), 1);
        QVERIFY2(failed[0][1].toString().contains(QStringLiteral("weights-2.bin")),
                 qPrintable(failed[0][1].toString()));
        QVERIFY(failed[0][1].toString().contains(QStringLiteral("404")));
        QVERIFY(!CheckpointMarker::read(manager_->checkpointDirectory(entry_.id)));
        QVERIFY(!QFileInfo::exists(QDir(manager_->checkpointDirectory(entry_.id))
                                       .filePath(QStringLiteral("weights-2.bin"))));
        // The mirror is fixed; Retry finishes the job without fetching the good files again.
        server_->clearBehaviours();
        server_->clearRequests();
        QVERIFY(manager_->start(entry_, &error));
        QTRY_VERIFY_WITH_TIMEOUT(ended(entry_.id), 20000);
        QCOMPARE(stateOf(entry_.id), ModelDownload::State::Completed);
        QCOMPARE(server_->requestsFor(urlPath(QStringLiteral("config.json"))).size(), 0);
    }

    void resumesAfterARestartWithoutFetchingWhatItHas() {
        trickleAll(15);
        QString error;
        QVERIFY(manager_->start(entry_, &error));
        QTRY_VERIFY_WITH_TIMEOUT(manager_->download(entry_.id)->bytesDone() > 150000, 20000);
        // Quit: everything goes away mid-download.
        manager_.reset();
        nam_.reset();
        const QDir dir(QDir(modelsDir()).filePath(QStringLiteral("checkpoints/tiny")));
        QHash<QString, qint64> onDisk;
        for (const CatalogFile& f : entry_.files)
            onDisk[f.name] = DownloadTask::bytesOnDisk(dir.filePath(f.name));
        newManager();
        qint64 bytes = 0;
        QCOMPARE(manager_->diskState(entry_, &bytes), DownloadManager::DiskState::Partial);
        QVERIFY(bytes > 150000);
        QCOMPARE(manager_->remainingBytes(entry_), 430300 - bytes);
        server_->clearBehaviours();
        server_->clearRequests();
        QVERIFY(manager_->start(entry_, &error));
        QTRY_VERIFY_WITH_TIMEOUT(ended(entry_.id), 20000);
        QCOMPARE(stateOf(entry_.id), ModelDownload::State::Completed);
        for (const CatalogFile& f : entry_.files) {
            const auto reqs = server_->requestsFor(urlPath(f.name));
            const qint64 had = onDisk.value(f.name);
            if (had == f.size) {
                QCOMPARE(reqs.size(), 0); // complete before: verified from disk, not fetched
            } else {
                QCOMPARE(reqs.size(), 1);
                QCOMPARE(reqs[0].rangeStart, had > 0 ? had : -1);
                QCOMPARE(reqs[0].bodyBytesSent, f.size - had);
            }
            QCOMPARE(readAll(dir.filePath(f.name)), contents_.value(f.name));
        }
    }

    void pauseAndResume() {
        trickleAll(15);
        QString error;
        QVERIFY(manager_->start(entry_, &error));
        QTRY_VERIFY_WITH_TIMEOUT(manager_->download(entry_.id)->bytesDone() > 50000, 20000);
        manager_->pause(entry_.id);
        QCOMPARE(stateOf(entry_.id), ModelDownload::State::Paused);
        ModelDownload* paused = manager_->download(entry_.id);
        const qint64 atPause = paused->bytesDone();
        QTest::qWait(100);
        QCOMPARE(paused->bytesDone(), atPause);
        bool rehashed = false;
        for (DownloadTask* t : paused->tasks())
            connect(t, &DownloadTask::stateChanged, this,
                    [&rehashed, t] { rehashed |= t->state() == DownloadTask::State::Hashing; });
        QVERIFY(manager_->start(entry_, &error));
        QCOMPARE(manager_->download(entry_.id), paused); // the same job resumes
        QCOMPARE(stateOf(entry_.id), ModelDownload::State::Downloading);
        QTRY_VERIFY_WITH_TIMEOUT(ended(entry_.id), 20000);
        QCOMPARE(stateOf(entry_.id), ModelDownload::State::Completed);
        QVERIFY(!rehashed); // its running hashes still covered the parts
    }

    void changedSettingsApplyToTheNextStart() {
        trickleAll(15);
        QString error;
        QVERIFY(manager_->start(entry_, &error));
        QTRY_VERIFY_WITH_TIMEOUT(manager_->download(entry_.id)->bytesDone() > 30000, 20000);
        manager_->pause(entry_.id);
        ModelDownload* before = manager_->download(entry_.id);
        FakeHfServer mirror;
        QVERIFY(mirror.listen());
        for (const CatalogFile& f : entry_.files)
            mirror.addFile(urlPath(f.name), contents_.value(f.name));
        manager_->setEndpoint(*HfEndpoint::parse(mirror.endpoint(), nullptr));
        server_->clearRequests();
        QVERIFY(manager_->start(entry_, &error));
        QVERIFY(manager_->download(entry_.id) != before);
        QTRY_VERIFY_WITH_TIMEOUT(ended(entry_.id), 20000);
        QCOMPARE(stateOf(entry_.id), ModelDownload::State::Completed);
        QCOMPARE(server_->requests().size(), 0); // everything else came from the new mirror
        QVERIFY(!mirror.requests().isEmpty());
    }

    void cancelRemovesWhatItWrote() {
        trickleAll(15);
        QString error;
        QVERIFY(manager_->start(entry_, &error));
        QTRY_VERIFY_WITH_TIMEOUT(manager_->download(entry_.id)->bytesDone() > 60000, 20000);
        manager_->cancel(entry_);
        QCOMPARE(stateOf(entry_.id), ModelDownload::State::Cancelled);
        QCOMPARE(manager_->diskState(entry_), DownloadManager::DiskState::Nothing);
        const QDir dir(manager_->checkpointDirectory(entry_.id));
        QVERIFY(!dir.exists() || dir.entryList(QDir::Files | QDir::Hidden).isEmpty());
    }

    void aPartialDownloadFromAnEarlierRunCanBeCancelled() {
        const QDir dir(manager_->checkpointDirectory(entry_.id));
        QVERIFY(QDir().mkpath(dir.path()));
        QVERIFY(
            writeAll(DownloadTask::partPath(dir.filePath(QStringLiteral("weights-1.bin"))), "abc"));
        QCOMPARE(manager_->diskState(entry_), DownloadManager::DiskState::Partial);
        manager_->cancel(entry_);
        QCOMPARE(manager_->diskState(entry_), DownloadManager::DiskState::Nothing);
    }
};

QTEST_GUILESS_MAIN(TestDownloadManager)
#include "tst_download_manager.moc"
