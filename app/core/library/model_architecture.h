// The shapes of a GLM model, as the catalogue states them. Everything the app shows about a
// model's size (parameters, file size, memory) is computed from these, never typed by hand.
#pragma once

#include <QString>
#include <optional>

namespace glm::app {

// The four GLM generations differ in more than shapes (norm kind, biases, MLP kind); those
// differences follow from the generation (docs/architectures.md "Generations"), so the catalogue
// only names it.
enum class Generation { Glm1, Glm2, Glm3, Glm4 };

QString generationKey(Generation g); // "glm1" ... "glm4"
std::optional<Generation> generationFromKey(const QString& key);
QString generationDisplayName(Generation g); // "GLM-1 (ChatGLM-6B)" ...

struct ModelArchitecture {
    Generation generation = Generation::Glm1;
    int hidden = 0;        // hidden_size
    int layers = 0;        // num_layers
    int heads = 0;         // query heads
    int kvHeads = 0;       // key/value heads (GLM1: = heads; GLM2+: multi_query_group_num)
    int headDim = 0;       // kv_channels (hidden / heads for GLM1)
    int ffn = 0;           // FFN width after the activation (GLM1 inner_hidden_size)
    int vocab = 0;         // embedding rows (padded vocab)
    bool tiedHead = false; // LM head shares the word embeddings (GLM1)
    int maxContext = 0;    // the model's own maximum sequence length (config.json)

    // GLM1: LayerNorm with bias, biases on every linear, GELU MLP with one up projection.
    // GLM2+: RMSNorm, bias on QKV only, SwiGLU with a fused gate+up projection (2 x ffn rows).
    bool usesLayerNorm() const { return generation == Generation::Glm1; }
    bool biasesEverywhere() const { return generation == Generation::Glm1; }
    bool swiGlu() const { return generation != Generation::Glm1; }
    int qkvRows() const { return (heads + 2 * kvHeads) * headDim; }

    // Empty when the shapes are consistent; otherwise what is wrong, for the catalogue parser.
    QString problem() const;
};

} // namespace glm::app
