// A GLM tokenizer read from a Hugging Face tokenizer.json (byte-level BPE): GLM-4 in transformers
// layout (glm-4-9b-chat-hf, GLM-4-0414, GLM-Z1), the same vocabulary as GLM-4's tiktoken file and
// the same ids (docs/tokenizers.md#hugging-face-tokenizerjson). Like the tiktoken tokenizer, it
// never makes a special id from text: special tokens are found by name for the prompt builders and
// decoded as specials. Added tokens that are not special are matched in the text before
// pre-tokenization, as tokenizers does.
#include "glm/error.h"
#include "tokenizer/bpe.h"
#include "tokenizer/factories.h"
#include "tokenizer/glm4_specials.h"
#include "tokenizer/hf_tokenizer_json.h"
#include "tokenizer/regex_splitter.h"
#include "tokenizer/utf8.h"

#include <algorithm>
#include <array>
#include <unordered_map>

namespace glm::tok {

namespace {

// The GLM-4 specials a chat prompt needs; a tokenizer.json without them cannot serve a GLM model.
constexpr std::array<SpecialToken, 7> kRequiredSpecials = {
    SpecialToken::EndOfText,  SpecialToken::GMask, SpecialToken::Sop,
    SpecialToken::System,     SpecialToken::User,  SpecialToken::Assistant,
    SpecialToken::Observation};

// tokenizers' BPE: parts merge only by a listed merge, the merge's position in the list being its
// priority; the merged part is the vocabulary token of the two parts' bytes.
class JsonMergeRules final : public MergeRules {
public:
    JsonMergeRules(const HfTokenizerJson& json, std::string_view arena,
                   const std::vector<uint32_t>& offsets)
        : ignore_merges_(json.ignore_merges) {
        index_.reserve(size_t(json.size()));
        for (size_t id = 0; id < json.is_vocab.size(); ++id)
            if (json.is_vocab[id])
                index_.emplace(arena.substr(offsets[id], offsets[id + 1] - offsets[id]),
                               TokenId(id));
        merges_.reserve(json.merges.size());
        for (size_t rank = 0; rank < json.merges.size(); ++rank)
            // A merge listed twice has its last position, as in tokenizers (a map built in order).
            merges_.insert_or_assign(pair_key(json.merges[rank].first, json.merges[rank].second),
                                     int32_t(rank));
    }

    TokenId whole_chunk(std::string_view chunk) const noexcept override {
        return ignore_merges_ ? part_id(chunk) : -1;
    }
    int32_t merge_rank(std::string_view left, std::string_view right) const noexcept override {
        const auto it = merges_.find(pair_key(part_id(left), part_id(right)));
        return it == merges_.end() ? -1 : it->second;
    }
    TokenId part_id(std::string_view part) const noexcept override {
        const auto it = index_.find(part);
        return it == index_.end() ? -1 : it->second;
    }

private:
    static uint64_t pair_key(TokenId left, TokenId right) noexcept {
        return (uint64_t(uint32_t(left)) << 32) | uint32_t(right);
    }

    bool ignore_merges_;
    std::unordered_map<std::string_view, TokenId> index_; // keys point into the tokenizer's arena
    std::unordered_map<uint64_t, int32_t> merges_;
};

class HfBpeTokenizer final : public Tokenizer {
public:
    explicit HfBpeTokenizer(HfTokenizerJson json) {
        // Every token's text in one arena: vocabulary bytes, or an added token's content.
        kinds_.assign(size_t(json.size()), Piece::Kind::Text);
        offsets_.reserve(size_t(json.size()) + 1);
        std::vector<const HfAddedToken*> added_by_id(size_t(json.size()), nullptr);
        for (const HfAddedToken& t : json.added) added_by_id[size_t(t.id)] = &t;
        for (size_t id = 0; id < size_t(json.size()); ++id) {
            offsets_.push_back(uint32_t(arena_.size()));
            arena_ += json.is_vocab[id] ? json.bytes[id] : added_by_id[id]->content;
        }
        offsets_.push_back(uint32_t(arena_.size()));

        special_ids_.fill(-1);
        for (const HfAddedToken& t : json.added) {
            const auto named = std::find(kGlm4SpecialNames.begin(), kGlm4SpecialNames.end(),
                                         std::string_view(t.content));
            if (named != kGlm4SpecialNames.end())
                special_ids_[size_t(named - kGlm4SpecialNames.begin())] = t.id;
            // GLM's control tokens are specials whatever the file says: typed text never becomes
            // a role or mask token, and decoding hides them. A reasoning model's <think> and
            // </think> stay text whatever it says: the app splits the thinking from the answer
            // at the "</think>" the detokenizer gives out.
            const bool reasoning_marker = t.content == "<think>" || t.content == "</think>";
            if ((t.special && !reasoning_marker) || named != kGlm4SpecialNames.end())
                kinds_[size_t(t.id)] = Piece::Kind::Special;
            else if (!json.is_vocab[size_t(t.id)])
                matched_[uint8_t(t.content[0])].push_back(t.id);
        }
        for (SpecialToken token : kRequiredSpecials)
            if (!special_id(token))
                throw Error(ErrorKind::InvalidFile,
                            "the tokenizer (tokenizer.json) lacks the GLM-4 special token " +
                                std::string(kGlm4SpecialNames[size_t(glm4_special_index(token))]) +
                                " that a GLM chat prompt needs (is this a GLM tokenizer?)");
        // Longest first, so that where two added tokens start at one place the longer one wins
        // (tokenizers' leftmost-longest match).
        for (auto& bucket : matched_) {
            std::sort(bucket.begin(), bucket.end(),
                      [&](TokenId a, TokenId b) { return text_of(a).size() > text_of(b).size(); });
            any_matched_ = any_matched_ || !bucket.empty();
        }

        for (const HfPattern& p : json.splits)
            splitters_.push_back(std::make_unique<RegexSplitter>(p.pattern, p.syntax));
        rules_ = std::make_unique<JsonMergeRules>(json, arena_, offsets_);
    }

