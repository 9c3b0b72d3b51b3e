#include "chat_app.h"

#include "common/app_log.h"
#include "common/app_settings.h"
#include "downloads/download_manager.h"
#include "history/conversation_store.h"
#include "inference/inference_service.h"
#include "library/model_catalog.h"
#include "library/model_library.h"
#include "viewmodels/app_info.h"
#include "viewmodels/catalog_list_model.h"
#include "viewmodels/chat_controller.h"
#include "viewmodels/conversation_list_model.h"
#include "viewmodels/conversion_controller.h"
#include "viewmodels/download_source_model.h"
#include "viewmodels/installed_models_model.h"
#include "viewmodels/language_switcher.h"
#include "viewmodels/model_controller.h"
#include "viewmodels/search_model.h"
#include "viewmodels/settings_model.h"

#include <QCoreApplication>
#include <QGuiApplication>
#include <QLoggingCategory>
#include <QNetworkAccessManager>
#include <QProcessEnvironment>
#include <QQmlApplicationEngine>
#include <QQuickWindow>
#include <QScreen>
#include <QSettings>
#include <QTimer>
#include <cstdio>

using namespace glm::app;

namespace {

void printError(const QString& message) {
    std::fprintf(stderr, "glm-chat: %s\n", qUtf8Printable(message));
}

// The catalogue built into the app (or installed next to it); an empty one when it is damaged,
// so that the rest of the app still works.
ModelCatalog loadCatalog() {
    QString error;
    if (std::optional<ModelCatalog> catalog = ModelCatalog::loadDefault(&error)) return *catalog;
    printError(QStringLiteral("the model catalogue could not be read: %1").arg(error));
    return *ModelCatalog::parse(QByteArrayLiteral(R"({"format": 1, "models": []})"), &error);
}

} // namespace

ChatApp::ChatApp(const LaunchOptions& options, const DataDirectory& dataDir)
    : options_(options), dataDir_(dataDir) {
    // The app's categories log warnings anywhere; glm-chat keeps their info lines too (what was
    // opened, loaded, downloaded), for the About box's diagnostics. QT_LOGGING_RULES still wins.
    QLoggingCategory::setFilterRules(QStringLiteral("glm.*.info=true"));
    qCInfo(glm::app::lcApp).noquote()
        << QStringLiteral("GLM Chat %1 starts (Qt %2), data folder %3")
               .arg(QStringLiteral(GLM_APP_VERSION), QString::fromLatin1(qVersion()),
                    dataDir_.root());
    settings_ = std::make_unique<AppSettings>(dataDir_.openSettings());
    InferenceWorker::Options workerOptions;
    workerOptions.pipelineCacheDir = dataDir_.cacheDirectory();
    workerOptions.cpuThreads = settings_->cpuThreads();
    inference_ = std::make_unique<InferenceService>(workerOptions);
    // A new thread count is used from the next model load on.
    connect(settings_.get(), &AppSettings::cpuThreadsChanged, inference_.get(),
            [this] { inference_->setCpuThreads(settings_->cpuThreads()); });
    glm::history::StoreOptions storeOptions;
    storeOptions.dataDirectory = dataDir_.root();
    store_ = std::make_unique<glm::history::ConversationStore>(storeOptions);
    model_ = std::make_unique<ModelController>(inference_.get(), settings_.get());
    chat_ = std::make_unique<ChatController>(inference_.get(), model_.get(), store_.get());
    settingsModel_ = std::make_unique<SettingsModel>(settings_.get(), model_.get());
    language_ = std::make_unique<LanguageSwitcher>(settings_.get());
    appInfo_ = std::make_unique<AppInfo>(model_.get(), &log_);
    conversations_ = std::make_unique<ConversationListModel>();
    conversations_->setStore(store_.get());
    searchResults_ = std::make_unique<SearchModel>();
    searchResults_->setStore(store_.get());
    makeModelManager();
}

ChatApp::~ChatApp() {
    saveWindowState();
    // A reply still being written is saved as interrupted before the store closes.
    chat_->shutDown();
    // The window goes first, while the objects it binds to still exist.
    engine_.reset();
}

