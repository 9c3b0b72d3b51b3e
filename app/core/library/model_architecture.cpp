#include "library/model_architecture.h"

namespace glm::app {

ModelConfig ModelArchitecture::modelConfig() const {
    ModelConfig c;
    c.generation = generation;
    c.hidden = uint32_t(hidden);
    c.layers = uint32_t(layers);
    c.heads = uint32_t(heads);
    c.kv_heads = uint32_t(kvHeads);
    c.head_dim = uint32_t(headDim);
    c.ffn = uint32_t(ffn);
    c.vocab = uint32_t(vocab);
    c.context_length = uint32_t(maxContext);
    c.rope_dims = uint32_t(headDim / 2);
    c.tied_head = tiedHead;
    return c;
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
    if (glm::architecture(generation).qkv == QkvLayout::PerHeadInterleaved && kvHeads != heads)
        return QStringLiteral("GLM-1 models have as many kvHeads as heads");
    return {};
}

} // namespace glm::app
