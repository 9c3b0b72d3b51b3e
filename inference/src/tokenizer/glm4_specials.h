// GLM-4's 14 special tokens, in id order (151329 <|endoftext|> .. 151342 in the real vocabulary),
// shared by the tiktoken tokenizer (which numbers them after the last rank) and the tokenizer.json
// one (which finds them by name among the added tokens).
#pragma once

#include "glm/tokenizer.h"

#include <array>
#include <string_view>

namespace glm::tok {

inline constexpr std::array<std::string_view, 14> kGlm4SpecialNames = {"<|endoftext|>",
                                                                       "[MASK]",
                                                                       "[gMASK]",
                                                                       "[sMASK]",
                                                                       "<sop>",
                                                                       "<eop>",
                                                                       "<|system|>",
                                                                       "<|user|>",
                                                                       "<|assistant|>",
                                                                       "<|observation|>",
                                                                       "<|begin_of_image|>",
                                                                       "<|end_of_image|>",
                                                                       "<|begin_of_video|>",
                                                                       "<|end_of_video|>"};

// The position in kGlm4SpecialNames of a named token, -1 for one GLM-4 does not have.
constexpr int glm4_special_index(SpecialToken token) noexcept {
    switch (token) {
    case SpecialToken::EndOfText:
        return 0;
    case SpecialToken::Mask:
        return 1;
    case SpecialToken::GMask:
        return 2;
    case SpecialToken::SMask:
        return 3;
    case SpecialToken::Sop:
        return 4;
    case SpecialToken::Eop:
        return 5;
    case SpecialToken::System:
        return 6;
    case SpecialToken::User:
        return 7;
    case SpecialToken::Assistant:
        return 8;
    case SpecialToken::Observation:
        return 9;
    case SpecialToken::Pad:
        return 0; // the model pads with <|endoftext|>
    default:
        return -1;
    }
}

} // namespace glm::tok
