// glm-chat's composition root: makes every object the window shows (settings, the inference
// thread, the view models, the model manager's pieces), hands them to Main.qml, and carries out
// the command line (open a model, the test hooks --send, --screenshot, --quit-after). Nothing
// else in the app creates these objects or reaches them globally.
#pragma once

#include "common/data_directory.h"
#include "common/launch_options.h"
#include "common/log_ring.h"

#include <QObject>
#include <memory>

class QQmlApplicationEngine;
class QQuickWindow;
class QNetworkAccessManager;
class ChatController;
class ModelController;
class SettingsModel;
class LanguageSwitcher;
class CatalogListModel;
class InstalledModelsModel;
class ConversionController;
class AppInfo;
class ConversationListModel;
class SearchModel;

namespace glm::history {
class ConversationStore;
}
namespace glm::app {
class AppSettings;
class InferenceService;
class DownloadManager;
class ModelLibrary;
} // namespace glm::app

class ChatApp : public QObject {
    Q_OBJECT
public:
    ChatApp(const glm::app::LaunchOptions& options, const glm::app::DataDirectory& dataDir);
    ~ChatApp() override;

    // Loads the window; false (with a message on stderr) when the QML could not be loaded.
    bool start();

    QQuickWindow* window() const;
    // Another launch of glm-chat on the same data folder: the window comes forward, and opens
    // that launch's model if it named one.
    void activate(const QString& modelPath);
    QQmlApplicationEngine* engine() const { return engine_.get(); }
    ChatController* chat() const { return chat_.get(); }
    ModelController* model() const { return model_.get(); }
    SettingsModel* settingsModel() const { return settingsModel_.get(); }
    glm::app::InferenceService* inference() const { return inference_.get(); }
    glm::history::ConversationStore* store() const { return store_.get(); }

private:
    void makeModelManager();
    void restoreWindowState(QQuickWindow* window);
    void saveWindowState();
    void startTestHooks();
    void finishTestRun(int exitCode, const QString& message);

    // First: it records what everything after it logs, for the About box's diagnostics.
    glm::app::LogRing log_;
    glm::app::LaunchOptions options_;
    glm::app::DataDirectory dataDir_;
    std::unique_ptr<glm::app::AppSettings> settings_;
    std::unique_ptr<glm::app::InferenceService> inference_;
    std::unique_ptr<glm::history::ConversationStore> store_;
    std::unique_ptr<ModelController> model_;
    std::unique_ptr<ChatController> chat_;
    std::unique_ptr<SettingsModel> settingsModel_;
    std::unique_ptr<LanguageSwitcher> language_;
    std::unique_ptr<QNetworkAccessManager> network_;
    std::unique_ptr<glm::app::DownloadManager> downloads_;
    std::unique_ptr<glm::app::ModelLibrary> library_;
    std::unique_ptr<CatalogListModel> catalog_;
    std::unique_ptr<InstalledModelsModel> installed_;
    std::unique_ptr<ConversionController> conversion_;
    std::unique_ptr<AppInfo> appInfo_;
    std::unique_ptr<ConversationListModel> conversations_;
    std::unique_ptr<SearchModel> searchResults_;
    std::unique_ptr<QQmlApplicationEngine> engine_; // last: destroyed first
    bool finishing_ = false;
};
