// ChatGLM-6B's text pre-processing around SentencePiece (docs/tokenizers.md#rules-and-decisions,
// "GLM1 pre-processing") and its inverse.
#pragma once

#include <string>
#include <string_view>

namespace glm::tok {

inline constexpr int kGlm1MaxBlank = 80; // <|blank_2|> .. <|blank_80|>

// "\n" -> "<n>", "\t" -> "<|tab|>", every run of 2..80 spaces -> "<|blank_k|>" (a longer run is cut
// into 80-space parts from the left; a single space that remains stays a space), exactly as the
// reference's replace() calls from k = 80 down to 2.
std::string glm1_preprocess(std::string_view text);

// The reference decoder's inverse: "<n>" -> "\n", "<|tab|>" -> "\t", "<|blank_k|>" -> k spaces.
// glm1_restore_whitespace(glm1_preprocess(s)) == s unless s itself contains one of those markers.
std::string glm1_restore_whitespace(std::string_view text);

std::string glm1_blank_piece(int k); // "<|blank_k|>"

} // namespace glm::tok
