// The model manager's view models: well-behaved list models (QAbstractItemModelTester), sizes
// and the fits-your-GPU flag, download states and progress, the conversion seam, and the
// installed list's actions.
#include "common/app_settings.h"
#include "library/checkpoint_marker.h"
#include "tiny_catalog.h"
#include "viewmodels/catalog_list_model.h"
#include "viewmodels/conversion_controller.h"
#include "viewmodels/download_source_model.h"
#include "viewmodels/installed_models_model.h"

#include <QAbstractItemModelTester>
#include <QDir>
#include <QFileInfo>
#include <QNetworkAccessManager>
#include <QNetworkProxy>
#include <QSettings>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

using namespace glm::app;
using namespace glm::test;

class TestModelManagerModels : public QObject {
    Q_OBJECT

    std::unique_ptr<QTemporaryDir> dir_;
    std::unique_ptr<FakeHfServer> server_;
    std::unique_ptr<QNetworkAccessManager> nam_;
    std::unique_ptr<DownloadManager> downloads_;
    std::unique_ptr<CatalogListModel> catalog_;
    std::unique_ptr<QAbstractItemModelTester> tester_;

    QVariant value(int row, int role) const { return catalog_->data(catalog_->index(row), role); }
    CatalogListModel::RowState state(int row = 0) const {
        return CatalogListModel::RowState(value(row, CatalogListModel::StateRole).toInt());
    }

private slots:
    void init() {
        dir_ = std::make_unique<QTemporaryDir>();
        server_ = std::make_unique<FakeHfServer>();
        QVERIFY(server_->listen());
        nam_ = std::make_unique<QNetworkAccessManager>();
        nam_->setProxy(QNetworkProxy::NoProxy);
        downloads_ =
            std::make_unique<DownloadManager>(nam_.get(), dir_->filePath(QStringLiteral("models")));
        downloads_->setEndpoint(*HfEndpoint::parse(server_->endpoint(), nullptr));
        catalog_ = std::make_unique<CatalogListModel>(tinyCatalog(*server_), downloads_.get());
        tester_ = std::make_unique<QAbstractItemModelTester>(
            catalog_.get(), QAbstractItemModelTester::FailureReportingMode::QtTest);
    }
    void cleanup() {
        tester_.reset();
        catalog_.reset();
        downloads_.reset();
        nam_.reset();
        server_.reset();
        dir_.reset();
    }

    void rowsAndStaticRoles() {
        QCOMPARE(catalog_->rowCount(), 2);
        QCOMPARE(value(0, CatalogListModel::ModelIdRole).toString(), QStringLiteral("tiny"));
        QCOMPARE(value(0, Qt::DisplayRole).toString(), QStringLiteral("Tiny"));
        QCOMPARE(value(0, CatalogListModel::DownloadBytesRole).toLongLong(), 300400);
        QVERIFY(value(0, CatalogListModel::DownloadableRole).toBool());
        QTRY_COMPARE(state(0), CatalogListModel::RowState::Available);
        QCOMPARE(state(1), CatalogListModel::RowState::Unavailable);
        QVERIFY(!value(1, CatalogListModel::DownloadableRole).toBool());
        QCOMPARE(value(1, CatalogListModel::UnavailableReasonRole).toString(),
                 QStringLiteral("The file list is not verified yet."));
        QVERIFY(value(1, CatalogListModel::ParametersTextRole)
                    .toString()
                    .contains(QStringLiteral("9.4")));
        const QHash<int, QByteArray> roles = catalog_->roleNames();
        QVERIFY(roles.values().contains("fits") && roles.values().contains("progress"));
    }

