// ChatGLM-6B: SentencePiece over ice_text.model, with newlines, tabs and space runs rewritten to
// their own pieces before encoding and back when decoding (docs/tokenizers.md#glm1-chatglm-6b). The
// special pieces ([MASK] .. <dBLOCK>, <|tab|>, <|blank_k|>) are part of the model; they are found
// by name, so the real file (where [gMASK] is 130001) and a model with the same pieces elsewhere
// both work.
#include "glm/error.h"
#include "tokenizer/factories.h"
#include "tokenizer/glm1_text.h"
#include "tokenizer/spm_tokenizer.h"
#include "tokenizer/utf8.h"

namespace glm::tok {

namespace {

class Glm1Tokenizer final : public SpmTokenizerBase {
public:
    explicit Glm1Tokenizer(std::span<const uint8_t> file)
        : SpmTokenizerBase(file, "GLM1 tokenizer (ice_text.model)") {
        auto required = [&](std::string_view name) {
            if (auto id = find_piece(name)) return *id;
            throw Error(
                ErrorKind::InvalidFile,
                "the " + what_ + " lacks the piece " + std::string(name) +
                    ": it is not a ChatGLM-6B tokenizer (a ChatGLM2/3 tokenizer.model needs "
                    "kind glm2 or glm3)");
        };
        mask_ = required("[MASK]");
        gmask_ = required("[gMASK]");
        smask_ = required("[sMASK]");
        sop_ = required("<sop>");
        eop_ = required("<eop>");
        set_piece(required("<n>"), Piece::Kind::Text, "\n");
        set_piece(required("<|tab|>"), Piece::Kind::Text, "\t");
        for (int k = 2; k <= kGlm1MaxBlank; ++k)
            set_piece(required(glm1_blank_piece(k)), Piece::Kind::Text,
                      std::string(size_t(k), ' '));
        // The special pieces never show as text, whatever type the model file gives them.
        for (std::string_view name :
             {"[MASK]", "[gMASK]", "[sMASK]", "<unused_0>", "<sop>", "<eop>", "<ENC>", "<dBLOCK>"})
            if (auto id = find_piece(name)) set_piece(*id, Piece::Kind::Special, name);
    }

    TokenizerKind kind() const noexcept override { return TokenizerKind::Glm1; }
    int32_t vocab_size() const noexcept override { return piece_count(); }

    std::vector<TokenId> encode(std::string_view text) const override {
        return sp_encode(glm1_preprocess(sanitize_utf8(text)));
    }

    std::optional<TokenId> special_id(SpecialToken token) const noexcept override {
        switch (token) {
        case SpecialToken::Mask:
            return mask_;
        case SpecialToken::GMask:
            return gmask_;
        case SpecialToken::SMask:
            return smask_;
        case SpecialToken::Sop:
            return sop_;
        case SpecialToken::Eop:
            return eop_;
        case SpecialToken::Bos:
            return bos_id();
        case SpecialToken::Eos:
            return eos_id();
        case SpecialToken::Unk:
            return unk_id();
        case SpecialToken::Pad:
            return pad_id();
        default:
            return std::nullopt;
        }
    }

protected:
    Piece piece(TokenId id) const override {
        check_id(id);
        return sp_piece(id);
    }

private:
    TokenId mask_ = 0, gmask_ = 0, smask_ = 0, sop_ = 0, eop_ = 0;
};

} // namespace

std::unique_ptr<Tokenizer> make_glm1_tokenizer(std::span<const uint8_t> file) {
    return std::make_unique<Glm1Tokenizer>(file);
}

} // namespace glm::tok
