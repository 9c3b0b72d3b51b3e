#include "library/model_preferences.h"

#include <QFileInfo>
#include <QSettings>
#include <algorithm>
#include <cmath>

namespace glm::app {

namespace {

using L = ModelPreferences::Limits;

double clampFinite(double v, double lo, double hi, double fallback) {
    return std::isfinite(v) ? std::clamp(v, lo, hi) : fallback;
}

const QString kTemperature = QStringLiteral("temperature");
const QString kTopP = QStringLiteral("top_p");
const QString kTopK = QStringLiteral("top_k");
const QString kRepetition = QStringLiteral("repetition_penalty");
const QString kMaxNew = QStringLiteral("max_new_tokens");
const QString kContext = QStringLiteral("context_length");
const QString kCompactKvCache = QStringLiteral("compact_kv_cache");
const QString kSystem = QStringLiteral("system_prompt");

template <typename T> T readValue(QSettings& s, const QString& key, T fallback) {
    const QVariant v = s.value(key);
    if (!v.isValid()) return fallback;
    bool ok = false;
    if constexpr (std::is_same_v<T, double>) {
        const double d = v.toDouble(&ok);
        return ok ? d : fallback;
    } else if constexpr (std::is_same_v<T, bool>) {
        const QString text = v.toString().trimmed().toLower();
        if (text == QLatin1String("true") || text == QLatin1String("1")) return true;
        if (text == QLatin1String("false") || text == QLatin1String("0")) return false;
        return fallback;
    } else {
        const int i = v.toInt(&ok);
        return ok ? i : fallback;
    }
}

template <typename T>
void writeValue(QSettings& s, const QString& key, const T& value, const T& fallback) {
    if (value == fallback)
        s.remove(key);
    else
        s.setValue(key, value);
}

} // namespace

ModelPreferences ModelPreferences::defaultsFor(const SamplingSettings& sampling) {
    ModelPreferences p;
    p.sampling = sampling;
    p.sampling.maxNewTokens = SamplingSettings{}.maxNewTokens;
    p.sampling.seed = 0;
    return p;
}

ModelPreferences ModelPreferences::clamped() const {
    const ModelPreferences fallback;
    ModelPreferences p = *this;
    SamplingSettings& s = p.sampling;
    s.temperature =
        clampFinite(s.temperature, 0.0, L::kMaxTemperature, fallback.sampling.temperature);
    s.topP = clampFinite(s.topP, L::kMinTopP, 1.0, fallback.sampling.topP);
    s.topK = std::clamp(s.topK, 0, L::kMaxTopK);
    s.repetitionPenalty =
        clampFinite(s.repetitionPenalty, L::kMinRepetitionPenalty, L::kMaxRepetitionPenalty, 1.0);
    s.maxNewTokens = std::clamp(s.maxNewTokens, 1, L::kMaxNewTokens);
    if (p.contextLength != 0)
        p.contextLength = std::clamp(p.contextLength, L::kMinContextLength, L::kMaxContextLength);
    if (p.systemPrompt.size() > L::kMaxSystemPromptChars)
        p.systemPrompt.truncate(L::kMaxSystemPromptChars);
    return p;
}

namespace {

// A readable key that QSettings stores as is in every format: [a-z0-9._-] only.
QString settingsKey(const QString& text) {
    QString key = text.toLower();
    for (QChar& c : key)
        if (!(c.isLetterOrNumber() && c.unicode() < 128) && c != u'.' && c != u'-' && c != u'_')
            c = u'_';
    return key.isEmpty() ? QStringLiteral("_") : key;
}

// Before settings were keyed by size too: models/<file name>.
QString legacySettingsGroup(const QString& modelPath) {
    return QStringLiteral("models/") + settingsKey(QFileInfo(modelPath).fileName());
}

// Moves the settings a model had under its name-only key to its own key, once, so another
// file of the same name does not inherit them afterwards.
void migrateLegacyGroup(QSettings& settings, const QString& modelPath) {
    const QString group = ModelPreferences::settingsGroup(modelPath);
    const QString legacy = legacySettingsGroup(modelPath);
    if (group == legacy) return;
    settings.beginGroup(group);
    const bool hasOwn = !settings.childKeys().isEmpty();
    settings.endGroup();
    if (hasOwn) return;
    settings.beginGroup(legacy);
    const QStringList keys = settings.childKeys();
    QList<QVariant> values;
    for (const QString& k : keys) values.append(settings.value(k));
    settings.endGroup();
    if (keys.isEmpty()) return;
    for (qsizetype i = 0; i < keys.size(); ++i)
        settings.setValue(group + u'/' + keys[i], values[i]);
    settings.remove(legacy);
}

} // namespace

QString ModelPreferences::settingsGroup(const QString& modelPath) {
    // The file name and size: two different "model.gguf" files keep apart, and the settings
    // still follow a file that is moved or renamed back.
    const QFileInfo file(modelPath);
    QString key = settingsKey(file.fileName());
    if (file.isFile()) key += u'-' + QString::number(file.size());
    return QStringLiteral("models/") + key;
}

ModelPreferences ModelPreferences::read(QSettings& settings, const QString& modelPath,
                                        const ModelPreferences& defaults) {
    migrateLegacyGroup(settings, modelPath);
    settings.beginGroup(settingsGroup(modelPath));
    ModelPreferences p = defaults;
    p.sampling.temperature = readValue(settings, kTemperature, defaults.sampling.temperature);
    p.sampling.topP = readValue(settings, kTopP, defaults.sampling.topP);
    p.sampling.topK = readValue(settings, kTopK, defaults.sampling.topK);
    p.sampling.repetitionPenalty =
        readValue(settings, kRepetition, defaults.sampling.repetitionPenalty);
    p.sampling.maxNewTokens = readValue(settings, kMaxNew, defaults.sampling.maxNewTokens);
    p.contextLength = readValue(settings, kContext, defaults.contextLength);
    p.compactKvCache = readValue(settings, kCompactKvCache, defaults.compactKvCache);
    const QVariant system = settings.value(kSystem);
    if (system.isValid()) p.systemPrompt = system.toString();
    settings.endGroup();
    return p.clamped();
}

void ModelPreferences::write(QSettings& settings, const QString& modelPath,
                             const ModelPreferences& prefs, const ModelPreferences& defaults) {
    const ModelPreferences p = prefs.clamped();
    settings.beginGroup(settingsGroup(modelPath));
    writeValue(settings, kTemperature, p.sampling.temperature, defaults.sampling.temperature);
    writeValue(settings, kTopP, p.sampling.topP, defaults.sampling.topP);
    writeValue(settings, kTopK, p.sampling.topK, defaults.sampling.topK);
    writeValue(settings, kRepetition, p.sampling.repetitionPenalty,
               defaults.sampling.repetitionPenalty);
    writeValue(settings, kMaxNew, p.sampling.maxNewTokens, defaults.sampling.maxNewTokens);
    writeValue(settings, kContext, p.contextLength, defaults.contextLength);
    writeValue(settings, kCompactKvCache, p.compactKvCache, defaults.compactKvCache);
    writeValue(settings, kSystem, p.systemPrompt, defaults.systemPrompt);
    settings.endGroup();
}

} // namespace glm::app
