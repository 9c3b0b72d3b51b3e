// What the user set for one model: sampling, reply length, context length and memory, and system
// prompt.
// Stored in QSettings under models/<key>/ where the key comes from the model's file name and
// size (so the settings follow the file if it moves, and two files of the same name keep apart).
// Only values that differ from the model generation's defaults are written, so better defaults in a
// later version still reach people who never changed a value. Everything read back is clamped to a
// valid range: a hand-edited or damaged settings file cannot put the engine in a state it rejects.
#pragma once

#include "inference/inference_types.h"

#include <QString>

class QSettings;

namespace glm::app {

struct ModelPreferences {
    SamplingSettings sampling;
    int contextLength = 0;       // 0: the model's own, at most 4096
    bool compactKvCache = false; // 8-bit KV cache (SessionSettings)
    QString systemPrompt;
    bool operator==(const ModelPreferences&) const = default;

    struct Limits {
        static constexpr double kMaxTemperature = 2.0;
        static constexpr double kMinTopP = 0.01;
        static constexpr int kMaxTopK = 1000;
        static constexpr double kMinRepetitionPenalty = 1.0;
        static constexpr double kMaxRepetitionPenalty = 2.0;
        static constexpr int kMaxNewTokens = 32768;
        static constexpr int kMinContextLength = 256;
        static constexpr int kMaxContextLength = 131072;
        static constexpr int kMaxSystemPromptChars = 16384;
    };

    // The defaults for a model whose generation samples with `sampling`.
    static ModelPreferences defaultsFor(const SamplingSettings& sampling);
    ModelPreferences clamped() const;

    // models/<name>-<size> for a model file path (models/<name> when there is no such file).
    static QString settingsGroup(const QString& modelPath);
    static ModelPreferences read(QSettings& settings, const QString& modelPath,
                                 const ModelPreferences& defaults);
    static void write(QSettings& settings, const QString& modelPath, const ModelPreferences& prefs,
                      const ModelPreferences& defaults);
};

} // namespace glm::app
