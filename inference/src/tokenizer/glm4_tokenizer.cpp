// GLM-4-9B: tiktoken byte-level BPE over a base64 rank file, the cl100k pre-tokenizer, and 14
// special tokens numbered after the last rank (docs/tokenizers.md#glm4-glm-4-9b-chat).
// Special-token text in the input is encoded as ordinary text (tiktoken's disallowed_special=()).
#include "glm/error.h"
#include "tokenizer/bpe.h"
#include "tokenizer/factories.h"
#include "tokenizer/glm4_pretokenizer.h"
#include "tokenizer/glm4_specials.h"
#include "tokenizer/tiktoken_ranks.h"
#include "tokenizer/utf8.h"

namespace glm::tok {

namespace {

class Glm4Tokenizer final : public Tokenizer {
public:
    explicit Glm4Tokenizer(std::span<const uint8_t> file)
        : ranks_(RankTable::parse(
              std::string_view(reinterpret_cast<const char*>(file.data()), file.size()))) {}

    TokenizerKind kind() const noexcept override { return TokenizerKind::Glm4; }
    int32_t vocab_size() const noexcept override {
        return ranks_.size() + int32_t(kGlm4SpecialNames.size());
    }

    std::vector<TokenId> encode(std::string_view text) const override {
        const std::string clean = sanitize_utf8(text);
        std::vector<std::string_view> chunks;
        pretokenizer_.split(clean, chunks);
        std::vector<TokenId> ids;
        ids.reserve(clean.size() / 3 + 1);
        for (std::string_view chunk : chunks) byte_pair_encode(chunk, ranks_, ids);
        return ids;
    }

    std::optional<TokenId> special_id(SpecialToken token) const noexcept override {
        const int index = glm4_special_index(token);
        if (index < 0) return std::nullopt;
        return ranks_.size() + index;
    }

protected:
    Piece piece(TokenId id) const override {
        check_id(id);
        if (id < ranks_.size()) return {Piece::Kind::Text, ranks_.bytes(id), false};
        return {Piece::Kind::Special, kGlm4SpecialNames[size_t(id - ranks_.size())], false};
    }
    LeadingSpace leading_space() const noexcept override { return LeadingSpace::Keep; }
    InvalidUtf8 invalid_utf8() const noexcept override {
        return InvalidUtf8::ReplaceMaximalSubpart;
    }

private:
    RankTable ranks_;
    Glm4Pretokenizer pretokenizer_;
};

} // namespace

std::unique_ptr<Tokenizer> make_glm4_tokenizer(std::span<const uint8_t> file) {
    if (file.empty())
        throw Error(ErrorKind::InvalidFile, "the GLM4 tokenizer (tokenizer.model) is empty");
    // A rank file is text; a NUL byte near the start means a binary file such as a SentencePiece
    // model, which deserves a better message than "line 1 is damaged".
    for (size_t i = 0; i < file.size() && i < 4096; ++i)
        if (file[i] == 0)
            throw Error(
                ErrorKind::InvalidFile,
                "the GLM4 tokenizer (tokenizer.model) is not a tiktoken rank file (it is binary; a "
                "SentencePiece model of ChatGLM-6B/2/3 needs kind glm1, glm2 or glm3)");
    return std::make_unique<Glm4Tokenizer>(file);
}

} // namespace glm::tok
