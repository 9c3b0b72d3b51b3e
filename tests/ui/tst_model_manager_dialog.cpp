// ModelManagerDialog.qml offscreen, driven like a user: click Download, watch the progress bar,
// see "ready to convert"; a damaged download shows its error and a Retry that works; the
// Installed tab lists the checkpoint and deletes it after asking.
#include "common/app_settings.h"
#include "quick_lsan_suppressions.h"
#include "test_files.h"
#include "tiny_catalog.h"
#include "viewmodels/catalog_list_model.h"
#include "viewmodels/conversion_controller.h"
#include "viewmodels/download_source_model.h"
#include "viewmodels/installed_models_model.h"

#include <QDir>
#include <QFileInfo>
#include <QNetworkAccessManager>
#include <QNetworkProxy>
#include <QQmlApplicationEngine>
#include <QQuickItem>
#include <QQuickWindow>
#include <QSettings>
#include <QTemporaryDir>
#include <QtQml/qqmlextensionplugin.h>
#include <QtTest>

Q_IMPORT_QML_PLUGIN(GlmChatPlugin)

using namespace glm::app;
using namespace glm::test;

namespace {

const char* kWindowQml = R"(
import QtQuick
import QtQuick.Controls
import GlmChat

ApplicationWindow {
    id: win
    width: 1100
    height: 800
    visible: true
    required property CatalogListModel catalogModel
    required property InstalledModelsModel libraryModel
    property ConversionController conversionModel: null
    ModelManagerDialog {
        objectName: "modelManager"
        catalog: win.catalogModel
        library: win.libraryModel
        conversion: win.conversionModel
        Component.onCompleted: open()
    }
}
)";

QQuickItem* findItem(QQuickItem* root, const QString& name) {
    if (!root) return nullptr;
    if (root->objectName() == name) return root;
    for (QQuickItem* child : root->childItems())
        if (QQuickItem* found = findItem(child, name)) return found;
    return nullptr;
}

} // namespace

class TestModelManagerDialog : public QObject {
    Q_OBJECT

    std::unique_ptr<QTemporaryDir> dir_;
    std::unique_ptr<FakeHfServer> server_;
    std::unique_ptr<QNetworkAccessManager> nam_;
    std::unique_ptr<DownloadManager> downloads_;
    std::unique_ptr<ModelLibrary> library_;
    std::unique_ptr<ConversionController> conversion_;
    std::unique_ptr<AppSettings> settings_;
    std::unique_ptr<DownloadSourceModel> source_;
    std::unique_ptr<CatalogListModel> catalog_;
    std::unique_ptr<InstalledModelsModel> installed_;
    std::unique_ptr<QQmlApplicationEngine> engine_;
    QQuickWindow* window_ = nullptr;

    QQuickItem* item(const QString& name) const {
        return findItem(window_->contentItem()->parentItem() ? window_->contentItem()->parentItem()
                                                             : window_->contentItem(),
                        name);
    }
    bool shown(const QString& name) const {
        QQuickItem* i = item(name);
        return i && i->isVisible();
    }
    void click(const QString& name) {
        // One frame first: an item that has just appeared may not be laid out yet (its place
        // is settled by the polish before the next frame).
        QSignalSpy frame(window_, &QQuickWindow::frameSwapped);
        window_->update();
        QVERIFY(frame.wait(5000));
        QQuickItem* i = item(name);
        QVERIFY2(i && i->isVisible(), qPrintable(name + QStringLiteral(" is not shown")));
        QVERIFY2(i->isEnabled(), qPrintable(name + QStringLiteral(" is disabled")));
        const QPoint p = i->mapToScene(QPointF(i->width() / 2, i->height() / 2)).toPoint();
        QTest::mouseClick(window_, Qt::LeftButton, {}, p);
    }
    QString text(const QString& name) const {
        QQuickItem* i = item(name);
        return i ? i->property("text").toString() : QString();
    }

private slots:
    void init() {
        // Any binding loop in the model manager's QML fails the test that triggers it.
        QTest::failOnWarning(QRegularExpression(QStringLiteral("[Bb]inding loop")));
        dir_ = std::make_unique<QTemporaryDir>();
        server_ = std::make_unique<FakeHfServer>();
        QVERIFY(server_->listen());
        setUp(tinyCatalog(*server_, 400000), false);
    }

