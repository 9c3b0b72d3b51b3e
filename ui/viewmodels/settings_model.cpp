#include "viewmodels/settings_model.h"

#include "common/app_settings.h"
#include "viewmodels/model_controller.h"

#include <QEvent>
#include <QGuiApplication>
#include <QPalette>

using glm::app::AppSettings;
using glm::app::ModelPreferences;

SettingsModel::SettingsModel(AppSettings* settings, ModelController* model, QObject* parent)
    : QObject(parent), settings_(settings), model_(model) {
    connect(settings_, &AppSettings::themeChanged, this, &SettingsModel::themeChanged);
    connect(settings_, &AppSettings::languageChanged, this, &SettingsModel::languageChanged);
    connect(settings_, &AppSettings::deviceSelectorChanged, this,
            &SettingsModel::deviceSelectorChanged);
    connect(settings_, &AppSettings::cpuThreadsChanged, this, &SettingsModel::cpuThreadsChanged);
    connect(settings_, &AppSettings::modelPreferencesChanged, this,
            &SettingsModel::modelPreferencesChanged);
    connect(model_, &ModelController::modelChanged, this, &SettingsModel::modelPreferencesChanged);
    // modelLoaded (and every preference read through the model) follows the model's status
    // too: the controller announces a new model before it becomes Ready.
    connect(model_, &ModelController::statusChanged, this, [this] {
        if (model_->status() != ModelController::Status::Loading) setReloadNeeded(false);
        emit modelPreferencesChanged();
    });
    if (QCoreApplication* app = QCoreApplication::instance()) app->installEventFilter(this);
}

bool SettingsModel::eventFilter(QObject* watched, QEvent* event) {
    if (event->type() == QEvent::ApplicationPaletteChange &&
        watched == QCoreApplication::instance() && settings_->theme() == AppSettings::Theme::System)
        emit themeChanged();
    return QObject::eventFilter(watched, event);
}

int SettingsModel::theme() const {
    return int(settings_->theme());
}

void SettingsModel::setTheme(int theme) {
    if (theme < 0 || theme > 2) return;
    settings_->setTheme(AppSettings::Theme(theme));
}

bool SettingsModel::systemPrefersDark() {
    const QColor window = QGuiApplication::palette().color(QPalette::Window);
    return window.lightness() < 128;
}

bool SettingsModel::darkTheme() const {
    switch (settings_->theme()) {
    case AppSettings::Theme::Dark:
        return true;
    case AppSettings::Theme::Light:
        return false;
    case AppSettings::Theme::System:
        break;
    }
    return systemPrefersDark();
}

QString SettingsModel::language() const {
    return settings_->language();
}

void SettingsModel::setLanguage(const QString& language) {
    settings_->setLanguage(language);
}

QString SettingsModel::deviceSelector() const {
    return settings_->deviceSelector();
}

void SettingsModel::setDeviceSelector(const QString& selector) {
    if (selector == settings_->deviceSelector()) return;
    settings_->setDeviceSelector(selector);
    if (model_->isReady()) setReloadNeeded(true);
}

int SettingsModel::cpuThreads() const {
    return settings_->cpuThreads();
}

void SettingsModel::setCpuThreads(int threads) {
    const int before = settings_->cpuThreads();
    settings_->setCpuThreads(threads);
    // Only a model on the CPU backend runs on these threads.
    if (settings_->cpuThreads() != before && model_->isReady() && model_->onCpuBackend())
        setReloadNeeded(true);
}

int SettingsModel::maxCpuThreads() const {
    return AppSettings::kMaxCpuThreads;
}

bool SettingsModel::modelLoaded() const {
    return model_->isReady();
}

bool SettingsModel::hasSystemPrompt() const {
    return model_->hasSystemPrompt();
}

int SettingsModel::maxContextLength() const {
    return model_->info().maxContextLength;
}

template <typename Edit> void SettingsModel::editPreferences(Edit edit) {
    if (!model_->isReady()) return;
    ModelPreferences p = model_->preferences();
    const ModelPreferences before = p;
    edit(p);
    p = p.clamped();
    if (p == before) return;
    settings_->setModelPreferences(model_->modelPath(), p, model_->defaultPreferences());
}

double SettingsModel::temperature() const {
    return model_->preferences().sampling.temperature;
}
void SettingsModel::setTemperature(double v) {
    editPreferences([v](ModelPreferences& p) { p.sampling.temperature = v; });
}
double SettingsModel::topP() const {
    return model_->preferences().sampling.topP;
}
void SettingsModel::setTopP(double v) {
    editPreferences([v](ModelPreferences& p) { p.sampling.topP = v; });
}
int SettingsModel::topK() const {
    return model_->preferences().sampling.topK;
}
void SettingsModel::setTopK(int v) {
    editPreferences([v](ModelPreferences& p) { p.sampling.topK = v; });
}
double SettingsModel::repetitionPenalty() const {
    return model_->preferences().sampling.repetitionPenalty;
}
void SettingsModel::setRepetitionPenalty(double v) {
    editPreferences([v](ModelPreferences& p) { p.sampling.repetitionPenalty = v; });
}
int SettingsModel::maxNewTokens() const {
    return model_->preferences().sampling.maxNewTokens;
}
void SettingsModel::setMaxNewTokens(int v) {
    editPreferences([v](ModelPreferences& p) { p.sampling.maxNewTokens = v; });
}
int SettingsModel::contextLength() const {
    return model_->preferences().contextLength;
}
void SettingsModel::setContextLength(int v) {
    const int before = contextLength();
    editPreferences([v](ModelPreferences& p) { p.contextLength = v; });
    if (contextLength() != before) setReloadNeeded(true);
}
bool SettingsModel::compactKvCache() const {
    return model_->preferences().compactKvCache;
}
void SettingsModel::setCompactKvCache(bool v) {
    const bool before = compactKvCache();
    editPreferences([v](ModelPreferences& p) { p.compactKvCache = v; });
    if (compactKvCache() != before) setReloadNeeded(true);
}
QString SettingsModel::systemPrompt() const {
    return model_->preferences().systemPrompt;
}
void SettingsModel::setSystemPrompt(const QString& v) {
    editPreferences([&v](ModelPreferences& p) { p.systemPrompt = v; });
}

void SettingsModel::resetModelPreferences() {
    if (!model_->isReady()) return;
    const int contextBefore = contextLength();
    const bool compactBefore = compactKvCache();
    settings_->setModelPreferences(model_->modelPath(), model_->defaultPreferences(),
                                   model_->defaultPreferences());
    if (contextLength() != contextBefore || compactKvCache() != compactBefore)
        setReloadNeeded(true);
}

void SettingsModel::applyReload() {
    setReloadNeeded(false);
    model_->reloadModel();
}

void SettingsModel::setReloadNeeded(bool needed) {
    if (needed == reloadNeeded_) return;
    reloadNeeded_ = needed;
    emit reloadNeededChanged();
}
