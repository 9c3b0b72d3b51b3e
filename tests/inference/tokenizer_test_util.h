// Shared pieces of the tokenizer tests: the small test models, a GLM4 rank file built in memory,
// texts that exercise every rule, and a few checks.
#pragma once

#include "glm/tokenizer.h"

#include <cstdint>
#include <memory>
#include <random>
#include <string>
#include <vector>

namespace glm::test {

// tests/data/tokenizer/glm1_test.model and glm2_test.model (see make_models.sh there).
std::vector<uint8_t> glm1_test_model();
std::vector<uint8_t> glm2_test_model();
std::unique_ptr<Tokenizer> glm1_test_tokenizer();
std::unique_ptr<Tokenizer> glm2_test_tokenizer(); // kind Glm2
std::unique_ptr<Tokenizer> glm3_test_tokenizer(); // the same model, kind Glm3

// A tiktoken rank file: the 256 bytes (in a shuffled order, so ranks are not byte values) then the
// merges below, each of which joins two existing tokens.
std::string glm4_test_rank_file();
// The multi-byte tokens of that file, in rank order after the 256 bytes.
const std::vector<std::string>& glm4_test_merges();
std::unique_ptr<Tokenizer> glm4_test_tokenizer();

std::string to_base64(std::string_view bytes);

// Texts every round trip must survive: Chinese, English, emoji (also ones the test models only know
// as bytes), code, white space runs, control characters.
const std::vector<std::string>& round_trip_texts();
// A random mix of the characters above (valid UTF-8).
std::string random_text(std::mt19937& rng, size_t max_chars);

bool is_valid_utf8(const std::string& s);
std::string show(const std::string& s); // printable form for failure messages
std::string show(const std::vector<TokenId>& ids);

} // namespace glm::test
