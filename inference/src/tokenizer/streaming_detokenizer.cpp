// Ids to text, one id at a time, with SentencePiece's decoding rules: "▁" is a space, the first
// dummy-prefix space of the text is dropped, byte pieces join into characters, control pieces are
// invisible. Bytes that may still become a character are held back; invalid bytes become U+FFFD.
#include "glm/tokenizer.h"
#include "tokenizer/utf8.h"

namespace glm {

using tok::kReplacementChar;
using tok::Utf8Step;

StreamingDetokenizer::StreamingDetokenizer(const Tokenizer& tokenizer, SpecialTokens specials)
    : tokenizer_(tokenizer), specials_(specials), leading_space_(tokenizer.leading_space()),
      invalid_utf8_(tokenizer.invalid_utf8()) {}

void StreamingDetokenizer::reset() {
    at_start_ = true;
    pending_.clear();
}

std::string StreamingDetokenizer::push(TokenId id) {
    const Tokenizer::Piece piece = tokenizer_.piece(id); // throws before any state changes
    std::string out;
    if (piece.kind == Tokenizer::Piece::Kind::Special) {
        // A special token ends any incomplete character before it, shown or not, as a control piece
        // ends a run of byte pieces in SentencePiece's decoder.
        out = finish();
        if (specials_ == SpecialTokens::Skip) return out;
        // Rendered, it also starts a new segment, like GLM3's reference decoder, which decodes the
        // text between special tokens separately.
        out.append(piece.bytes);
        at_start_ = true;
        return out;
    }
    std::string_view bytes = piece.bytes;
    if (at_start_) {
        const bool strip = leading_space_ != Tokenizer::LeadingSpace::Keep && piece.space_prefix &&
                           !bytes.empty() && bytes.front() == ' ';
        if (strip) bytes.remove_prefix(1);
        // SentencePiece stops looking for the dummy prefix after the first piece that either was
        // the prefix or produced text; with remove_extra_whitespaces it strips until text appears.
        at_start_ = leading_space_ == Tokenizer::LeadingSpace::StripAll && bytes.empty();
    }
    append_text(bytes, out);
    return out;
}

std::string StreamingDetokenizer::finish() {
    std::string out;
    if (pending_.empty()) return out;
    // The held bytes are a well-formed start of a character that never got its end.
    const size_t n = invalid_utf8_ == Tokenizer::InvalidUtf8::ReplaceEachByte ? pending_.size() : 1;
    for (size_t i = 0; i < n; ++i) out.append(kReplacementChar);
    pending_.clear();
    return out;
}

void StreamingDetokenizer::append_text(std::string_view bytes, std::string& out) {
    std::string joined;
    std::string_view text = bytes;
    if (!pending_.empty()) {
        joined = std::move(pending_);
        joined.append(bytes);
        text = joined;
        pending_.clear();
    }
    size_t pos = 0;
    while (pos < text.size()) {
        const auto b = static_cast<uint8_t>(text[pos]);
        if (b < 0x80) {
            size_t end = pos + 1;
            while (end < text.size() && static_cast<uint8_t>(text[end]) < 0x80) ++end;
            out.append(text.substr(pos, end - pos));
            pos = end;
            continue;
        }
        const Utf8Step step = tok::utf8_step(text, pos);
        switch (step.status) {
        case Utf8Step::Status::Valid:
            out.append(text.substr(pos, step.length));
            break;
        case Utf8Step::Status::Truncated:
            pending_.assign(text.substr(pos, step.length));
            break;
        case Utf8Step::Status::Invalid: {
            const size_t n =
                invalid_utf8_ == Tokenizer::InvalidUtf8::ReplaceEachByte ? step.length : 1;
            for (size_t i = 0; i < n; ++i) out.append(kReplacementChar);
            break;
        }
        }
        pos += step.length;
    }
}

} // namespace glm
