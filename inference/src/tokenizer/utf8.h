// UTF-8 helpers shared by the tokenizers: validation, replacement of invalid input, and an
// incremental assembler for byte-level output. Well-formed means Unicode Table 3-7 (no overlongs,
// no surrogates, nothing above U+10FFFF).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace glm::tok {

inline constexpr std::string_view kReplacementChar = "\xEF\xBF\xBD"; // U+FFFD

struct Utf8Step {
    enum class Status : uint8_t {
        Valid,     // a complete, well-formed sequence of `length` bytes
        Truncated, // the text ends after `length` bytes that are a well-formed start
        Invalid,   // `length` bytes form a maximal subpart that cannot be completed
    };
    Status status;
    size_t length; // >= 1
};

// Classifies the sequence starting at text[pos] (pos < text.size()).
Utf8Step utf8_step(std::string_view text, size_t pos) noexcept;

bool is_valid_utf8(std::string_view text) noexcept;

// The text with every maximal invalid subpart (and a truncated sequence at the end) replaced by
// U+FFFD. Valid text is returned unchanged.
std::string sanitize_utf8(std::string_view text);

// Decodes the well-formed sequence at text[pos]; returns the code point and sets `length`.
// Only for text already known to be valid.
char32_t decode_utf8(std::string_view text, size_t pos, size_t& length) noexcept;

void append_utf8(std::string& out, char32_t cp);

// A byte-level token's bytes for listings: valid UTF-8 as is, every other byte as <0xNN>.
std::string readable_bytes(std::string_view bytes);

} // namespace glm::tok
