// The app's preferences, over QSettings (DataDirectory::openSettings): appearance, language,
// the last model (loaded again at start), the chosen device, the window's place, and each
// model's own preferences (ModelPreferences). Read on the UI thread: QSettings keeps the file
// in memory and writes it back in the background or on quit, so nothing here waits on the disk
// for long.
#pragma once

#include "library/model_preferences.h"

#include <QObject>
#include <QRect>
#include <memory>

class QSettings;

namespace glm::app {

class AppSettings : public QObject {
    Q_OBJECT
public:
    enum class Theme { System, Light, Dark };
    Q_ENUM(Theme)

    explicit AppSettings(std::unique_ptr<QSettings> settings, QObject* parent = nullptr);
    ~AppSettings() override;

    Theme theme() const;
    void setTheme(Theme theme);
    // "" (follow the system), "en" or "zh_CN".
    QString language() const;
    void setLanguage(const QString& language);

    QString lastModelPath() const;
    void setLastModelPath(const QString& path);
    // Whether the model manager was opened on its own at a first start (it is, once).
    bool modelManagerShownAtFirstRun() const;
    void setModelManagerShownAtFirstRun();
    // The model being loaded, written to disk before loading starts and cleared after: when it
    // is still set at start, the last load never ended (a crash in a driver), and the app does
    // not load that model on its own again.
    QString unfinishedLoad() const;
    void setUnfinishedLoad(const QString& path);
    // A device name (what glm::Engine::choose matches); "" for the best device.
    QString deviceSelector() const;
    void setDeviceSelector(const QString& selector);
    // Threads of the CPU backend: 0 (automatic: one per physical core, or GLM_CPU_THREADS), or
    // 1..kMaxCpuThreads. Used from the next model load on. Anything else in the file (negative,
    // huge, not a number) reads as automatic; the setter clamps into the range.
    static constexpr int kMaxCpuThreads = 256;
    int cpuThreads() const;
    void setCpuThreads(int threads);

    // The conversation on screen when the app last quit (0: a new chat), opened again at start.
    qint64 lastConversation() const;
    void setLastConversation(qint64 id);

    QRect windowGeometry() const; // invalid when never saved
    bool windowMaximized() const;
    void setWindowState(const QRect& geometry, bool maximized);

    ModelPreferences modelPreferences(const QString& modelPath,
                                      const ModelPreferences& defaults) const;
    void setModelPreferences(const QString& modelPath, const ModelPreferences& prefs,
                             const ModelPreferences& defaults);

    // Writes pending changes to disk now (at quit and in tests).
    void sync();
    QString fileName() const;

    // Where models are downloaded from (the model manager's "Download source"): an endpoint
    // URL ("" for HF_ENDPOINT or the Hugging Face hub) and an access token for gated models.
    // The token is kept in settings.ini in plain text (readable by this user only as far as the
    // data folder is); it is never logged.
    QString downloadEndpoint() const;
    void setDownloadEndpoint(const QString& endpoint);
    QByteArray downloadToken() const;
    void setDownloadToken(const QByteArray& token);

signals:
    void themeChanged();
    void languageChanged();
    void deviceSelectorChanged();
    void cpuThreadsChanged();
    void modelPreferencesChanged(const QString& modelPath);

private:
    std::unique_ptr<QSettings> settings_;
};

} // namespace glm::app
