// The messages that cross between the UI thread and the InferenceWorker thread: plain values,
// copied through queued connections, so neither side ever touches the other's objects.
#pragma once

#include <QList>
#include <QMetaType>
#include <QString>
#include <QtGlobal>

namespace glm::app {

// Sampling and length settings of one generation (engine SamplingParams + max new tokens).
struct SamplingSettings {
    double temperature = 0.8; // <= 0: greedy
    double topP = 0.8;        // 1: off
    int topK = 0;             // 0: off
    double repetitionPenalty = 1.0;
    int maxNewTokens = 1024;
    quint64 seed = 0; // 0: random
    bool operator==(const SamplingSettings&) const = default;
};

// One message of the conversation as the model sees it.
struct ChatTurn {
    enum class Role { User, Assistant };
    Role role = Role::User;
    QString text;
};

struct GenerationRequest {
    quint64 id = 0;        // set by InferenceService; echoed in every answer
    QList<ChatTurn> turns; // oldest first, ending with the user message to answer
    QString systemPrompt;  // used only by generations that have one (ChatGLM3, GLM-4)
    SamplingSettings sampling;
};

enum class GenerationStop { EndOfText, MaxTokens, Stopped, ContextFull };

struct GenerationResult {
    quint64 id = 0;
    QString text; // the whole reply after the model's official post-processing
    GenerationStop stop = GenerationStop::EndOfText;
    int promptTokens = 0;
    int reusedPromptTokens = 0; // prompt prefix that was still in the KV cache
    int generatedTokens = 0;
    double tokensPerSecond = 0; // decoding speed
    double timeToFirstTokenMs = 0;
    double durationMs = 0;
    int droppedRounds = 0; // oldest rounds of history that did not fit the context
};

// Why something failed, in words for the user, and what they can do about it.
struct FailureAdvice {
    QString reason;         // translated: what went wrong
    QString suggestion;     // translated: what to do
    QString detail;         // the engine's own message (English), with the numbers and names
    bool cancelled = false; // the user (or a newer request) stopped it: not an error
    // A load failed before anything was released: the model loaded before is still there.
    bool previousModelKept = false;
};

// How the session of a loaded model is set up (the user's choice per model).
struct SessionSettings {
    int contextLength = 0;       // 0: the model's own, at most 4096
    bool compactKvCache = false; // 8-bit keys and values: about half the memory, for long contexts
    bool operator==(const SessionSettings&) const = default;
};

struct LoadedModelInfo {
    QString path;
    QString name;       // general.name, or the file name
    QString generation; // "ChatGLM3-6B", ...
    int generationNumber = 0;
    QString weightType; // "Q4_0", ...
    QString deviceName;
    bool onCpuBackend = false; // the weights are in RAM (the CPU backend), not video memory
    quint64 weightBytes = 0;
    quint64 contextBytes = 0;    // the KV cache
    int contextLength = 0;       // what the session holds
    int maxContextLength = 0;    // what the model was trained for
    bool compactKvCache = false; // the KV cache holds 8-bit values
    bool hasSystemPrompt = false;
    // The chat format's generation prompt already ends with "<think>" (GLM-Z1, docs/tokenizers.md):
    // the reply starts inside the model's thinking (ThinkingParser's startsInThinking). False
    // until the engine's ChatFormat says so for a model.
    bool replyStartsInThinking = false;
    SamplingSettings defaults; // the generation's official sampling defaults
    QString notice;            // e.g. the chosen device was not found and another one is used
};

struct DeviceSummary {
    int index = 0;
    QString name;
    QString vendor;
    QString type; // "discrete GPU", ...
    QString driver;
    quint64 memoryBytes = 0;
    bool usable = true;
    QString unusableReason;
    bool preferred = false;  // what the engine picks when no device is chosen
    bool cpuBackend = false; // the engine's CPU backend: memoryBytes is the RAM
    // The CPU backend: the threads it runs with now, and how many "automatic" means (one per
    // physical core, or GLM_CPU_THREADS). 0 for Vulkan devices.
    int threads = 0;
    int automaticThreads = 0;
};

} // namespace glm::app

Q_DECLARE_METATYPE(glm::app::GenerationRequest)
Q_DECLARE_METATYPE(glm::app::GenerationResult)
Q_DECLARE_METATYPE(glm::app::FailureAdvice)
Q_DECLARE_METATYPE(glm::app::LoadedModelInfo)
Q_DECLARE_METATYPE(glm::app::DeviceSummary)
