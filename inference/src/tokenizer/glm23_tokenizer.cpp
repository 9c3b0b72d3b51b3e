// ChatGLM2-6B / ChatGLM3-6B: plain SentencePiece (no pre-processing); the special tokens are not
// pieces but ids right after the last piece, in the order [MASK] [gMASK] [sMASK] sop eop and, for
// GLM3, <|system|> <|user|> <|assistant|> <|observation|>
// (docs/tokenizers.md#glm2-and-glm3-chatglm2-6b-chatglm3-6b). They are never produced from text.
#include "glm/error.h"
#include "tokenizer/factories.h"
#include "tokenizer/spm_tokenizer.h"
#include "tokenizer/utf8.h"

#include <array>

namespace glm::tok {

namespace {

constexpr std::array<std::string_view, 9> kSpecialNames = {
    "[MASK]",   "[gMASK]",       "[sMASK]",        "sop", "eop", "<|system|>",
    "<|user|>", "<|assistant|>", "<|observation|>"};

class Glm23Tokenizer final : public SpmTokenizerBase {
public:
    Glm23Tokenizer(std::span<const uint8_t> file, bool with_roles)
        : SpmTokenizerBase(file, with_roles ? "GLM3 tokenizer (tokenizer.model)"
                                            : "GLM2 tokenizer (tokenizer.model)"),
          with_roles_(with_roles) {
        if (find_piece("[gMASK]") || find_piece("<|blank_2|>"))
            throw Error(ErrorKind::InvalidFile,
                        "the " + what_ +
                            " contains ChatGLM-6B's special pieces: it is a GLM1 "
                            "tokenizer (ice_text.model), use kind glm1");
        if (!eos_id())
            throw Error(ErrorKind::InvalidFile,
                        "the " + what_ + " has no </s> piece, which GLM2/GLM3 end answers with");
    }

    TokenizerKind kind() const noexcept override {
        return with_roles_ ? TokenizerKind::Glm3 : TokenizerKind::Glm2;
    }
    int32_t vocab_size() const noexcept override { return piece_count() + special_count(); }

    std::vector<TokenId> encode(std::string_view text) const override {
        return sp_encode(sanitize_utf8(text));
    }

    std::optional<TokenId> special_id(SpecialToken token) const noexcept override {
        const TokenId n = piece_count();
        switch (token) {
        case SpecialToken::Mask:
            return n;
        case SpecialToken::GMask:
            return n + 1;
        case SpecialToken::SMask:
            return n + 2;
        case SpecialToken::Sop:
            return n + 3;
        case SpecialToken::Eop:
            return n + 4;
        case SpecialToken::Bos:
            return bos_id();
        case SpecialToken::Eos:
            return eos_id();
        case SpecialToken::Unk:
            return unk_id();
        case SpecialToken::Pad:
            return pad_id();
        case SpecialToken::System:
            return role(0);
        case SpecialToken::User:
            return role(1);
        case SpecialToken::Assistant:
            return role(2);
        case SpecialToken::Observation:
            return role(3);
        case SpecialToken::EndOfText:
            return std::nullopt;
        }
        return std::nullopt;
    }

protected:
    Piece piece(TokenId id) const override {
        check_id(id);
        if (id < piece_count()) return sp_piece(id);
        return {Piece::Kind::Special, kSpecialNames[size_t(id - piece_count())], false};
    }

private:
    int32_t special_count() const noexcept { return with_roles_ ? 9 : 5; }
    std::optional<TokenId> role(int index) const noexcept {
        if (!with_roles_) return std::nullopt;
        return piece_count() + 5 + index;
    }
    bool with_roles_;
};

} // namespace

std::unique_ptr<Tokenizer> make_glm23_tokenizer(std::span<const uint8_t> file, bool with_roles) {
    return std::make_unique<Glm23Tokenizer>(file, with_roles);
}

} // namespace glm::tok
