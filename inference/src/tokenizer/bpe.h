// tiktoken's byte-pair encoding of one pre-tokenized chunk.
#pragma once

#include "glm/tokenizer.h"
#include "tokenizer/tiktoken_ranks.h"

#include <string_view>
#include <vector>

namespace glm::tok {

// Appends the ids of `chunk` (non-empty) to `out`: the whole chunk when it is a token, otherwise
// the result of merging adjacent parts, lowest-ranked pair first and the leftmost of equal ranks
// first, starting from single bytes - the same result as tiktoken's _byte_pair_merge, in
// O(n log n) instead of O(n^2) so that a long run of letters cannot stall the encoder.
void byte_pair_encode(std::string_view chunk, const RankTable& ranks, std::vector<TokenId>& out);

} // namespace glm::tok
