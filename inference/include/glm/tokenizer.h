// Tokenizers of the GLM family: text to token ids and back, and the streaming detokenizer that
// turns generated ids into text while they arrive. The rules come from the official implementations
// (docs/tokenizers.md#the-four-tokenizers):
//   GLM1  ChatGLM-6B     SentencePiece ice_text.model + whitespace pre-processing
//   GLM2  ChatGLM2-6B    SentencePiece tokenizer.model, specials after the pieces
//   GLM3  ChatGLM3-6B    as GLM2 plus four role tokens
//   GLM4  GLM-4-9B-Chat  tiktoken-format byte-level BPE (base64 rank file), or the same vocabulary
//                        as a Hugging Face tokenizer.json (GLM-4 in transformers layout)
// Special tokens are only ever produced as ids by the code that builds prompts
// (encode_for_generation, ChatFormat); GLM2-4 encode their text like any other text. GLM1 is the
// exception the official tokenizer makes: its special pieces live inside the SentencePiece model,
// so their literal text in a prompt ("[gMASK]", "<n>") becomes the special piece, as it does in the
// reference.
//
// Text in is UTF-8; invalid UTF-8 is not rejected: every maximal invalid subpart is replaced by
// U+FFFD before tokenizing (so encode never fails on user text). Tokenizer objects are immutable
// after create() and safe to use from several threads at once.
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace glm {

using TokenId = int32_t;

enum class TokenizerKind { Glm1, Glm2, Glm3, Glm4 };

// "glm1".."glm4" (the value of the GGUF key tokenizer.glm.chat_format uses the same names).
const char* to_string(TokenizerKind kind) noexcept;
std::optional<TokenizerKind> parse_tokenizer_kind(std::string_view name) noexcept;

// Named tokens. Not every generation has every token: special_id() returns nothing for the missing.
enum class SpecialToken {
    Mask,        // [MASK]
    GMask,       // [gMASK]
    SMask,       // [sMASK]
    Sop,         // <sop> (GLM1, GLM4) / sop (GLM2, GLM3): start of the generated piece
    Eop,         // <eop> / eop: end of piece (GLM1's end-of-answer token)
    Bos,         // SentencePiece <s>
    Eos,         // SentencePiece </s> (GLM2/3 end of answer)
    Unk,         // SentencePiece <unk>
    Pad,         // SentencePiece <pad> (GLM1)
    EndOfText,   // <|endoftext|> (GLM4)
    System,      // <|system|> (GLM3, GLM4)
    User,        // <|user|>
    Assistant,   // <|assistant|>
    Observation, // <|observation|>
};

// What decode() does with special and control tokens.
enum class SpecialTokens {
    Skip,   // they produce no text (what a chat shows)
    Render, // they appear as their names, e.g. "<|user|>" (debugging, glm-cli detokenize --special)
};

class StreamingDetokenizer;

class Tokenizer {
public:
    // Loads a tokenizer from the bytes of its file (ice_text.model / tokenizer.model). GLM1-3 take
    // a SentencePiece model, GLM4 a tiktoken rank file or a tokenizer.json. Throws
    // glm::Error(ErrorKind::InvalidFile) when the bytes are not such a file or lack what the
    // generation needs (e.g. a GLM1 model without the GLM special pieces). The bytes are not
    // referenced after the call.
    static std::unique_ptr<Tokenizer> create(TokenizerKind kind,
                                             std::span<const uint8_t> file_bytes);

    virtual ~Tokenizer() = default;
    Tokenizer(const Tokenizer&) = delete;
    Tokenizer& operator=(const Tokenizer&) = delete;

    virtual TokenizerKind kind() const noexcept = 0;

    // Number of token ids this tokenizer can produce or decode: valid ids are 0 .. vocab_size()-1.
    // (The model's embedding may have more rows; those ids have no text.)
    virtual int32_t vocab_size() const noexcept = 0;

    // Text to ids with no special tokens added (GLM1: with its whitespace pre-processing). Empty
    // text gives no ids.
    virtual std::vector<TokenId> encode(std::string_view text) const = 0;

    // The ids the model expects for a raw generation prompt: GLM1 text + [gMASK] <sop>;
    // GLM2/GLM3 [gMASK] sop + text; GLM4 [gMASK] <sop> + text.
    std::vector<TokenId> encode_for_generation(std::string_view text) const;

    // Ids to text, exactly what a StreamingDetokenizer fed the same ids would produce in total.
    // Throws glm::Error(ErrorKind::InvalidArgument) for an id outside 0 .. vocab_size()-1.
    std::string decode(std::span<const TokenId> ids,
                       SpecialTokens specials = SpecialTokens::Skip) const;

    virtual std::optional<TokenId> special_id(SpecialToken token) const noexcept = 0;
    // special_id() or glm::Error(InvalidArgument) naming the missing token.
    TokenId require_special(SpecialToken token) const;

    // True for special and control tokens (the ones decode skips). Throws like decode for a bad id.
    bool is_special(TokenId id) const;

    // The vocabulary entry of an id as readable text, for listings (glm-cli tokenize): the
    // SentencePiece piece ("▁你", "<0x0A>"), a special token's name, or a BPE token's bytes with
    // any byte that is not part of valid UTF-8 written as <0xNN>. Throws like decode for a bad id.
    // The default (byte-level BPE): a special's name, else the bytes made readable.
    virtual std::string token_name(TokenId id) const;

protected:
    Tokenizer() = default;

    // How one id turns into text. decode() and StreamingDetokenizer are the only users.
    struct Piece {
        enum class Kind : uint8_t {
            Text,    // `bytes` are text bytes (may be part of a UTF-8 sequence: byte pieces, BPE)
            Special, // a special or control token; `bytes` is its name
        };
        Kind kind = Kind::Text;
        std::string_view bytes;
        // The text starts with a space that stands for SentencePiece's "▁" and is the dummy-prefix
        // space when it is the first text of a decoded sequence (see LeadingSpace).
        bool space_prefix = false;
    };
    // SentencePiece removes the dummy-prefix space at the start of decoded text.
    enum class LeadingSpace {
        Keep,      // no dummy prefix (GLM4)
        StripOnce, // add_dummy_prefix: the first "▁" of the text is dropped (GLM1-3)
        StripAll,  // remove_extra_whitespaces: every leading "▁" is dropped
    };
    // How bytes that are not valid UTF-8 are shown.
    enum class InvalidUtf8 {
        ReplaceEachByte,       // one U+FFFD per byte, as SentencePiece decodes byte pieces
        ReplaceMaximalSubpart, // one U+FFFD per maximal invalid subpart, as Python's
                               // bytes.decode(errors="replace") that tiktoken uses
    };

    // Throws glm::Error(InvalidArgument) for an id outside 0 .. vocab_size()-1.
    virtual Piece piece(TokenId id) const = 0;
    virtual LeadingSpace leading_space() const noexcept = 0;
    virtual InvalidUtf8 invalid_utf8() const noexcept = 0;
    // Throws the InvalidArgument error for a bad id; for use by piece() implementations.
    void check_id(TokenId id) const;

    friend class StreamingDetokenizer;
};

// Turns generated ids into text as they arrive. push() returns the text that is final after this id
// (often empty: part of a character, or an invisible token); finish() returns what is still held
// back. The concatenation of everything returned equals tokenizer.decode(all ids). Never returns a
// broken UTF-8 sequence: bytes of a character split over several tokens are held until the
// character is complete. Generation that stops in the middle of a character: finish() emits U+FFFD
// for the incomplete sequence (one per byte for SentencePiece, one per sequence for GLM4, as the
// reference decoders do) so nothing is lost silently and the output stays valid UTF-8. Holds a
// reference to the tokenizer, which must outlive it. Not thread-safe (one per generation).
class StreamingDetokenizer {
public:
    explicit StreamingDetokenizer(const Tokenizer& tokenizer,
                                  SpecialTokens specials = SpecialTokens::Skip);

    // Throws glm::Error(InvalidArgument) for an id outside the vocabulary; the state is unchanged.
    std::string push(TokenId id);
    // The end of the answer: U+FFFD for bytes still held back, "" when there are none.
    std::string finish();
    // Forgets everything (a new generation starts: its first "▁" is again a dummy prefix).
    void reset();
    // Bytes held back because they may be the start of a character.
    size_t pending_bytes() const noexcept { return pending_.size(); }

private:
    void append_text(std::string_view bytes, std::string& out);

    const Tokenizer& tokenizer_;
    SpecialTokens specials_;
    Tokenizer::LeadingSpace leading_space_;
    Tokenizer::InvalidUtf8 invalid_utf8_;
    bool at_start_ = true; // nothing has produced text yet (for the dummy-prefix rule)
    std::string pending_;  // an incomplete but so far valid UTF-8 sequence (at most 3 bytes)
};

} // namespace glm

namespace glm {
class Model;
// The tokenizer embedded in a model file, or nullptr when the model has none (it then works with
// token ids only). Throws glm::Error(InvalidFile) when the embedded tokenizer is unusable.
std::unique_ptr<Tokenizer> tokenizer_for(const Model& model);
// The same from a model file's metadata, without loading its weights (no GPU needed).
std::unique_ptr<Tokenizer> tokenizer_for_file(const std::filesystem::path& gguf);
} // namespace glm
