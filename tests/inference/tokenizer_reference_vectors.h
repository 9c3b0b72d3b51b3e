// The reference test vectors (docs/tokenizers.md#reference-vectors), as data (kept out of the test
// file, whose raw strings Qt's moc cannot parse).
#pragma once

#include "glm/tokenizer.h"

#include <vector>

namespace glm::test::reference {

extern const char* kFunctionCallSystem;
extern const std::vector<TokenId> kBlockA, kBlockB, kBlockC, kBlockD, kE1, kE2, kFastChatHi,
    kChatGlm3Issue127;
extern const char* kE1Json;
extern const char* kE2Json;

} // namespace glm::test::reference
