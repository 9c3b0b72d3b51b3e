// The concrete tokenizers behind Tokenizer::create (one file each).
#pragma once

#include "glm/tokenizer.h"

#include <memory>
#include <span>

namespace glm::tok {

std::unique_ptr<Tokenizer> make_glm1_tokenizer(std::span<const uint8_t> file);
// GLM2 and GLM3 share the SentencePiece model; GLM3 adds the four role tokens.
std::unique_ptr<Tokenizer> make_glm23_tokenizer(std::span<const uint8_t> file, bool with_roles);
std::unique_ptr<Tokenizer> make_glm4_tokenizer(std::span<const uint8_t> file);

} // namespace glm::tok
