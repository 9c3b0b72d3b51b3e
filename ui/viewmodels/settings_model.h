// The settings dialog's view of the preferences: appearance and language for the app, and the
// current model's sampling, reply length, context length, system prompt, device and the CPU
// backend's threads. Changes are stored at once (AppSettings); sampling and the system prompt
// apply to the next reply, while a new context length, device or thread count (on the CPU
// backend) needs the model loaded again (reloadNeeded, applyReload()).
#pragma once

#include <QObject>
#include <qqmlregistration.h>

namespace glm::app {
class AppSettings;
struct ModelPreferences;
} // namespace glm::app
class ModelController;

class SettingsModel : public QObject {
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("Created by the app")
    // 0 system, 1 light, 2 dark
    Q_PROPERTY(int theme READ theme WRITE setTheme NOTIFY themeChanged)
    Q_PROPERTY(bool darkTheme READ darkTheme NOTIFY themeChanged)
    // "" (the system's), "en", "zh_CN"
    Q_PROPERTY(QString language READ language WRITE setLanguage NOTIFY languageChanged)
    Q_PROPERTY(QString deviceSelector READ deviceSelector WRITE setDeviceSelector NOTIFY
                   deviceSelectorChanged)
    // Threads of the CPU backend: 0 automatic, else 1..maxCpuThreads (from the next load on).
    Q_PROPERTY(int cpuThreads READ cpuThreads WRITE setCpuThreads NOTIFY cpuThreadsChanged)
    Q_PROPERTY(int maxCpuThreads READ maxCpuThreads CONSTANT)

    Q_PROPERTY(bool modelLoaded READ modelLoaded NOTIFY modelPreferencesChanged)
    Q_PROPERTY(bool hasSystemPrompt READ hasSystemPrompt NOTIFY modelPreferencesChanged)
    Q_PROPERTY(int maxContextLength READ maxContextLength NOTIFY modelPreferencesChanged)
    Q_PROPERTY(
        double temperature READ temperature WRITE setTemperature NOTIFY modelPreferencesChanged)
    Q_PROPERTY(double topP READ topP WRITE setTopP NOTIFY modelPreferencesChanged)
    Q_PROPERTY(int topK READ topK WRITE setTopK NOTIFY modelPreferencesChanged)
    Q_PROPERTY(double repetitionPenalty READ repetitionPenalty WRITE setRepetitionPenalty NOTIFY
                   modelPreferencesChanged)
    Q_PROPERTY(
        int maxNewTokens READ maxNewTokens WRITE setMaxNewTokens NOTIFY modelPreferencesChanged)
    // 0: the model's own (at most 4096)
    Q_PROPERTY(
        int contextLength READ contextLength WRITE setContextLength NOTIFY modelPreferencesChanged)
    // 8-bit KV cache: long contexts in about half the video memory
    Q_PROPERTY(bool compactKvCache READ compactKvCache WRITE setCompactKvCache NOTIFY
                   modelPreferencesChanged)
    Q_PROPERTY(
        QString systemPrompt READ systemPrompt WRITE setSystemPrompt NOTIFY modelPreferencesChanged)
    Q_PROPERTY(bool reloadNeeded READ reloadNeeded NOTIFY reloadNeededChanged)

public:
    SettingsModel(glm::app::AppSettings* settings, ModelController* model,
                  QObject* parent = nullptr);

    int theme() const;
    void setTheme(int theme);
    bool darkTheme() const;
    QString language() const;
    void setLanguage(const QString& language);
    QString deviceSelector() const;
    void setDeviceSelector(const QString& selector);
    int cpuThreads() const;
    void setCpuThreads(int threads);
    int maxCpuThreads() const;

    bool modelLoaded() const;
    bool hasSystemPrompt() const;
    int maxContextLength() const;
    double temperature() const;
    void setTemperature(double v);
    double topP() const;
    void setTopP(double v);
    int topK() const;
    void setTopK(int v);
    double repetitionPenalty() const;
    void setRepetitionPenalty(double v);
    int maxNewTokens() const;
    void setMaxNewTokens(int v);
    int contextLength() const;
    void setContextLength(int v);
    bool compactKvCache() const;
    void setCompactKvCache(bool v);
    QString systemPrompt() const;
    void setSystemPrompt(const QString& v);
    bool reloadNeeded() const { return reloadNeeded_; }

    Q_INVOKABLE void resetModelPreferences();
    Q_INVOKABLE void applyReload();

    // The desktop's colour scheme, from the application palette (Qt 6.4 has no colorScheme()).
    static bool systemPrefersDark();

protected:
    // With the "system" theme, a change of the desktop's palette (ApplicationPaletteChange,
    // e.g. the desktop switched to dark) switches the window at once.
    bool eventFilter(QObject* watched, QEvent* event) override;

signals:
    void themeChanged();
    void languageChanged();
    void deviceSelectorChanged();
    void cpuThreadsChanged();
    void modelPreferencesChanged();
    void reloadNeededChanged();

private:
    template <typename Edit> void editPreferences(Edit edit);
    void setReloadNeeded(bool needed);

    glm::app::AppSettings* settings_;
    ModelController* model_;
    bool reloadNeeded_ = false;
};