    TokenizerKind kind() const noexcept override { return TokenizerKind::Glm4; }
    int32_t vocab_size() const noexcept override { return int32_t(kinds_.size()); }

    std::vector<TokenId> encode(std::string_view text) const override {
        const std::string clean = sanitize_utf8(text);
        std::vector<TokenId> ids;
        ids.reserve(clean.size() / 3 + 1);
        size_t segment = 0; // start of the text not yet encoded
        for (size_t pos = 0; pos < clean.size() && any_matched_;) {
            const TokenId added = added_token_at(clean, pos);
            if (added < 0) {
                ++pos;
                continue;
            }
            encode_text(std::string_view(clean).substr(segment, pos - segment), ids);
            ids.push_back(added);
            pos += text_of(added).size();
            segment = pos;
        }
        encode_text(std::string_view(clean).substr(segment), ids);
        return ids;
    }

    std::optional<TokenId> special_id(SpecialToken token) const noexcept override {
        const int index = glm4_special_index(token);
        if (index < 0 || special_ids_[size_t(index)] < 0) return std::nullopt;
        return special_ids_[size_t(index)];
    }

protected:
    Piece piece(TokenId id) const override {
        check_id(id);
        return {kinds_[size_t(id)], text_of(id), false};
    }
    LeadingSpace leading_space() const noexcept override { return LeadingSpace::Keep; }
    // tokenizers' ByteLevel decoder is from_utf8_lossy: one U+FFFD per maximal invalid subpart.
    InvalidUtf8 invalid_utf8() const noexcept override {
        return InvalidUtf8::ReplaceMaximalSubpart;
    }

private:
    std::string_view text_of(TokenId id) const noexcept {
        return std::string_view(arena_).substr(offsets_[size_t(id)],
                                               offsets_[size_t(id) + 1] - offsets_[size_t(id)]);
    }

    // The longest added token matched in text that starts at `pos`, or -1.
    TokenId added_token_at(std::string_view text, size_t pos) const noexcept {
        for (TokenId id : matched_[uint8_t(text[pos])])
            if (text.substr(pos, text_of(id).size()) == text_of(id)) return id;
        return -1;
    }

    void encode_text(std::string_view text, std::vector<TokenId>& ids) const {
        if (text.empty()) return;
        std::vector<std::string_view> chunks{text}, next;
        for (const auto& splitter : splitters_) {
            next.clear();
            for (std::string_view chunk : chunks) splitter->split(chunk, next);
            chunks.swap(next);
        }
        for (std::string_view chunk : chunks) byte_pair_encode(chunk, *rules_, ids);
    }

    std::string arena_;
    std::vector<uint32_t> offsets_;
    std::vector<Piece::Kind> kinds_;
    std::array<TokenId, kGlm4SpecialNames.size()> special_ids_;
    // Added tokens found in text, by their first byte, longest first.
    std::array<std::vector<TokenId>, 256> matched_;
    bool any_matched_ = false;
    std::vector<std::unique_ptr<RegexSplitter>> splitters_;
    std::unique_ptr<JsonMergeRules> rules_;
};

} // namespace

std::unique_ptr<Tokenizer> make_hf_bpe_json_tokenizer(std::span<const uint8_t> file) {
    return std::make_unique<HfBpeTokenizer>(read_hf_tokenizer_json(
        std::string_view(reinterpret_cast<const char*>(file.data()), file.size())));
}

bool looks_like_tokenizer_json(std::span<const uint8_t> file) noexcept {
    for (uint8_t b : file) {
        if (b == ' ' || b == '\t' || b == '\r' || b == '\n') continue;
        return b == '{'; // a tiktoken line starts with base64, a SentencePiece model with a tag
    }
    return false;
}

} // namespace glm::tok
