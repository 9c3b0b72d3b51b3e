#include "library/model_requirements.h"

namespace glm::app {

QString quantTypeKey(QuantType t) {
    switch (t) {
    case QuantType::Q4_0:
        return QStringLiteral("Q4_0");
    case QuantType::Q8_0:
        return QStringLiteral("Q8_0");
    case QuantType::F16:
        return QStringLiteral("F16");
    }
    return {};
}

std::optional<QuantType> quantTypeFromKey(const QString& key) {
    for (QuantType t : {QuantType::Q4_0, QuantType::Q8_0, QuantType::F16})
        if (quantTypeKey(t).compare(key, Qt::CaseInsensitive) == 0) return t;
    return std::nullopt;
}

TensorInventory tensorInventory(const ModelArchitecture& a) {
    const qint64 h = a.hidden, ffn = a.ffn, qkv = a.qkvRows(),
                 attnOut = qint64(a.heads) * a.headDim;
    TensorInventory inv;
    // Per layer (docs/architectures.md "Tensors"): fused QKV, attention output, MLP up (GLM2+: gate
    // and up fused, 2 x ffn rows) and MLP down.
    const qint64 upRows = a.swiGlu() ? 2 * ffn : ffn;
    const qint64 layerMatrices = qkv * h + h * attnOut + upRows * h + h * ffn;
    // Norm weights (+ LayerNorm biases) and linear biases.
    const qint64 normsPerLayer = a.usesLayerNorm() ? 4 * h : 2 * h;
    const qint64 biasesPerLayer = a.biasesEverywhere() ? qkv + h + ffn + h : qkv;
    inv.layerMatrixWeights = layerMatrices * a.layers;
    inv.vectorElements =
        (normsPerLayer + biasesPerLayer) * a.layers + (a.usesLayerNorm() ? 2 * h : h);
    inv.embeddingWeights = qint64(a.vocab) * h;
    inv.headWeights = a.tiedHead ? 0 : qint64(a.vocab) * h;
    return inv;
}

qint64 weightBytes(qint64 n, QuantType t) {
    switch (t) {
    case QuantType::Q4_0:
        return n / 32 * 18;
    case QuantType::Q8_0:
        return n / 32 * 34;
    case QuantType::F16:
        return n * 2;
    }
    return 0;
}

qint64 kvCacheBytesPerToken(const ModelArchitecture& a) {
    return 2LL * a.layers * a.kvHeads * a.headDim * 2;
}

ModelRequirements computeRequirements(const ModelArchitecture& a, QuantType type,
                                      int contextTokens) {
    const TensorInventory inv = tensorInventory(a);
    const QuantType embeddingType = type == QuantType::F16 ? QuantType::F16 : QuantType::Q8_0;
    ModelRequirements r;
    r.type = type;
    r.contextTokens = contextTokens;
    r.parameters = inv.parameters();
    r.weightBytes = weightBytes(inv.layerMatrixWeights, type) +
                    weightBytes(inv.embeddingWeights + inv.headWeights, embeddingType) +
                    inv.vectorElements * 4;
    r.fileBytes = r.weightBytes + kMetadataFixedBytes + qint64(a.vocab) * kMetadataBytesPerToken;
    r.kvCacheBytes = kvCacheBytesPerToken(a) * contextTokens;
    r.scratchBytes = kScratchBytes;
    r.videoMemoryBytes = r.weightBytes + r.kvCacheBytes + r.scratchBytes;
    r.ramBytes = r.fileBytes + kAppRamBytes;
    return r;
}

qint64 checkpointBytesEstimate(const ModelArchitecture& a) {
    return tensorInventory(a).parameters() * 2;
}

} // namespace glm::app
