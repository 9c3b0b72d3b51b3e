// The tiktoken rank file of GLM-4 (tokenizer.model): one token per line, "base64(bytes) rank".
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace glm::tok {

// Token bytes <-> rank. Ranks are the token ids 0 .. size()-1 and the merge priorities (lower
// first).
class RankTable {
public:
    // Parses a rank file. Throws glm::Error(InvalidFile) saying which line is wrong and how: bad
    // base64, a missing or malformed rank, a rank used twice, the same bytes twice, ranks that are
    // not exactly 0 .. N-1, or a byte value without a token of its own (then some text could not be
    // encoded). Empty lines are skipped and "\r\n" line ends accepted, as tiktoken does.
    static RankTable parse(std::string_view file);

    RankTable(RankTable&&) = default;
    RankTable& operator=(RankTable&&) = default;

    int32_t size() const noexcept { return int32_t(offsets_.size()) - 1; }
    // -1 when the bytes are not a token.
    int32_t rank(std::string_view bytes) const noexcept {
        auto it = index_.find(bytes);
        return it == index_.end() ? -1 : it->second;
    }
    std::string_view bytes(int32_t rank) const noexcept {
        return std::string_view(*arena_).substr(offsets_[size_t(rank)], offsets_[size_t(rank) + 1] -
                                                                            offsets_[size_t(rank)]);
    }

private:
    RankTable() = default;
    // The bytes of every token, in rank order; index_ keys point into it, so it lives on the heap
    // and never changes after parse().
    std::unique_ptr<std::string> arena_;
    std::vector<uint32_t> offsets_;
    std::unordered_map<std::string_view, int32_t> index_;
};

// Standard base64 (RFC 4648 alphabet, '=' padding required). False for anything else.
bool decode_base64(std::string_view text, std::string& out);

} // namespace glm::tok