    // A catalogue whose one model is a real (tiny) ChatGLM3 checkpoint made by PyTorch.
    ModelCatalog checkpointCatalog() {
        const QString dir = QString::fromStdString(
            (glm::test::test_data_dir() / "checkpoints" / "glm3-fp16").string());
        QJsonArray files;
        for (const QString& name : QDir(dir).entryList(QDir::Files)) {
            QFile f(dir + "/" + name);
            if (!f.open(QIODevice::ReadOnly)) return {};
            const QByteArray data = f.readAll();
            server_->addFile(tinyUrlPath(name), data);
            files.append(
                QJsonObject{{"name", name}, {"size", data.size()}, {"sha256", sha256Hex(data)}});
        }
        const QJsonObject arch{{"hidden", 32}, {"layers", 2},       {"heads", 2},
                               {"kvHeads", 1}, {"headDim", 16},     {"ffn", 64},
                               {"vocab", 40},  {"tiedHead", false}, {"maxContext", 128}};
        const QJsonObject m{
            {"id", "tiny"},         {"name", "Tiny"},
            {"generation", "glm3"}, {"description", QJsonObject{{"en", "A tiny checkpoint"}}},
            {"repo", "test/tiny"},  {"revision", kTinyRevision},
            {"license", "MIT"},     {"architecture", arch},
            {"files", files}};
        QString error;
        auto c = ModelCatalog::parse(
            QJsonDocument(QJsonObject{{"format", 1}, {"models", QJsonArray{m}}}).toJson(), &error);
        if (!c) qFatal("%s", qPrintable(error));
        return *c;
    }

