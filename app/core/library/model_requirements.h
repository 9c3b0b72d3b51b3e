// Disk, RAM and video-memory needs of a model in each output type, computed from its shapes.
//
// What the converter writes (docs/gguf.md "Tensor types" block formats, the design's choice of
// tensor types):
//   - every matrix of a transformer layer in the output type: Q4_0 = 18 bytes per 32 weights,
//     Q8_0 = 34 bytes per 32 weights, F16 = 2 bytes per weight;
//   - the word embeddings and the LM head in Q8_0 whenever the output type is quantized (4-bit
//     embeddings cost quality for little gain), in F16 for F16;
//   - norm weights and biases (1-D tensors) in F32.
// On top of the weights:
//   - the file carries metadata and the tokenizer: estimated at kMetadataBytesPerToken per
//     vocabulary entry plus kMetadataFixedBytes;
//   - video memory holds the weights, the fp16 KV cache for the context (2 x layers x kvHeads x
//     headDim x 2 bytes per token) and a fixed scratch estimate for activations and logits;
//   - RAM: the file is memory-mapped while it is uploaded, so up to the whole file may be
//     resident, plus a fixed estimate for the application itself.
#pragma once

#include "library/model_architecture.h"

#include <QString>
#include <QtGlobal>
#include <optional>

namespace glm::app {

enum class QuantType { Q4_0, Q8_0, F16 };

QString quantTypeKey(QuantType t); // "Q4_0", "Q8_0", "F16"
std::optional<QuantType> quantTypeFromKey(const QString& key);

inline constexpr int kDefaultContextTokens = 2048;
// Activations and logits: measured 97 MiB for ChatGLM-6B at 2048 tokens, whose prompt is one
// pass (`glm-cli bench --shape chatglm-6b --layers 1 --context 2048`), less for GLM2+.
inline constexpr qint64 kScratchBytes = 128LL << 20;
inline constexpr qint64 kAppRamBytes = 512LL << 20;      // Qt, the Vulkan driver, the app
inline constexpr qint64 kMetadataFixedBytes = 1LL << 20; // GGUF header, keys, tensor table
inline constexpr qint64 kMetadataBytesPerToken = 32;     // tokenizer piece, score, type

// Element counts of a model's tensors by kind (what the quantizer treats differently).
struct TensorInventory {
    qint64 layerMatrixWeights = 0; // all 2-D weights inside the transformer layers
    qint64 embeddingWeights = 0;   // word embeddings
    qint64 headWeights = 0;        // LM head; 0 when tied to the embeddings
    qint64 vectorElements = 0;     // norms and biases
    qint64 parameters() const {
        return layerMatrixWeights + embeddingWeights + headWeights + vectorElements;
    }
};

TensorInventory tensorInventory(const ModelArchitecture& arch);

// Bytes of n weights stored in type t (n must be a multiple of 32 for the block types).
qint64 weightBytes(qint64 n, QuantType t);

// fp16 key + value for one token over all layers.
qint64 kvCacheBytesPerToken(const ModelArchitecture& arch);

struct ModelRequirements {
    QuantType type = QuantType::Q4_0;
    int contextTokens = kDefaultContextTokens;
    qint64 parameters = 0;
    qint64 weightBytes = 0;  // tensor data in the converted file
    qint64 fileBytes = 0;    // the converted file on disk (weights + metadata estimate)
    qint64 kvCacheBytes = 0; // at contextTokens
    qint64 scratchBytes = 0;
    qint64 videoMemoryBytes = 0; // weights + KV cache + scratch
    qint64 ramBytes = 0;         // file + application
};

ModelRequirements computeRequirements(const ModelArchitecture& arch, QuantType type,
                                      int contextTokens = kDefaultContextTokens);

// Size of the fp16/bf16 checkpoint the shapes imply (parameters x 2): the download size when the
// catalogue does not know the file sizes.
qint64 checkpointBytesEstimate(const ModelArchitecture& arch);

} // namespace glm::app