    void fitsFollowsTheDeviceMemoryAndType() {
        QCOMPARE(CatalogListModel::GpuFit(value(1, CatalogListModel::FitsRole).toInt()),
                 CatalogListModel::GpuFit::Unknown);
        const qint64 q4 =
            computeRequirements(tinyCatalog(*server_).entries()[1].architecture, QuantType::Q4_0)
                .videoMemoryBytes;
        QCOMPARE(value(1, CatalogListModel::VideoMemoryBytesRole).toLongLong(), q4);
        QSignalSpy changed(catalog_.get(), &QAbstractItemModel::dataChanged);
        catalog_->setDeviceMemoryBytes(q4);
        QCOMPARE(CatalogListModel::GpuFit(value(1, CatalogListModel::FitsRole).toInt()),
                 CatalogListModel::GpuFit::Fits);
        QVERIFY(!changed.isEmpty());
        catalog_->setQuantType(QStringLiteral("F16")); // GLM-4 in F16 needs ~19 GB
        QCOMPARE(catalog_->quantType(), QStringLiteral("F16"));
        QCOMPARE(CatalogListModel::GpuFit(value(1, CatalogListModel::FitsRole).toInt()),
                 CatalogListModel::GpuFit::TooBig);
        catalog_->setQuantType(QStringLiteral("nonsense")); // ignored
        QCOMPARE(catalog_->quantType(), QStringLiteral("F16"));
        const QVariantMap q8 = catalog_->requirementsFor(1, QStringLiteral("Q8_0"));
        QVERIFY(q8.value(QStringLiteral("fileSizeText")).toString().contains(QStringLiteral("GB")));
        QVERIFY(catalog_->requirementsFor(7, QStringLiteral("Q8_0")).isEmpty());
    }

    void downloadShowsProgressThenReadyToConvert() {
        for (const char* f : {"config.json", "weights-1.bin", "weights-2.bin"})
            server_->setAlways(tinyUrlPath(QString::fromLatin1(f)),
                               {FakeHfServer::Fault::Trickle, 0, 0, {}, 8192, 5});
        QList<CatalogListModel::RowState> states;
        connect(catalog_.get(), &QAbstractItemModel::dataChanged, this, [&] {
            if (states.isEmpty() || states.last() != state()) states << state();
        });
        catalog_->download(0);
        QTRY_VERIFY_WITH_TIMEOUT(value(0, CatalogListModel::ProgressRole).toDouble() > 0.2, 10000);
        QCOMPARE(state(), CatalogListModel::RowState::Downloading);
        QVERIFY(value(0, CatalogListModel::ProgressTextRole)
                    .toString()
                    .contains(QStringLiteral(" of ")));
        QTRY_COMPARE_WITH_TIMEOUT(state(), CatalogListModel::RowState::Downloaded, 20000);
        QCOMPARE(value(0, CatalogListModel::ProgressRole).toDouble(), 1.0);
        QCOMPARE(value(0, CatalogListModel::CheckpointPathRole).toString(),
                 downloads_->checkpointDirectory(QStringLiteral("tiny")));
        QVERIFY(states.contains(CatalogListModel::RowState::Downloading));

        // The conversion seam: nothing happens until a converter is connected.
        QSignalSpy requested(catalog_.get(), &CatalogListModel::convertRequested);
        catalog_->convert(0, QStringLiteral("Q8_0"));
        QCOMPARE(requested.size(), 0);
        catalog_->setConversionAvailable(true);
        catalog_->convert(0, QStringLiteral("Q8_0"));
        QCOMPARE(requested.size(), 1);
        QCOMPARE(requested[0][0].toString(), QStringLiteral("tiny"));
        QCOMPARE(requested[0][1].toString(),
                 downloads_->checkpointDirectory(QStringLiteral("tiny")));
        QCOMPARE(requested[0][2].toString(), QStringLiteral("Q8_0"));
        QCOMPARE(state(), CatalogListModel::RowState::Converting);
        catalog_->conversionProgress(QStringLiteral("tiny"), 0.5);
        QCOMPARE(value(0, CatalogListModel::ProgressRole).toDouble(), 0.5);
        catalog_->conversionFailed(QStringLiteral("tiny"),
                                   QStringLiteral("the converter ran out of memory"));
        QCOMPARE(state(), CatalogListModel::RowState::Downloaded);
        QCOMPARE(value(0, CatalogListModel::ErrorTextRole).toString(),
                 QStringLiteral("the converter ran out of memory"));
        catalog_->convert(0, QStringLiteral("Q4_0"));
        QSignalSpy converted(catalog_.get(), &CatalogListModel::modelConverted);
        catalog_->conversionFinished(QStringLiteral("tiny"),
                                     QStringLiteral("/models/tiny-q4_0.gguf"));
        QCOMPARE(state(), CatalogListModel::RowState::Converted);
        QCOMPARE(converted.size(), 1);
    }