    void setUp(const ModelCatalog& catalog, bool withConversion, bool withSource = false) {
        engine_.reset();
        conversion_.reset();
        source_.reset();
        nam_ = std::make_unique<QNetworkAccessManager>();
        nam_->setProxy(QNetworkProxy::NoProxy);
        const QString models = dir_->filePath(QStringLiteral("models"));
        downloads_ = std::make_unique<DownloadManager>(nam_.get(), models);
        downloads_->setEndpoint(*HfEndpoint::parse(server_->endpoint(), nullptr));
        library_ = std::make_unique<ModelLibrary>(models);
        catalog_ = std::make_unique<CatalogListModel>(catalog, downloads_.get());
        if (withSource) {
            settings_ = std::make_unique<AppSettings>(std::make_unique<QSettings>(
                dir_->filePath(QStringLiteral("settings.ini")), QSettings::IniFormat));
            source_ = std::make_unique<DownloadSourceModel>(settings_.get(), downloads_.get(),
                                                            QProcessEnvironment());
            catalog_->setDownloadSource(source_.get());
        }
        catalog_->setDeviceMemoryBytes(4'000'000'000LL); // GLM-4-9B needs about 6 GB in Q4_0
        catalog_->setDeviceName(QStringLiteral("Test GPU"));
        installed_ = std::make_unique<InstalledModelsModel>(library_.get());

        engine_ = std::make_unique<QQmlApplicationEngine>();
        // The GlmChat module's qmldir lives at qrc:/GlmChat/ (Qt 6.4 does not search qrc:/ itself).
        engine_->addImportPath(QStringLiteral("qrc:/"));
        if (withConversion)
            conversion_ = std::make_unique<ConversionController>(catalog_.get(), library_.get());
        engine_->setInitialProperties(
            {{QStringLiteral("catalogModel"), QVariant::fromValue(catalog_.get())},
             {QStringLiteral("libraryModel"), QVariant::fromValue(installed_.get())},
             {QStringLiteral("conversionModel"), QVariant::fromValue(conversion_.get())}});
        engine_->loadData(kWindowQml, QUrl(QStringLiteral("qrc:/tests/ModelManagerWindow.qml")));
        QCOMPARE(engine_->rootObjects().size(), 1);
        window_ = qobject_cast<QQuickWindow*>(engine_->rootObjects().first());
        QVERIFY(window_);
        QVERIFY(QTest::qWaitForWindowExposed(window_));
        QTRY_VERIFY_WITH_TIMEOUT(shown(QStringLiteral("download-tiny")), 10000);
    }
    void cleanup() {
        engine_.reset();
        conversion_.reset();
        source_.reset();
        settings_.reset();
        installed_.reset();
        catalog_.reset();
        library_.reset();
        downloads_.reset();
        nam_.reset();
        server_.reset();
        dir_.reset();
    }

    void showsSizesFitAndUnavailableModels() {
        QCOMPARE(text(QStringLiteral("fits-tiny")), QStringLiteral("Fits your GPU"));
        QCOMPARE(text(QStringLiteral("fits-big")),
                 QStringLiteral("Needs more video memory than your GPU has"));
        QVERIFY(!shown(QStringLiteral("download-big"))); // no file list: explained, not offered
    }

    // On the CPU backend the advice is about the computer's memory, not a GPU's.
    void cpuBackendAdviceSpeaksOfMemory() {
        catalog_->setDeviceIsCpu(true);
        QTRY_COMPARE(text(QStringLiteral("fits-tiny")),
                     QStringLiteral("Fits in this computer's memory"));
        QCOMPARE(text(QStringLiteral("fits-big")),
                 QStringLiteral("Needs more memory than this computer has"));
        catalog_->setDeviceIsCpu(false);
        QTRY_COMPARE(text(QStringLiteral("fits-tiny")), QStringLiteral("Fits your GPU"));
    }

    void downloadFromTheDialog() {
        for (const char* f : {"config.json", "weights-1.bin", "weights-2.bin"})
            server_->setAlways(tinyUrlPath(QString::fromLatin1(f)),
                               {FakeHfServer::Fault::Trickle, 0, 0, {}, 8192, 10});
        click(QStringLiteral("download-tiny"));
        QTRY_VERIFY_WITH_TIMEOUT(shown(QStringLiteral("progress-tiny")), 10000);
        QTRY_VERIFY_WITH_TIMEOUT(
            item(QStringLiteral("progress-tiny"))->property("value").toDouble() > 0.1, 10000);
        QVERIFY(shown(QStringLiteral("pause-tiny")));
        QVERIFY(text(QStringLiteral("status-tiny")).contains(QStringLiteral(" of ")));
        // Pause, then resume from the dialog.
        click(QStringLiteral("pause-tiny"));
        QTRY_VERIFY(shown(QStringLiteral("resume-tiny")));
        QVERIFY(text(QStringLiteral("status-tiny")).startsWith(QStringLiteral("Paused")));
        click(QStringLiteral("resume-tiny"));
        QTRY_VERIFY_WITH_TIMEOUT(shown(QStringLiteral("convert-tiny")), 30000);
        // Ready to convert; the converter is not connected in this test, so the button is off.
        QVERIFY(!item(QStringLiteral("convert-tiny"))->isEnabled());
        QVERIFY(!shown(QStringLiteral("progress-tiny")));
    }

    // Download a real checkpoint, convert it from the dialog, then free its disk space.
    void convertsADownloadedCheckpoint() {
        setUp(checkpointCatalog(), true);
        QTRY_VERIFY_WITH_TIMEOUT(shown(QStringLiteral("download-tiny")), 10000);
        click(QStringLiteral("download-tiny"));
        QTRY_VERIFY_WITH_TIMEOUT(shown(QStringLiteral("convert-tiny")), 30000);
        QVERIFY(item(QStringLiteral("convert-tiny"))->isEnabled()); // a converter is connected
        QSignalSpy converted(conversion_.get(), &ConversionController::converted);
        click(QStringLiteral("convert-tiny"));
        QVERIFY(converted.wait(60000));
        const QString gguf = converted.at(0).at(0).toString();
        QVERIFY(QFileInfo::exists(gguf));
        QVERIFY(gguf.endsWith(QStringLiteral("-q4_0.gguf")));
        // the checkpoint may now be deleted (the dialog asks first; here we answer for the user)
        QTRY_VERIFY2_WITH_TIMEOUT(
            !conversion_->deletableCheckpoint().isEmpty(),
            qPrintable(conversion_->statusText() + "/" + conversion_->errorText()), 10000);
        QTRY_VERIFY_WITH_TIMEOUT(shown(QStringLiteral("deleteCheckpointButton")), 10000);
        const QString checkpoint = conversion_->deletableCheckpoint();
        QVERIFY(QFileInfo(checkpoint).isDir());
        conversion_->deleteCheckpoint();
        QTRY_VERIFY_WITH_TIMEOUT(!QFileInfo::exists(checkpoint), 10000);
        QTRY_VERIFY(!shown(QStringLiteral("deleteCheckpointButton")));
        QVERIFY(QFileInfo::exists(gguf));
    }

    void errorInWordsWithARetry() {
        server_->setAlways(tinyUrlPath(QStringLiteral("weights-2.bin")),
                           {FakeHfServer::Fault::WrongBytes});
        click(QStringLiteral("download-tiny"));
        QTRY_VERIFY_WITH_TIMEOUT(shown(QStringLiteral("error-tiny")), 20000);
        QVERIFY2(text(QStringLiteral("error-tiny")).contains(QStringLiteral("is damaged")),
                 qPrintable(text(QStringLiteral("error-tiny"))));
        QVERIFY(shown(QStringLiteral("retry-tiny")));
        server_->clearBehaviours();
        click(QStringLiteral("retry-tiny"));
        QTRY_VERIFY_WITH_TIMEOUT(shown(QStringLiteral("convert-tiny")), 20000);
        QVERIFY(!shown(QStringLiteral("error-tiny")));
    }

    void installedTabListsAndDeletes() {
        click(QStringLiteral("download-tiny"));
        QTRY_VERIFY_WITH_TIMEOUT(shown(QStringLiteral("convert-tiny")), 20000);
        click(QStringLiteral("installedTab"));
        QTRY_COMPARE_WITH_TIMEOUT(item(QStringLiteral("installedList"))->property("count").toInt(),
                                  1, 10000);
        QTRY_VERIFY(shown(QStringLiteral("delete-0")));
        click(QStringLiteral("delete-0"));
        QObject* confirm =
            engine_->rootObjects().first()->findChild<QObject*>(QStringLiteral("confirmDelete"));
        QVERIFY(confirm);
        QTRY_VERIFY(confirm->property("opened").toBool());
        QVERIFY(QFileInfo::exists(
            downloads_->checkpointDirectory(QStringLiteral("tiny")))); // asked, not yet deleted
        QVERIFY(QMetaObject::invokeMethod(confirm, "accept"));
        QTRY_COMPARE_WITH_TIMEOUT(item(QStringLiteral("installedList"))->property("count").toInt(),
                                  0, 10000);
        QVERIFY(!QFileInfo::exists(downloads_->checkpointDirectory(QStringLiteral("tiny"))));
    }

    // The Installed tab with every kind of row and an error shown, at two widths: no binding
    // loop (init() makes one fail the test).
    void installedTabHasNoBindingLoop() {
        const QString models = dir_->filePath(QStringLiteral("models"));
        QVERIFY(QDir().mkpath(models));
        QVERIFY(writeAll(models + QStringLiteral("/damaged.gguf"), "GGUF"));
        click(QStringLiteral("installedTab"));
        QTRY_COMPARE_WITH_TIMEOUT(item(QStringLiteral("installedList"))->property("count").toInt(),
                                  1, 10000);
        installed_->importGguf(QUrl::fromLocalFile(dir_->filePath(QStringLiteral("missing.gguf"))),
                               false);
        QTRY_VERIFY(shown(QStringLiteral("libraryError")));
        window_->setWidth(600);
        QTRY_COMPARE(window_->width(), 600);
        window_->setWidth(1100);
        QTRY_COMPARE(window_->width(), 1100);
        click(QStringLiteral("catalogueTab"));
        click(QStringLiteral("installedTab"));
        QTRY_VERIFY(shown(QStringLiteral("delete-0")));
        // The delete confirmation, also while the language changes (every text is re-evaluated).
        click(QStringLiteral("delete-0"));
        QObject* confirm =
            engine_->rootObjects().first()->findChild<QObject*>(QStringLiteral("confirmDelete"));
        QVERIFY(confirm);
        QTRY_VERIFY(confirm->property("opened").toBool());
        engine_->retranslate();
        window_->setWidth(560);
        QTRY_COMPARE(window_->width(), 560);
        engine_->retranslate();
        QVERIFY(QMetaObject::invokeMethod(confirm, "reject"));
        QTRY_VERIFY(!confirm->property("visible").toBool());
    }

    // A copy of the tiny ChatGLM3 checkpoint, which has no tokenizer.model.
    QString checkpointWithoutTokenizer() {
        const QString source = QString::fromStdString(
            (glm::test::test_data_dir() / "checkpoints" / "glm3-fp16").string());
        const QString copy = dir_->filePath(QStringLiteral("my-glm3"));
        if (!QDir().mkpath(copy)) return {};
        for (const QString& name : QDir(source).entryList(QDir::Files))
            if (!QFile::copy(source + "/" + name, copy + "/" + name)) return {};
        if (QFileInfo::exists(copy + QStringLiteral("/tokenizer.model"))) return {};
        return copy;
    }
    void importFolder(const QString& folder) {
        QQuickItem* bar = item(QStringLiteral("conversionBar"));
        QVERIFY(bar);
        QVERIFY(QMetaObject::invokeMethod(bar, "importFolder",
                                          Q_ARG(QUrl, QUrl::fromLocalFile(folder))));
    }
    QStringList modelFiles() const {
        return QDir(dir_->filePath(QStringLiteral("models")))
            .entryList(QDir::Files | QDir::Hidden | QDir::NoDotAndDotDot);
    }

    // Import folder without the tokenizer: the dialog says which file is missing and where it
    // goes before anything is written; Cancel writes nothing; "Convert anyway" converts, with
    // Import's own type choice (not the Download tab's), shows percent and bytes, and the
    // finished message says the model cannot chat.
    void importWithoutTokenizerWarnsFirst() {
        setUp(tinyCatalog(*server_, 400000), true);
        const QString folder = checkpointWithoutTokenizer();
        QVERIFY(!folder.isEmpty());
        importFolder(folder);
        QTRY_VERIFY_WITH_TIMEOUT(shown(QStringLiteral("tokenizerWarning")), 10000);
        const QString warning = text(QStringLiteral("tokenizerWarning"));
        QVERIFY2(warning.contains(QStringLiteral("tokenizer.model")) &&
                     warning.contains(QDir::toNativeSeparators(folder)),
                 qPrintable(warning));
        QVERIFY(modelFiles().isEmpty()); // asked first: nothing written yet
        click(QStringLiteral("cancelImportButton"));
        QTRY_VERIFY(!shown(QStringLiteral("tokenizerWarning")));
        QVERIFY(modelFiles().isEmpty());

        // Import's own type: Q8_0 here while the Download tab's "Sizes for" stays Q4_0.
        QQuickItem* type = item(QStringLiteral("importTypeChoice"));
        QVERIFY(type && type->isVisible());
        type->setProperty("currentIndex", 1);
        QCOMPARE(type->property("currentText").toString(), QStringLiteral("Q8_0"));
        QCOMPARE(catalog_->quantType(), QStringLiteral("Q4_0"));

        importFolder(folder);
        QTRY_VERIFY_WITH_TIMEOUT(shown(QStringLiteral("tokenizerWarning")), 10000);
        QSignalSpy converted(conversion_.get(), &ConversionController::converted);
        click(QStringLiteral("convertAnywayButton"));
        QVERIFY2(converted.wait(60000),
                 qPrintable(conversion_->statusText() + " | " + conversion_->errorText() + " | " +
                            conversion_->tokenizerWarning()));
        QVERIFY(converted.at(0).at(0).toString().endsWith(QStringLiteral("my-glm3-q8_0.gguf")));
        QVERIFY(!shown(QStringLiteral("tokenizerWarning")));
        QTRY_VERIFY(shown(QStringLiteral("conversionError")));
        const QString after = text(QStringLiteral("conversionError"));
        QVERIFY2(after.contains(QStringLiteral("cannot chat")) &&
                     after.contains(QStringLiteral("tokenizer.model")),
                 qPrintable(after));
        // The last progress report: percent and bytes read of the total.
        QVERIFY2(conversion_->progressText().startsWith(QStringLiteral("100% · ")) &&
                     conversion_->progressText().contains(QStringLiteral(" of ")),
                 qPrintable(conversion_->progressText()));
    }

    // A download that will not fit the GPU asks first; one that fits starts at once.
    void downloadThatDoesNotFitAsksFirst() {
        catalog_->setDeviceMemoryBytes(1000); // nothing fits
        QTRY_COMPARE(text(QStringLiteral("fits-tiny")),
                     QStringLiteral("Needs more video memory than your GPU has"));
        click(QStringLiteral("download-tiny"));
        QObject* confirm = engine_->rootObjects().first()->findChild<QObject*>(
            QStringLiteral("confirmLargeDownload"));
        QVERIFY(confirm);
        QTRY_VERIFY(confirm->property("opened").toBool());
        QVERIFY(!downloads_->download(QStringLiteral("tiny"))); // asked, not started
        QVERIFY(QMetaObject::invokeMethod(confirm, "reject"));
        QTRY_VERIFY(!confirm->property("visible").toBool());
        QVERIFY(!downloads_->download(QStringLiteral("tiny")));
        click(QStringLiteral("download-tiny"));
        QTRY_VERIFY(confirm->property("opened").toBool());
        QVERIFY(QMetaObject::invokeMethod(confirm, "accept"));
        QTRY_VERIFY_WITH_TIMEOUT(shown(QStringLiteral("convert-tiny")), 20000);
    }

    // The loaded model is listed (even from another folder), marked, and cannot be deleted.
    void loadedModelIsMarkedAndNotDeletable() {
        const QString elsewhere = dir_->filePath(QStringLiteral("elsewhere.gguf"));
        QVERIFY(writeAll(elsewhere, "GGUF"));
        installed_->setLoadedModelPath(elsewhere);
        click(QStringLiteral("installedTab"));
        QTRY_COMPARE_WITH_TIMEOUT(item(QStringLiteral("installedList"))->property("count").toInt(),
                                  1, 10000);
        QTRY_VERIFY(shown(QStringLiteral("loaded-0")));
        QCOMPARE(text(QStringLiteral("loaded-0")), QStringLiteral("Loaded"));
        QVERIFY(!item(QStringLiteral("delete-0"))->isEnabled());
        QVERIFY(shown(QStringLiteral("deleteBlocked-0")));
        installed_->setLoadedModelPath(QString());
        QTRY_COMPARE_WITH_TIMEOUT(item(QStringLiteral("installedList"))->property("count").toInt(),
                                  0, 10000);
        QVERIFY(QFileInfo::exists(elsewhere));
    }

    // Download source: a mirror is validated, saved and used by the downloads.
    void downloadSourceIsSetInTheDialog() {
        setUp(tinyCatalog(*server_, 400000), false, true);
        AppSettings* settings = settings_.get();
        click(QStringLiteral("sourceTab"));
        QTRY_VERIFY(shown(QStringLiteral("endpointField")));
        item(QStringLiteral("endpointField"))->setProperty("text", QStringLiteral("hf-mirror.com"));
        item(QStringLiteral("tokenField"))->setProperty("text", QStringLiteral("hf_secret"));
        click(QStringLiteral("saveSourceButton"));
        QTRY_VERIFY(shown(QStringLiteral("sourceError")));
        QVERIFY(!text(QStringLiteral("sourceError")).contains(QStringLiteral("hf_secret")));
        QCOMPARE(settings->downloadEndpoint(), QString()); // refused: nothing saved
        item(QStringLiteral("endpointField"))
            ->setProperty("text", QStringLiteral("https://hf-mirror.com/"));
        click(QStringLiteral("saveSourceButton"));
        QTRY_VERIFY(!shown(QStringLiteral("sourceError")));
        QCOMPARE(downloads_->endpoint().base(), QUrl(QStringLiteral("https://hf-mirror.com")));
        QCOMPARE(settings->downloadEndpoint(), QStringLiteral("https://hf-mirror.com/"));
        QCOMPARE(settings->downloadToken(), QByteArray("hf_secret"));
        QCOMPARE(item(QStringLiteral("tokenField"))->property("text").toString(), QString());
        QVERIFY(shown(QStringLiteral("removeTokenButton")));
    }
};

QTEST_MAIN(TestModelManagerDialog)
#include "tst_model_manager_dialog.moc"