void ChatApp::makeModelManager() {
    network_ = std::make_unique<QNetworkAccessManager>();
    downloads_ = std::make_unique<DownloadManager>(network_.get(), dataDir_.modelsDirectory());
    library_ = std::make_unique<ModelLibrary>(dataDir_.modelsDirectory());
    catalog_ = std::make_unique<CatalogListModel>(loadCatalog(), downloads_.get());
    // The endpoint and token: the model manager's setting, else HF_ENDPOINT, else the hub.
    catalog_->setDownloadSource(new DownloadSourceModel(settings_.get(), downloads_.get(),
                                                        QProcessEnvironment::systemEnvironment(),
                                                        catalog_.get()));
    installed_ = std::make_unique<InstalledModelsModel>(library_.get());
    // The installed list marks (and, from elsewhere, lists) the loaded model.
    connect(model_.get(), &ModelController::modelChanged, installed_.get(),
            [this] { installed_->setLoadedModelPath(model_->modelPath()); });
    conversion_ = std::make_unique<ConversionController>(catalog_.get(), library_.get());
    connect(installed_.get(), &InstalledModelsModel::openRequested, model_.get(),
            &ModelController::loadModel);
    // A model converted while none is loaded (the first run) is the one to chat with.
    connect(conversion_.get(), &ConversionController::converted, model_.get(),
            [this](const QString& path) {
                if (model_->status() != ModelController::Status::Ready &&
                    model_->status() != ModelController::Status::Loading)
                    model_->loadModel(path);
            });
    // The catalogue says which models fit the device the app will use (the RAM for the CPU).
    connect(inference_.get(), &InferenceService::devicesListed, catalog_.get(),
            [this](const QList<DeviceSummary>& devices) {
                const QString chosen = settings_->deviceSelector();
                for (const DeviceSummary& d : devices) {
                    if (chosen.isEmpty() ? d.preferred : d.name == chosen) {
                        catalog_->setDeviceMemoryBytes(qint64(d.memoryBytes));
                        catalog_->setDeviceName(d.name);
                        catalog_->setDeviceIsCpu(d.cpuBackend);
                    }
                }
            });
}

bool ChatApp::start() {
    language_->apply();
    engine_ = std::make_unique<QQmlApplicationEngine>();
    language_->setEngine(engine_.get());
    engine_->setInitialProperties({
        {QStringLiteral("chat"), QVariant::fromValue(chat_.get())},
        {QStringLiteral("modelController"), QVariant::fromValue(model_.get())},
        {QStringLiteral("settings"), QVariant::fromValue(settingsModel_.get())},
        {QStringLiteral("catalog"), QVariant::fromValue(catalog_.get())},
        {QStringLiteral("library"), QVariant::fromValue(installed_.get())},
        {QStringLiteral("conversion"), QVariant::fromValue(conversion_.get())},
        {QStringLiteral("appInfo"), QVariant::fromValue(appInfo_.get())},
        {QStringLiteral("conversations"), QVariant::fromValue(conversations_.get())},
        {QStringLiteral("searchResults"), QVariant::fromValue(searchResults_.get())},
    });
    engine_->load(QUrl(QStringLiteral("qrc:/GlmChat/Main.qml")));
    QQuickWindow* win = window();
    if (!win) {
        printError(QStringLiteral("the window could not be created (see the QML errors above)"));
        return false;
    }
    restoreWindowState(win);
    connect(qApp, &QCoreApplication::aboutToQuit, this, &ChatApp::saveWindowState);

    inference_->listDevices();
    // Partial files of a conversion or import killed in an earlier run (nothing owns them now).
    library_->removeStalePartials();
    library_->refresh();
    connect(chat_.get(), &ChatController::conversationChanged, settings_.get(),
            [this] { settings_->setLastConversation(chat_->conversationId()); });
    if (options_.sendText.isEmpty()) chat_->restoreConversation(settings_->lastConversation());
    // The model to open: the command line's, else the one used last (loaded in the background).
    // The very first start, with no model ever used: the way to get one is the model manager, so
    // it opens by itself (once; later the first-run view offers it).
    const bool firstRun = options_.modelPath.isEmpty() && options_.sendText.isEmpty() &&
                          settings_->lastModelPath().isEmpty() &&
                          settings_->unfinishedLoad().isEmpty() &&
                          !settings_->modelManagerShownAtFirstRun();
    if (!options_.modelPath.isEmpty())
        model_->loadModel(options_.modelPath);
    else
        model_->loadLastModel();
    if (firstRun) {
        settings_->setModelManagerShownAtFirstRun();
        QMetaObject::invokeMethod(win, "openModelManager");
    }
    startTestHooks();
    return true;
}

