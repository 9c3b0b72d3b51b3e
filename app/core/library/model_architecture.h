// The shapes of a GLM model, as the catalogue states them. Everything the app shows about a
// model's size (parameters, file size, memory) is computed from these through the engine's one
// description of each architecture (glm/architecture.h), never typed by hand.
#pragma once

#include "glm/architecture.h"

#include <QString>

namespace glm::app {

struct ModelArchitecture {
    Generation generation = Generation::Glm1; // the catalogue names it by Architecture::key
    int hidden = 0;                           // hidden_size
    int layers = 0;                           // num_layers
    int heads = 0;                            // query heads
    int kvHeads = 0;       // key/value heads (GLM1: = heads; GLM2+: multi_query_group_num)
    int headDim = 0;       // kv_channels (hidden / heads for GLM1)
    int ffn = 0;           // FFN width after the activation (GLM1 inner_hidden_size)
    int vocab = 0;         // embedding rows (padded vocab)
    bool tiedHead = false; // LM head shares the word embeddings (GLM1)
    int maxContext = 0;    // the model's own maximum sequence length (config.json)

    // The engine's configuration of these shapes (sizes only: no token ids or tokenizer).
    ModelConfig modelConfig() const;

    // Empty when the shapes are consistent; otherwise what is wrong, for the catalogue parser.
    QString problem() const;
};

} // namespace glm::app