    void refusalIsShownWithItsReason() {
        downloads_->setFreeSpaceProvider([](const QString&) { return qint64(10); });
        catalog_->download(0);
        QCOMPARE(state(), CatalogListModel::RowState::Failed);
        QVERIFY(value(0, CatalogListModel::ErrorTextRole)
                    .toString()
                    .contains(QStringLiteral("Not enough free disk space")));
        downloads_->setFreeSpaceProvider([](const QString&) { return qint64(1) << 40; });
        catalog_->download(0); // Retry
        QTRY_COMPARE_WITH_TIMEOUT(state(), CatalogListModel::RowState::Downloaded, 20000);
        QCOMPARE(value(0, CatalogListModel::ErrorTextRole).toString(), QString());
    }

    void failedDownloadThenRetry() {
        server_->setAlways(tinyUrlPath(QStringLiteral("weights-2.bin")),
                           {FakeHfServer::Fault::WrongBytes});
        catalog_->download(0);
        QTRY_COMPARE_WITH_TIMEOUT(state(), CatalogListModel::RowState::Failed, 20000);
        QVERIFY(value(0, CatalogListModel::ErrorTextRole)
                    .toString()
                    .contains(QStringLiteral("SHA-256")));
        server_->clearBehaviours();
        catalog_->download(0);
        QTRY_COMPARE_WITH_TIMEOUT(state(), CatalogListModel::RowState::Downloaded, 20000);
    }

    void pauseResumeCancel() {
        for (const char* f : {"config.json", "weights-1.bin", "weights-2.bin"})
            server_->setAlways(tinyUrlPath(QString::fromLatin1(f)),
                               {FakeHfServer::Fault::Trickle, 0, 0, {}, 4096, 10});
        catalog_->download(0);
        QTRY_VERIFY_WITH_TIMEOUT(value(0, CatalogListModel::ProgressRole).toDouble() > 0.05, 10000);
        catalog_->pause(0);
        QCOMPARE(state(), CatalogListModel::RowState::Paused);
        catalog_->cancel(0);
        QCOMPARE(state(), CatalogListModel::RowState::Available);
        QCOMPARE(downloads_->diskState(tinyCatalog(*server_).entries()[0]),
                 DownloadManager::DiskState::Nothing);
    }

