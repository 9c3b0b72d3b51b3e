// ModelManagerDialog.qml offscreen, driven like a user: click Download, watch the progress bar,
// see "ready to convert"; a damaged download shows its error and a Retry that works; the
// Installed tab lists the checkpoint and deletes it after asking.
#include "catalog_list_model.h"
#include "installed_models_model.h"
#include "tiny_catalog.h"

#include <QDir>
#include <QFileInfo>
#include <QNetworkAccessManager>
#include <QNetworkProxy>
#include <QQmlApplicationEngine>
#include <QQuickItem>
#include <QQuickWindow>
#include <QTemporaryDir>
#include <QtQml/qqmlextensionplugin.h>
#include <QtTest>

Q_IMPORT_QML_PLUGIN(GlmChatPlugin)

#if defined(__SANITIZE_ADDRESS__)
// Qt 6.4's software scene graph keeps the textures of Qt Quick Controls' style images (combo box
// arrow, check mark, ...) in a cache it never frees: a window with only a ComboBox, a CheckBox
// and a Dialog leaks the same way (checked with a 10-line program). These are those allocations,
// nothing else.
extern "C" const char* __lsan_default_suppressions() {
    return "leak:QImageData::create\n"
           "leak:QSGTexture::QSGTexture\n"
           "leak:QPixmap::fromImage\n"
           "leak:libQt6Quick.so\n"
           "leak:QtSharedPointer::ExternalRefCountData::getAndRef\n";
}
#endif

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
    ModelManagerDialog {
        objectName: "modelManager"
        catalog: win.catalogModel
        library: win.libraryModel
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
        dir_ = std::make_unique<QTemporaryDir>();
        server_ = std::make_unique<FakeHfServer>();
        QVERIFY(server_->listen());
        nam_ = std::make_unique<QNetworkAccessManager>();
        nam_->setProxy(QNetworkProxy::NoProxy);
        const QString models = dir_->filePath(QStringLiteral("models"));
        downloads_ = std::make_unique<DownloadManager>(nam_.get(), models);
        downloads_->setEndpoint(*HfEndpoint::parse(server_->endpoint(), nullptr));
        library_ = std::make_unique<ModelLibrary>(models);
        catalog_ =
            std::make_unique<CatalogListModel>(tinyCatalog(*server_, 400000), downloads_.get());
        catalog_->setDeviceMemoryBytes(4'000'000'000LL); // GLM-4-9B needs about 6 GB in Q4_0
        catalog_->setDeviceName(QStringLiteral("Test GPU"));
        installed_ = std::make_unique<InstalledModelsModel>(library_.get());

        engine_ = std::make_unique<QQmlApplicationEngine>();
        // The GlmChat module's qmldir lives at qrc:/GlmChat/ (Qt 6.4 does not search qrc:/ itself).
        engine_->addImportPath(QStringLiteral("qrc:/"));
        engine_->setInitialProperties(
            {{QStringLiteral("catalogModel"), QVariant::fromValue(catalog_.get())},
             {QStringLiteral("libraryModel"), QVariant::fromValue(installed_.get())}});
        engine_->loadData(kWindowQml, QUrl(QStringLiteral("qrc:/tests/ModelManagerWindow.qml")));
        QCOMPARE(engine_->rootObjects().size(), 1);
        window_ = qobject_cast<QQuickWindow*>(engine_->rootObjects().first());
        QVERIFY(window_);
        QVERIFY(QTest::qWaitForWindowExposed(window_));
        QTRY_VERIFY_WITH_TIMEOUT(shown(QStringLiteral("download-tiny")), 10000);
    }
    void cleanup() {
        engine_.reset();
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
};

QTEST_MAIN(TestModelManagerDialog)
#include "tst_model_manager_dialog.moc"
