// GLM-4-9B: tiktoken byte-level BPE over a base64 rank file, the cl100k pre-tokenizer, and 14
// special tokens numbered after the last rank (docs/tokenizers.md#glm4-glm-4-9b-chat).
// Special-token text in the input is encoded as ordinary text (tiktoken's disallowed_special=()).
#include "glm/error.h"
#include "tokenizer/bpe.h"
#include "tokenizer/factories.h"
#include "tokenizer/glm4_pretokenizer.h"
#include "tokenizer/tiktoken_ranks.h"
#include "tokenizer/utf8.h"

#include <array>
#include <cstdio>

namespace glm::tok {

namespace {

constexpr std::array<std::string_view, 14> kSpecialNames = {"<|endoftext|>",
                                                            "[MASK]",
                                                            "[gMASK]",
                                                            "[sMASK]",
                                                            "<sop>",
                                                            "<eop>",
                                                            "<|system|>",
                                                            "<|user|>",
                                                            "<|assistant|>",
                                                            "<|observation|>",
                                                            "<|begin_of_image|>",
                                                            "<|end_of_image|>",
                                                            "<|begin_of_video|>",
                                                            "<|end_of_video|>"};

class Glm4Tokenizer final : public Tokenizer {
public:
    explicit Glm4Tokenizer(std::span<const uint8_t> file)
        : ranks_(RankTable::parse(
              std::string_view(reinterpret_cast<const char*>(file.data()), file.size()))) {}

    TokenizerKind kind() const noexcept override { return TokenizerKind::Glm4; }
    int32_t vocab_size() const noexcept override {
        return ranks_.size() + int32_t(kSpecialNames.size());
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
        const TokenId n = ranks_.size();
        switch (token) {
        case SpecialToken::EndOfText:
            return n;
        case SpecialToken::Mask:
            return n + 1;
        case SpecialToken::GMask:
            return n + 2;
        case SpecialToken::SMask:
            return n + 3;
        case SpecialToken::Sop:
            return n + 4;
        case SpecialToken::Eop:
            return n + 5;
        case SpecialToken::System:
            return n + 6;
        case SpecialToken::User:
            return n + 7;
        case SpecialToken::Assistant:
            return n + 8;
        case SpecialToken::Observation:
            return n + 9;
        case SpecialToken::Pad:
            return n; // the model pads with <|endoftext|>
        default:
            return std::nullopt;
        }
    }

    std::string token_name(TokenId id) const override {
        const Piece p = piece(id);
        if (p.kind == Piece::Kind::Special) return std::string(p.bytes);
        std::string out;
        size_t pos = 0;
        while (pos < p.bytes.size()) {
            const Utf8Step step = utf8_step(p.bytes, pos);
            if (step.status == Utf8Step::Status::Valid) {
                out.append(p.bytes.substr(pos, step.length));
            } else {
                for (size_t i = 0; i < step.length; ++i) {
                    char hex[8];
                    std::snprintf(hex, sizeof hex, "<0x%02X>",
                                  unsigned(static_cast<uint8_t>(p.bytes[pos + i])));
                    out += hex;
                }
            }
            pos += step.length;
        }
        return out;
    }

protected:
    Piece piece(TokenId id) const override {
        check_id(id);
        if (id < ranks_.size()) return {Piece::Kind::Text, ranks_.bytes(id), false};
        return {Piece::Kind::Special, kSpecialNames[size_t(id - ranks_.size())], false};
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