    void partialDownloadFromAnEarlierRunIsOffered() {
        const QString dir = downloads_->checkpointDirectory(QStringLiteral("tiny"));
        QVERIFY(QDir().mkpath(dir));
        QVERIFY(writeAll(DownloadTask::partPath(dir + QStringLiteral("/weights-1.bin")),
                         QByteArray(1000, 'x')));
        CatalogListModel fresh(tinyCatalog(*server_), downloads_.get());
        QAbstractItemModelTester t(&fresh, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QTRY_COMPARE(CatalogListModel::RowState(
                         fresh.data(fresh.index(0), CatalogListModel::StateRole).toInt()),
                     CatalogListModel::RowState::Partial);
        QVERIFY(fresh.data(fresh.index(0), CatalogListModel::ProgressTextRole)
                    .toString()
                    .startsWith(formatBytesForTest(1000)));
    }

    void installedModels() {
        const QString models = dir_->filePath(QStringLiteral("models"));
        QVERIFY(QDir().mkpath(models + QStringLiteral("/checkpoints/tiny")));
        CheckpointMarker m;
        m.modelId = QStringLiteral("tiny");
        QVERIFY(m.write(models + QStringLiteral("/checkpoints/tiny"), nullptr));
        QVERIFY(writeAll(models + QStringLiteral("/a.gguf"), "GGUF"));
        ModelLibrary library(models);
        InstalledModelsModel installed(&library);
        QAbstractItemModelTester t(&installed,
                                   QAbstractItemModelTester::FailureReportingMode::QtTest);
        installed.refresh();
        QTRY_COMPARE_WITH_TIMEOUT(installed.rowCount(), 2, 10000);
        QCOMPARE(InstalledModelsModel::Kind(
                     installed.data(installed.index(0), InstalledModelsModel::KindRole).toInt()),
                 InstalledModelsModel::Kind::Gguf);
        QVERIFY(!installed.data(installed.index(0), InstalledModelsModel::ProblemRole)
                     .toString()
                     .isEmpty()); // truncated
        QCOMPARE(InstalledModelsModel::Kind(
                     installed.data(installed.index(1), InstalledModelsModel::KindRole).toInt()),
                 InstalledModelsModel::Kind::Checkpoint);
        QSignalSpy open(&installed, &InstalledModelsModel::openRequested);
        installed.open(0);
        QCOMPARE(open.size(), 1);
        QCOMPARE(open[0][0].toString(),
                 QFileInfo(models + QStringLiteral("/a.gguf")).absoluteFilePath());
        installed.remove(1);
        QTRY_COMPARE_WITH_TIMEOUT(installed.rowCount(), 1, 10000);
        QVERIFY(!QFileInfo::exists(models + QStringLiteral("/checkpoints/tiny")));
        installed.importGguf(QUrl(QStringLiteral("https://example.org/x.gguf")), false);
        QVERIFY(installed.lastError().contains(QStringLiteral("this computer")));
        QTRY_VERIFY_WITH_TIMEOUT(!installed.busy(), 10000);
    }

    // The loaded model: marked, listed when it lives elsewhere, and refused for deletion.
    void loadedModelIsMarkedAndKept() {
        const QString models = dir_->filePath(QStringLiteral("models"));
        QVERIFY(QDir().mkpath(models));
        const QString inside = models + QStringLiteral("/a.gguf");
        const QString elsewhere = dir_->filePath(QStringLiteral("b.gguf"));
        QVERIFY(writeAll(inside, "GGUF"));
        QVERIFY(writeAll(elsewhere, "GGUF"));
        ModelLibrary library(models);
        InstalledModelsModel installed(&library);
        QAbstractItemModelTester t(&installed,
                                   QAbstractItemModelTester::FailureReportingMode::QtTest);
        installed.setLoadedModelPath(elsewhere);
        QTRY_COMPARE_WITH_TIMEOUT(installed.rowCount(), 2, 10000);
        auto role = [&](int row, int r) { return installed.data(installed.index(row), r); };
        QVERIFY(!role(0, InstalledModelsModel::LoadedRole).toBool());
        QVERIFY(role(1, InstalledModelsModel::LoadedRole).toBool());
        QVERIFY(role(1, InstalledModelsModel::OutsideRole).toBool());
        QVERIFY(!role(1, InstalledModelsModel::DeleteBlockedReasonRole).toString().isEmpty());
        QVERIFY(role(0, InstalledModelsModel::DeleteBlockedReasonRole).toString().isEmpty());

        installed.setLoadedModelPath(inside);
        QTRY_COMPARE_WITH_TIMEOUT(installed.rowCount(), 1, 10000);
        QVERIFY(role(0, InstalledModelsModel::LoadedRole).toBool());
        installed.remove(0);
        QVERIFY2(installed.lastError().contains(QStringLiteral("loaded")),
                 qPrintable(installed.lastError()));
        QTRY_VERIFY_WITH_TIMEOUT(!installed.busy(), 10000);
        QVERIFY(QFileInfo::exists(inside));
    }

    // What the start-up cleanup removed is said in the Installed tab.
    void removedPartialsAreReported() {
        const QString models = dir_->filePath(QStringLiteral("models"));
        QVERIFY(QDir().mkpath(models));
        QVERIFY(writeAll(models + QStringLiteral("/x-q4_0.gguf.partial"), QByteArray(2000, 'x')));
        ModelLibrary library(models);
        InstalledModelsModel installed(&library);
        QSignalSpy notice(&installed, &InstalledModelsModel::noticeChanged);
        library.removeStalePartials();
        QVERIFY(notice.wait(10000));
        QVERIFY2(installed.notice().contains(QStringLiteral("x-q4_0.gguf.partial")) &&
                     installed.notice().contains(formatBytesForTest(2000)),
                 qPrintable(installed.notice()));
        installed.dismissNotice();
        QCOMPARE(installed.notice(), QString());
    }

    void conversionProgressInWords() {
        QCOMPARE(ConversionController::describeProgress(50, 200, -1),
                 QStringLiteral("25% · %1 of %2 read")
                     .arg(formatBytesForTest(50), formatBytesForTest(200)));
        QVERIFY(ConversionController::describeProgress(50, 200, 90)
                    .endsWith(QStringLiteral(" · 2 min left")));
        QVERIFY(ConversionController::describeProgress(200, 200, 0).startsWith("100% · "));
        QCOMPARE(ConversionController::describeProgress(0, 0, -1), QString());
    }

    // One unit convention in the dialog: the GPU's memory as formatBytes writes it.
    void deviceMemoryInTheSameUnits() {
        QCOMPARE(catalog_->deviceMemoryText(), QString());
        catalog_->setDeviceMemoryBytes(8'000'000'000LL);
        QCOMPARE(catalog_->deviceMemoryText(), formatBytesForTest(8'000'000'000LL));
    }

    // The download source: saved, used by the next download, token sent to the endpoint and
    // never put in a message; a bad stored endpoint falls back to the hub and says so.
    void downloadSourceIsUsedByDownloads() {
        AppSettings settings(std::make_unique<QSettings>(dir_->filePath(QStringLiteral("s.ini")),
                                                         QSettings::IniFormat));
        DownloadSourceModel source(&settings, downloads_.get(), QProcessEnvironment());
        QCOMPARE(source.effectiveEndpoint(), QStringLiteral("https://huggingface.co"));
        QVERIFY(!source.apply(QStringLiteral("ftp://mirror"), QStringLiteral("hf_tok"), false));
        QVERIFY(!source.errorText().isEmpty() && !source.errorText().contains("hf_tok"));
        QVERIFY(!source.hasToken());
        QVERIFY(source.apply(server_->endpoint(), QStringLiteral("hf_tok"), false));
        QCOMPARE(source.effectiveEndpoint(), QUrl(server_->endpoint()).toString());
        QVERIFY(source.hasToken());
        catalog_->download(0);
        QTRY_COMPARE_WITH_TIMEOUT(state(), CatalogListModel::RowState::Downloaded, 20000);
        QVERIFY(!server_->requests().isEmpty());
        QCOMPARE(server_->requests().first().headers.value("authorization"),
                 QByteArray("Bearer hf_tok"));
        // Stored: a new start uses it.
        DownloadSourceModel again(&settings, downloads_.get(), QProcessEnvironment());
        QVERIFY(again.hasToken());
        QCOMPARE(again.endpoint(), server_->endpoint());
        settings.setDownloadEndpoint(QStringLiteral("not a url"));
        DownloadSourceModel damaged(&settings, downloads_.get(), QProcessEnvironment());
        QCOMPARE(damaged.effectiveEndpoint(), QStringLiteral("https://huggingface.co"));
        QVERIFY(!damaged.errorText().isEmpty());
    }

private:
    static QString formatBytesForTest(qint64 n) {
        return QLocale().formattedDataSize(n, 1, QLocale::DataSizeSIFormat);
    }
};

QTEST_MAIN(TestModelManagerModels)
#include "tst_model_manager_models.moc"
