#include "library/model_architecture.h"

namespace glm::app {

QString generationKey(Generation g) {
    switch (g) {
    case Generation::Glm1:
        return QStringLiteral("glm1");
    case Generation::Glm2:
        return QStringLiteral("glm2");
    case Generation::Glm3:
        return QStringLiteral("glm3");
    case Generation::Glm4:
        return QStringLiteral("glm4");
    }
    return {};
}

std::optional<Generation> generationFromKey(const QString& key) {
    for (Generation g : {Generation::Glm1, Generation::Glm2, Generation::Glm3, Generation::Glm4})
        if (generationKey(g) == key) return g;
    return std::nullopt;
}

QString generationDisplayName(Generation g) {
    switch (g) {
    case Generation::Glm1:
        return QStringLiteral("ChatGLM (GLM-1)");
    case Generation::Glm2:
        return QStringLiteral("ChatGLM2");
    case Generation::Glm3:
        return QStringLiteral("ChatGLM3");
    case Generation::Glm4:
        return QStringLiteral("GLM-4");
    }
    return {};
}

QString ModelArchitecture::problem() const {
    // Bounds keep every later size computation far from 64-bit overflow, whatever the file says.
    auto out = [](int v, int lo, int hi) { return v < lo || v > hi; };
    if (out(hidden, 32, 1 << 16)) return QStringLiteral("hidden must be between 32 and 65536");
    if (out(layers, 1, 1024)) return QStringLiteral("layers must be between 1 and 1024");
    if (out(heads, 1, 1024)) return QStringLiteral("heads must be between 1 and 1024");
    if (out(kvHeads, 1, heads)) return QStringLiteral("kvHeads must be between 1 and heads");
    if (heads % kvHeads != 0) return QStringLiteral("heads must be a multiple of kvHeads");
    if (out(headDim, 1, 4096)) return QStringLiteral("headDim must be between 1 and 4096");
    if (heads * headDim != hidden) return QStringLiteral("heads x headDim must equal hidden");
    if (out(ffn, 32, 1 << 20)) return QStringLiteral("ffn must be between 32 and 1048576");
    if (out(vocab, 1, 1 << 24)) return QStringLiteral("vocab must be between 1 and 16777216");
    // Quantized blocks hold 32 weights of one row: every row length must be a multiple of 32.
    if (hidden % 32 != 0 || ffn % 32 != 0)
        return QStringLiteral("hidden and ffn must be multiples of 32");
    if (out(maxContext, 1, 1 << 24))
        return QStringLiteral("maxContext must be between 1 and 16777216");
    if (generation == Generation::Glm1 && kvHeads != heads)
        return QStringLiteral("GLM-1 models have as many kvHeads as heads");
    return {};
}

} // namespace glm::app
