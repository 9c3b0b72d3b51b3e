// Hugging Face tokenizer.json (the `tokenizers` library's format), the byte-level BPE subset that
// GLM-4 repositories in transformers layout ship (docs/tokenizers.md#hugging-face-tokenizerjson):
// model BPE with a byte-level vocabulary and merges, a pre-tokenizer of regex Splits and
// ByteLevel, and added tokens. Everything else is refused with a message naming it, rather than
// tokenized differently from the reference.
#pragma once

#include "glm/tokenizer.h"
#include "tokenizer/regex_splitter.h"

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace glm::tok {

struct HfAddedToken {
    TokenId id = 0;
    std::string content;  // the text the token stands for (its name for a special token)
    bool special = false; // "special": true
};

struct HfPattern {
    std::string pattern;
    RegexSplitter::Syntax syntax = RegexSplitter::Syntax::Regex;
};

struct HfTokenizerJson {
    // Token bytes by id, 0 .. size()-1 (the byte-level strings of the file decoded to bytes).
    // An id that is an added token only has empty bytes and is_vocab false.
    std::vector<std::string> bytes;
    std::vector<bool> is_vocab;
    // The merges in file order (the order is the priority: lower index merges first), as ids of
    // the left and right part.
    std::vector<std::pair<TokenId, TokenId>> merges;
    // tokenizers' ignore_merges: a chunk that is a vocabulary token is taken whole.
    bool ignore_merges = false;
    // Regex splits applied one after the other (each to the chunks of the one before).
    std::vector<HfPattern> splits;
    std::vector<HfAddedToken> added; // in id order

    int32_t size() const noexcept { return int32_t(bytes.size()); }
};

// The converter embeds tokenizer files of up to 64 MiB.
inline constexpr size_t kMaxTokenizerJsonBytes = size_t(64) << 20;
inline constexpr int32_t kMaxTokenizerJsonTokens = 1 << 24;

// Parses and checks a tokenizer.json. Throws glm::Error(InvalidFile) naming what is wrong:
// not JSON, a model other than BPE, an option that would change tokenization in a way this
// reader does not support, and so refuses (a normalizer, dropout, byte fallback, prefix space,
// split behaviours other than Isolated, pre-tokenizers other than Split and ByteLevel), a
// vocabulary entry that is not byte-level text, an id that is negative, not below the number of
// tokens listed, used twice, or leaves a gap, a merge of unknown tokens or whose result is not in
// the vocabulary, a byte value without a token, sizes beyond the bounds above.
HfTokenizerJson read_hf_tokenizer_json(std::string_view file);

// GPT-2's byte-level alphabet: the character that stands for each byte in the vocabulary.
char32_t byte_level_char(uint8_t byte) noexcept;
// The bytes a byte-level string stands for; false when it contains another character.
bool decode_byte_level(std::string_view text, std::string& bytes);

} // namespace glm::tok
