#include "tokenizer/spm_tokenizer.h"

#include "glm/error.h"
#include "tokenizer/spm_proto.h"

#include <sentencepiece_processor.h>

namespace glm::tok {

namespace {

constexpr std::string_view kSpaceSymbol = "\xE2\x96\x81"; // "▁", SentencePiece's space
// What SentencePiece's decoder shows for <unk> (kDefaultUnknownSymbol, " ⁇ ").
constexpr std::string_view kUnknownSurface = " \xE2\x81\x87 ";

std::optional<TokenId> valid_id(int id) {
    if (id < 0) return std::nullopt;
    return TokenId(id);
}

// "<0x4A>" -> 0x4A
int byte_of_piece(std::string_view piece) {
    if (piece.size() != 6 || piece.substr(0, 3) != "<0x" || piece[5] != '>') return -1;
    int value = 0;
    for (char c : piece.substr(3, 2)) {
        value <<= 4;
        if (c >= '0' && c <= '9')
            value |= c - '0';
        else if (c >= 'A' && c <= 'F')
            value |= c - 'A' + 10;
        else if (c >= 'a' && c <= 'f')
            value |= c - 'a' + 10;
        else
            return -1;
    }
    return value;
}

} // namespace

SpmTokenizerBase::SpmTokenizerBase(std::span<const uint8_t> file, std::string_view what)
    : what_(what), sp_(std::make_unique<sentencepiece::SentencePieceProcessor>()) {
    if (file.empty()) throw Error(ErrorKind::InvalidFile, "the " + what_ + " is empty");
    const auto status = sp_->LoadFromSerializedProto(
        std::string_view(reinterpret_cast<const char*>(file.data()), file.size()));
    if (!status.ok())
        throw Error(ErrorKind::InvalidFile,
                    "the " + what_ +
                        " is not a valid SentencePiece model: the file is damaged or "
                        "of another kind (sentencepiece says: " +
                        std::string(status.message()) + ")");
    const auto flags = read_spm_normalizer_flags(file);
    if (!flags) // libsentencepiece accepted it, so this would be our reader's bug or an odd encoder
        throw Error(ErrorKind::InvalidFile,
                    "the " + what_ + " has an unreadable normalizer section");
    leading_space_ = flags->remove_extra_whitespaces ? LeadingSpace::StripAll
                     : flags->add_dummy_prefix       ? LeadingSpace::StripOnce
                                                     : LeadingSpace::Keep;
    if (sp_->GetPieceSize() <= 0)
        throw Error(ErrorKind::InvalidFile, "the " + what_ + " has no pieces");
    bos_ = valid_id(sp_->bos_id());
    eos_ = valid_id(sp_->eos_id());
    unk_ = valid_id(sp_->unk_id());
    pad_ = valid_id(sp_->pad_id());
    build_table();
}

SpmTokenizerBase::~SpmTokenizerBase() = default;

void SpmTokenizerBase::build_table() {
    const int n = sp_->GetPieceSize();
    entries_.resize(size_t(n));
    for (int id = 0; id < n; ++id) {
        const std::string& piece = sp_->IdToPiece(id);
        if (sp_->IsControl(id)) {
            set_piece(id, Piece::Kind::Special, piece);
        } else if (sp_->IsUnknown(id)) {
            set_piece(id, Piece::Kind::Text, kUnknownSurface);
        } else if (sp_->IsByte(id) && byte_of_piece(piece) >= 0) {
            const char byte = char(byte_of_piece(piece));
            set_piece(id, Piece::Kind::Text, std::string_view(&byte, 1));
        } else {
            // Normal and user-defined pieces decode to their text with "▁" as a space.
            std::string text;
            size_t pos = 0;
            while (pos < piece.size()) {
                if (piece.compare(pos, kSpaceSymbol.size(), kSpaceSymbol) == 0) {
                    text.push_back(' ');
                    pos += kSpaceSymbol.size();
                } else {
                    text.push_back(piece[pos++]);
                }
            }
            set_piece(id, Piece::Kind::Text, text, piece.rfind(kSpaceSymbol, 0) == 0);
        }
    }
}

void SpmTokenizerBase::set_piece(TokenId id, Piece::Kind kind, std::string_view bytes,
                                 bool space_prefix) {
    Entry& e = entries_.at(size_t(id));
    e.offset = uint32_t(arena_.size());
    e.length = uint32_t(bytes.size());
    e.kind = kind;
    e.space_prefix = space_prefix;
    arena_.append(bytes);
}

Tokenizer::Piece SpmTokenizerBase::sp_piece(TokenId id) const {
    const Entry& e = entries_[size_t(id)];
    return {e.kind, std::string_view(arena_).substr(e.offset, e.length), e.space_prefix};
}

std::optional<TokenId> SpmTokenizerBase::find_piece(std::string_view piece) const {
    const int id = sp_->PieceToId(piece);
    if (id < 0 || id >= sp_->GetPieceSize() || sp_->IdToPiece(id) != piece) return std::nullopt;
    return TokenId(id);
}

std::vector<TokenId> SpmTokenizerBase::sp_encode(std::string_view text) const {
    std::vector<int> ids;
    if (text.empty()) return ids;
    const auto status = sp_->Encode(text, &ids);
    if (!status.ok()) // only a model that failed to load gets here, which the constructor prevents
        throw Error(ErrorKind::InvalidArgument,
                    "SentencePiece could not encode the text: " + status.ToString());
    return ids;
}

std::string SpmTokenizerBase::token_name(TokenId id) const {
    check_id(id);
    if (id < piece_count()) return sp_->IdToPiece(id);
    return std::string(piece(id).bytes);
}

} // namespace glm::tok
