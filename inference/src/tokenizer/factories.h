// The concrete tokenizers behind Tokenizer::create (one file each).
#pragma once

#include "glm/tokenizer.h"

#include <memory>
#include <span>
#include <string_view>

namespace glm::tok {

std::unique_ptr<Tokenizer> make_glm1_tokenizer(std::span<const uint8_t> file);
// GLM2 and GLM3 share the SentencePiece model; GLM3 adds the four role tokens.
std::unique_ptr<Tokenizer> make_glm23_tokenizer(std::span<const uint8_t> file, bool with_roles);
std::unique_ptr<Tokenizer> make_glm4_tokenizer(std::span<const uint8_t> file);
// The GGUF tokenizer.ggml.model value of an embedded tokenizer.json (tokenizer.glm.file holds the
// file's bytes unchanged).
inline constexpr std::string_view kHfBpeJsonTokenizerModel = "hf-bpe-json";
// A Hugging Face tokenizer.json (byte-level BPE) with GLM-4's special tokens; kind Glm4.
std::unique_ptr<Tokenizer> make_hf_bpe_json_tokenizer(std::span<const uint8_t> file);
// True when the bytes start like a JSON object (a tokenizer.json), which neither a tiktoken rank
// file nor a SentencePiece model does.
bool looks_like_tokenizer_json(std::span<const uint8_t> file) noexcept;

} // namespace glm::tok
