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
    TensorInventory inv;
    for (const TensorSpec& t : model_tensors(a.modelConfig())) {
        const qint64 n = qint64(t.elements());
        if (t.role == TensorRole::Embedding)
            inv.embeddingWeights += n;
        else if (t.role == TensorRole::Output)
            inv.headWeights += n;
        else if (t.is_matrix())
            inv.layerMatrixWeights += n;
        else
            inv.vectorElements += n;
    }
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
    return 2LL * a.layers * qint64(kv_width(a.modelConfig())) * 2;
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
