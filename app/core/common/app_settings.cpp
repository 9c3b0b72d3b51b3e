#include "common/app_settings.h"

#include <QSettings>
#include <algorithm>

namespace glm::app {

namespace {
const QString kTheme = QStringLiteral("ui/theme");
const QString kLanguage = QStringLiteral("ui/language");
const QString kLastModel = QStringLiteral("model/last");
const QString kFirstRunManager = QStringLiteral("model/first_run_manager_shown");
const QString kDevice = QStringLiteral("model/device");
const QString kCpuThreads = QStringLiteral("model/cpu_threads");
const QString kUnfinishedLoad = QStringLiteral("model/loading");
const QString kLastConversation = QStringLiteral("chat/last");
const QString kGeometry = QStringLiteral("window/geometry");
const QString kMaximized = QStringLiteral("window/maximized");

// Window sizes beyond this are not a real window (a damaged or hand-edited file).
constexpr int kMaxWindowExtent = 100000;
} // namespace

AppSettings::AppSettings(std::unique_ptr<QSettings> settings, QObject* parent)
    : QObject(parent), settings_(std::move(settings)) {}

AppSettings::~AppSettings() {
    settings_->sync();
}

AppSettings::Theme AppSettings::theme() const {
    const QString v = settings_->value(kTheme).toString();
    if (v == QLatin1String("light")) return Theme::Light;
    if (v == QLatin1String("dark")) return Theme::Dark;
    return Theme::System;
}

void AppSettings::setTheme(Theme theme) {
    if (theme == this->theme()) return;
    static const char* const names[] = {"system", "light", "dark"};
    settings_->setValue(kTheme, QLatin1String(names[int(theme)]));
    emit themeChanged();
}

QString AppSettings::language() const {
    const QString v = settings_->value(kLanguage).toString();
    return v == QLatin1String("en") || v == QLatin1String("zh_CN") ? v : QString();
}

void AppSettings::setLanguage(const QString& language) {
    const QString valid = language == QLatin1String("en") || language == QLatin1String("zh_CN")
                              ? language
                              : QString();
    if (valid == this->language()) return;
    settings_->setValue(kLanguage, valid);
    emit languageChanged();
}

QString AppSettings::lastModelPath() const {
    return settings_->value(kLastModel).toString();
}

void AppSettings::setLastModelPath(const QString& path) {
    settings_->setValue(kLastModel, path);
}

bool AppSettings::modelManagerShownAtFirstRun() const {
    return settings_->value(kFirstRunManager, false).toBool();
}

void AppSettings::setModelManagerShownAtFirstRun() {
    settings_->setValue(kFirstRunManager, true);
}

QString AppSettings::unfinishedLoad() const {
    return settings_->value(kUnfinishedLoad).toString();
}

void AppSettings::setUnfinishedLoad(const QString& path) {
    if (path.isEmpty())
        settings_->remove(kUnfinishedLoad);
    else
        settings_->setValue(kUnfinishedLoad, path);
    // Must be on disk before the driver gets a chance to take the process down.
    settings_->sync();
}

QString AppSettings::deviceSelector() const {
    return settings_->value(kDevice).toString();
}

void AppSettings::setDeviceSelector(const QString& selector) {
    if (selector == deviceSelector()) return;
    settings_->setValue(kDevice, selector);
    emit deviceSelectorChanged();
}

int AppSettings::cpuThreads() const {
    bool ok = false;
    const int threads = settings_->value(kCpuThreads).toInt(&ok);
    return ok && threads >= 1 && threads <= kMaxCpuThreads ? threads : 0;
}

void AppSettings::setCpuThreads(int threads) {
    const int valid = std::clamp(threads, 0, kMaxCpuThreads);
    if (valid == cpuThreads()) return;
    if (valid == 0)
        settings_->remove(kCpuThreads);
    else
        settings_->setValue(kCpuThreads, valid);
    emit cpuThreadsChanged();
}

qint64 AppSettings::lastConversation() const {
    bool ok = false;
    const qint64 id = settings_->value(kLastConversation).toLongLong(&ok);
    return ok && id > 0 ? id : 0;
}

void AppSettings::setLastConversation(qint64 id) {
    settings_->setValue(kLastConversation, id);
}

QRect AppSettings::windowGeometry() const {
    const QRect r = settings_->value(kGeometry).toRect();
    if (!r.isValid() || r.width() > kMaxWindowExtent || r.height() > kMaxWindowExtent ||
        qAbs(r.x()) > kMaxWindowExtent || qAbs(r.y()) > kMaxWindowExtent)
        return {};
    return r;
}

bool AppSettings::windowMaximized() const {
    return settings_->value(kMaximized).toBool();
}

void AppSettings::setWindowState(const QRect& geometry, bool maximized) {
    if (geometry.isValid()) settings_->setValue(kGeometry, geometry);
    settings_->setValue(kMaximized, maximized);
}

ModelPreferences AppSettings::modelPreferences(const QString& modelPath,
                                               const ModelPreferences& defaults) const {
    return ModelPreferences::read(*settings_, modelPath, defaults);
}

void AppSettings::setModelPreferences(const QString& modelPath, const ModelPreferences& prefs,
                                      const ModelPreferences& defaults) {
    ModelPreferences::write(*settings_, modelPath, prefs, defaults);
    emit modelPreferencesChanged(modelPath);
}

void AppSettings::sync() {
    settings_->sync();
}

QString AppSettings::fileName() const {
    return settings_->fileName();
}

namespace {
const QString kDownloadEndpoint = QStringLiteral("download/endpoint");
const QString kDownloadToken = QStringLiteral("download/token");
} // namespace

QString AppSettings::downloadEndpoint() const {
    return settings_->value(kDownloadEndpoint).toString();
}

void AppSettings::setDownloadEndpoint(const QString& endpoint) {
    if (endpoint.isEmpty())
        settings_->remove(kDownloadEndpoint);
    else
        settings_->setValue(kDownloadEndpoint, endpoint);
}

QByteArray AppSettings::downloadToken() const {
    return settings_->value(kDownloadToken).toString().toUtf8();
}

void AppSettings::setDownloadToken(const QByteArray& token) {
    if (token.isEmpty())
        settings_->remove(kDownloadToken);
    else
        settings_->setValue(kDownloadToken, QString::fromUtf8(token));
}

} // namespace glm::app
