// GLM-4's test vocabulary (the tiktoken test rank file of tokenizer_test_util.h) as a Hugging Face
// tokenizer.json in the real format: the byte-level alphabet, merges as transformers'
// TikTokenConverter lists them, the GLM-4 split regex, the 14 special tokens as added tokens.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

namespace glm::test {

extern const char* const kGlm4SplitRegex;
extern const std::vector<std::string> kSpecialNames; // GLM-4's 14, in id order

// GPT-2's bytes_to_unicode, written out independently of the code under test.
std::string byte_level(std::string_view bytes);
std::vector<uint8_t> bytes_of(const std::string& s);

enum class MergeForm { Strings, Pairs }; // "a b" or ["a", "b"]

std::vector<std::string> test_ranks(); // the tokens of the tiktoken test rank file, by rank
nlohmann::json added_token(int64_t id, const std::string& content, bool special);
nlohmann::json tokenizer_json_from_ranks(const std::vector<std::string>& ranks, MergeForm form);
// tokenizer_json_from_ranks(test_ranks(), Strings), serialised.
std::string glm4_test_tokenizer_json();

} // namespace glm::test
