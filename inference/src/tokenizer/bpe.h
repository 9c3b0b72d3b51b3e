// The byte-pair merge loop of one pre-tokenized chunk, shared by tiktoken's rank files and
// Hugging Face tokenizer.json merges.
#pragma once

#include "glm/tokenizer.h"
#include "tokenizer/tiktoken_ranks.h"

#include <string_view>
#include <vector>

namespace glm::tok {

// What the merge loop needs from a vocabulary. Parts are byte strings that are tokens.
class MergeRules {
public:
    virtual ~MergeRules() = default;
    // The id of the whole chunk when it is taken as one token without merging, else -1.
    virtual TokenId whole_chunk(std::string_view chunk) const noexcept = 0;
    // The priority of merging two adjacent parts (lower first), or -1 when they do not merge.
    virtual int32_t merge_rank(std::string_view left, std::string_view right) const noexcept = 0;
    // The id of a part (a single byte or a merge result).
    virtual TokenId part_id(std::string_view part) const noexcept = 0;
};

// Appends the ids of `chunk` (non-empty) to `out`: the whole chunk when the rules take it as is,
// otherwise the result of merging adjacent parts, lowest-ranked pair first and the leftmost of
// equal ranks first, starting from single bytes - the same result as tiktoken's _byte_pair_merge
// and tokenizers' BPE Word::merge_all, in O(n log n) instead of O(n^2) so that a long run of
// letters cannot stall the encoder.
void byte_pair_encode(std::string_view chunk, const MergeRules& rules, std::vector<TokenId>& out);

// tiktoken: a chunk that is a token is taken whole, and two parts merge when their concatenation
// is a token, with that token's rank as the priority.
void byte_pair_encode(std::string_view chunk, const RankTable& ranks, std::vector<TokenId>& out);

} // namespace glm::tok
