#include "tokenizer/bpe.h"

#include <queue>
#include <string>

namespace glm::tok {

namespace {

class TiktokenRules final : public MergeRules {
public:
    explicit TiktokenRules(const RankTable& ranks) : ranks_(ranks) {}
    TokenId whole_chunk(std::string_view chunk) const noexcept override {
        return ranks_.rank(chunk);
    }
    int32_t merge_rank(std::string_view left, std::string_view right) const noexcept override {
        // Adjacent parts of one chunk: the concatenation is a view of the chunk itself.
        return ranks_.rank(std::string_view(left.data(), left.size() + right.size()));
    }
    TokenId part_id(std::string_view part) const noexcept override { return ranks_.rank(part); }

private:
    const RankTable& ranks_;
};

} // namespace

void byte_pair_encode(std::string_view chunk, const RankTable& ranks, std::vector<TokenId>& out) {
    byte_pair_encode(chunk, TiktokenRules(ranks), out);
}

void byte_pair_encode(std::string_view chunk, const MergeRules& rules, std::vector<TokenId>& out) {
    if (chunk.empty()) return;
    if (const TokenId whole = rules.whole_chunk(chunk); whole >= 0) {
        out.push_back(whole);
        return;
    }
    // Parts form a linked list over the chunk: part i covers [start[i], start[next[i]]).
    const size_t n = chunk.size();
    std::vector<size_t> next(n), prev(n);
    std::vector<bool> alive(n, true);
    for (size_t i = 0; i < n; ++i) {
        next[i] = i + 1; // n = end
        prev[i] = i - 1; // wraps for i = 0; never read there
    }
    auto part_end = [&](size_t i) { return next[i]; };
    struct Candidate {
        int32_t rank;
        size_t left;   // start of the left part (also its index)
        size_t length; // bytes of left + right when the candidate was made
        bool operator>(const Candidate& o) const {
            return rank != o.rank ? rank > o.rank : left > o.left;
        }
    };
    std::priority_queue<Candidate, std::vector<Candidate>, std::greater<>> heap;
    auto consider = [&](size_t left) {
        if (left >= n || part_end(left) >= n) return;
        const size_t mid = part_end(left), end = part_end(mid);
        const int32_t r =
            rules.merge_rank(chunk.substr(left, mid - left), chunk.substr(mid, end - mid));
        if (r >= 0) heap.push({r, left, end - left});
    };
    for (size_t i = 0; i + 1 < n; ++i) consider(i);
    while (!heap.empty()) {
        const Candidate c = heap.top();
        heap.pop();
        // Stale when the left part was merged away or either part has grown since (parts only
        // grow, so the same total length means the same two parts).
        if (!alive[c.left] || part_end(c.left) >= n ||
            part_end(part_end(c.left)) - c.left != c.length)
            continue;
        const size_t right = part_end(c.left);
        alive[right] = false;
        next[c.left] = next[right];
        if (next[right] < n) prev[next[right]] = c.left;
        if (c.left > 0) consider(prev[c.left]);
        consider(c.left);
    }
    for (size_t i = 0; i < n; i = part_end(i))
        out.push_back(rules.part_id(chunk.substr(i, part_end(i) - i)));
}

} // namespace glm::tok
