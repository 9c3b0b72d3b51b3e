// Position ids and attention visibility, exactly as the official code builds them
// (docs/architectures.md#positions-and-masks).
//
// GLM1 (prefix LM, 2-D positions): the prompt ends with [gMASK] (or [MASK]) and <sop>. With m the
// first mask token's index and c the index of <sop>: position = t for t < c, else m; block
// position = 0 for t < c, else t - c + 1; query i sees key j iff j < c or j <= i. Generated
// tokens at index t get (m, t - c + 1).
// GLM2+ (causal): position = t, block position unused, query i sees key j iff j <= i.
#pragma once

#include "glm/model_info.h"

#include <cstdint>
#include <span>
#include <vector>

namespace glm {

struct TokenPosition {
    uint32_t pos = 0;
    uint32_t block = 0;
};

// The layout of a sequence fixed by its prompt: what decode positions derive from.
struct SequenceLayout {
    uint32_t prefix = 0;        // keys below this index are visible to every query (GLM1: c)
    uint32_t mask_index = 0;    // GLM1: m
    uint32_t context_index = 0; // GLM1: c
};

// Validates the prompt (GLM1 needs a mask token followed by <sop>; throws glm::Error otherwise)
// and returns its layout. `prompt` is the whole sequence from index 0.
SequenceLayout layout_for_prompt(const ModelConfig& config, std::span<const int32_t> prompt);

// Position of the token at absolute index t of a sequence with this layout.
TokenPosition position_at(const ModelConfig& config, const SequenceLayout& layout, uint32_t t);

} // namespace glm