QQuickWindow* ChatApp::window() const {
    if (!engine_ || engine_->rootObjects().isEmpty()) return nullptr;
    return qobject_cast<QQuickWindow*>(engine_->rootObjects().constFirst());
}

void ChatApp::activate(const QString& modelPath) {
    QQuickWindow* win = window();
    if (!win) return;
    if (win->visibility() == QWindow::Minimized || !win->isVisible()) win->showNormal();
    win->raise();
    win->requestActivate();
    if (!modelPath.isEmpty()) model_->loadModel(modelPath);
}

void ChatApp::restoreWindowState(QQuickWindow* win) {
    const QRect saved = settings_->windowGeometry();
    // Only a place that is still on a screen (a monitor may have been unplugged).
    bool onScreen = false;
    for (const QScreen* screen : QGuiApplication::screens())
        onScreen = onScreen || screen->availableGeometry().intersects(saved);
    if (saved.isValid() && onScreen) win->setGeometry(saved);
    if (settings_->windowMaximized()) win->showMaximized();
}

void ChatApp::saveWindowState() {
    QQuickWindow* win = window();
    if (!win) return;
    const bool maximized = win->visibility() == QWindow::Maximized;
    settings_->setWindowState(maximized ? QRect() : win->geometry(), maximized);
    settings_->sync();
}

// --send TEXT: send once the model is ready, end when the reply does. --screenshot FILE: save
// the window before quitting. --quit-after MS: quit then at the latest.
void ChatApp::startTestHooks() {
    if (!options_.sendText.isEmpty()) {
        connect(model_.get(), &ModelController::modelReady, this, [this] {
            if (finishing_ || chat_->messages()->count() > 0) return;
            if (!chat_->send(options_.sendText))
                finishTestRun(3, QStringLiteral("--send: the message could not be sent"));
        });
        connect(model_.get(), &ModelController::statusChanged, this, [this] {
            if (model_->status() == ModelController::Status::Failed)
                finishTestRun(3, QStringLiteral("--send: the model failed to load: %1 %2")
                                     .arg(model_->failureReason(), model_->failureDetail()));
        });
        connect(chat_.get(), &ChatController::replyEnded, this, [this](bool complete) {
            finishTestRun(complete ? 0 : 3,
                          complete ? QString() : QStringLiteral("--send: the reply failed"));
        });
    }
    if (options_.quitAfterMs >= 0) {
        QTimer::singleShot(options_.quitAfterMs, this, [this] {
            if (options_.sendText.isEmpty())
                finishTestRun(0, QString());
            else
                finishTestRun(3, QStringLiteral("--send: no reply within --quit-after"));
        });
    }
}

void ChatApp::finishTestRun(int exitCode, const QString& message) {
    if (finishing_) return;
    finishing_ = true;
    if (!message.isEmpty()) printError(message);
    // Let the last text render before the picture is taken.
    QTimer::singleShot(400, this, [this, exitCode] {
        if (!options_.screenshotPath.isEmpty()) {
            QQuickWindow* win = window();
            if (!win || !win->grabWindow().save(options_.screenshotPath)) {
                printError(QStringLiteral("could not save the screenshot to %1")
                               .arg(options_.screenshotPath));
                QCoreApplication::exit(exitCode ? exitCode : 4);
                return;
            }
        }
        QCoreApplication::exit(exitCode);
    });
}
