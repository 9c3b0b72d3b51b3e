// What the SentencePiece-based tokenizers (GLM1, GLM2, GLM3) share: loading the model from bytes,
// encoding, and the table that says how each piece decodes.
#pragma once

#include "glm/tokenizer.h"

#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace sentencepiece {
class SentencePieceProcessor;
}

namespace glm::tok {

class SpmTokenizerBase : public Tokenizer {
public:
    ~SpmTokenizerBase() override;
    std::string token_name(TokenId id) const override;

protected:
    // `what` names the expected file in error messages, e.g. "GLM1 tokenizer (ice_text.model)".
    SpmTokenizerBase(std::span<const uint8_t> file, std::string_view what);

    int32_t piece_count() const noexcept { return int32_t(entries_.size()); }
    // The id of exactly this piece, nullopt when the model does not have it.
    std::optional<TokenId> find_piece(std::string_view piece) const;
    // SentencePiece's own ids of <s>, </s>, <unk>, <pad> (nullopt when the model has none).
    std::optional<TokenId> bos_id() const noexcept { return bos_; }
    std::optional<TokenId> eos_id() const noexcept { return eos_; }
    std::optional<TokenId> unk_id() const noexcept { return unk_; }
    std::optional<TokenId> pad_id() const noexcept { return pad_; }

    // Encodes valid UTF-8 text with SentencePiece (dummy prefix and all).
    std::vector<TokenId> sp_encode(std::string_view text) const;

    // Changes how a piece decodes (GLM1's whitespace pieces and special pieces).
    void set_piece(TokenId id, Piece::Kind kind, std::string_view bytes, bool space_prefix = false);
    // The decode table entry of a piece id (id < piece_count()).
    Piece sp_piece(TokenId id) const;

    LeadingSpace leading_space() const noexcept override { return leading_space_; }
    InvalidUtf8 invalid_utf8() const noexcept override { return InvalidUtf8::ReplaceEachByte; }

    std::string what_;

private:
    struct Entry {
        uint32_t offset = 0;
        uint32_t length = 0;
        Piece::Kind kind = Piece::Kind::Text;
        bool space_prefix = false;
    };
    void build_table();

    std::unique_ptr<sentencepiece::SentencePieceProcessor> sp_;
    std::vector<Entry> entries_;
    std::string arena_; // the decoded bytes of all pieces, back to back
    LeadingSpace leading_space_ = LeadingSpace::StripOnce;
    std::optional<TokenId> bos_, eos_, unk_, pad_;
};

} // namespace glm::tok
