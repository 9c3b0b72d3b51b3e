// Tokenizer's shared parts: creation by kind, the generation prefix/suffix, decode (through the
// streaming detokenizer, so both always agree).
#include "glm/tokenizer.h"

#include "glm/error.h"
#include "tokenizer/factories.h"
#include "tokenizer/utf8.h"

namespace glm {

const char* to_string(TokenizerKind kind) noexcept {
    switch (kind) {
    case TokenizerKind::Glm1:
        return "glm1";
    case TokenizerKind::Glm2:
        return "glm2";
    case TokenizerKind::Glm3:
        return "glm3";
    case TokenizerKind::Glm4:
        return "glm4";
    }
    return "unknown";
}

std::optional<TokenizerKind> parse_tokenizer_kind(std::string_view name) noexcept {
    for (auto k :
         {TokenizerKind::Glm1, TokenizerKind::Glm2, TokenizerKind::Glm3, TokenizerKind::Glm4})
        if (name == to_string(k)) return k;
    return std::nullopt;
}

std::unique_ptr<Tokenizer> Tokenizer::create(TokenizerKind kind,
                                             std::span<const uint8_t> file_bytes) {
    switch (kind) {
    case TokenizerKind::Glm1:
        return tok::make_glm1_tokenizer(file_bytes);
    case TokenizerKind::Glm2:
        return tok::make_glm23_tokenizer(file_bytes, false);
    case TokenizerKind::Glm3:
        return tok::make_glm23_tokenizer(file_bytes, true);
    case TokenizerKind::Glm4:
        // GLM-4 ships its vocabulary as a tiktoken file or, in transformers layout, as
        // tokenizer.json: the same ids either way.
        return tok::looks_like_tokenizer_json(file_bytes)
                   ? tok::make_hf_bpe_json_tokenizer(file_bytes)
                   : tok::make_glm4_tokenizer(file_bytes);
    }
    throw Error(ErrorKind::InvalidArgument, "unknown tokenizer kind");
}

std::vector<TokenId> Tokenizer::encode_for_generation(std::string_view text) const {
    const TokenId gmask = require_special(SpecialToken::GMask);
    const TokenId sop = require_special(SpecialToken::Sop);
    std::vector<TokenId> body = encode(text);
    std::vector<TokenId> ids;
    ids.reserve(body.size() + 2);
    if (kind() == TokenizerKind::Glm1) {
        // GLM1 is a prefix-LM: the blank to fill ([gMASK]) and the start of the answer come last.
        ids = std::move(body);
        ids.push_back(gmask);
        ids.push_back(sop);
    } else {
        ids.push_back(gmask);
        ids.push_back(sop);
        ids.insert(ids.end(), body.begin(), body.end());
    }
    return ids;
}

std::string Tokenizer::decode(std::span<const TokenId> ids, SpecialTokens specials) const {
    StreamingDetokenizer detok(*this, specials);
    std::string text;
    for (TokenId id : ids) text += detok.push(id);
    text += detok.finish();
    return text;
}

std::string Tokenizer::token_name(TokenId id) const {
    const Piece p = piece(id);
    return p.kind == Piece::Kind::Special ? std::string(p.bytes) : tok::readable_bytes(p.bytes);
}

TokenId Tokenizer::require_special(SpecialToken token) const {
    if (auto id = special_id(token)) return *id;
    static constexpr const char* names[] = {
        "[MASK]",        "[gMASK]",        "[sMASK]", "sop",           "eop",        "<s>",
        "</s>",          "<unk>",          "<pad>",   "<|endoftext|>", "<|system|>", "<|user|>",
        "<|assistant|>", "<|observation|>"};
    throw Error(ErrorKind::InvalidArgument, std::string("the ") + to_string(kind()) +
                                                " tokenizer has no " + names[int(token)] +
                                                " token");
}

bool Tokenizer::is_special(TokenId id) const {
    return piece(id).kind != Piece::Kind::Text;
}

void Tokenizer::check_id(TokenId id) const {
    if (id < 0 || id >= vocab_size())
        throw Error(ErrorKind::InvalidArgument,
                    "token id " + std::to_string(id) + " is outside the " + to_string(kind()) +
                        " vocabulary (0.." + std::to_string(vocab_size() - 1) + ")");
}

} // namespace glm
