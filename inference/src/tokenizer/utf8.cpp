#include "tokenizer/utf8.h"

#include <cstdio>

namespace glm::tok {

namespace {

// The allowed range of the second byte after each lead byte (Unicode Table 3-7); the others are
// always 80..BF. Returns the total sequence length, 0 for a byte that cannot start a sequence.
size_t lead_info(uint8_t b, uint8_t& lo, uint8_t& hi) noexcept {
    lo = 0x80;
    hi = 0xBF;
    if (b < 0x80) return 1;
    if (b >= 0xC2 && b <= 0xDF) return 2;
    if (b == 0xE0) {
        lo = 0xA0;
        return 3;
    }
    if (b == 0xED) {
        hi = 0x9F;
        return 3;
    }
    if (b >= 0xE1 && b <= 0xEF) return 3;
    if (b == 0xF0) {
        lo = 0x90;
        return 4;
    }
    if (b == 0xF4) {
        hi = 0x8F;
        return 4;
    }
    if (b >= 0xF1 && b <= 0xF3) return 4;
    return 0;
}

} // namespace

Utf8Step utf8_step(std::string_view text, size_t pos) noexcept {
    const auto lead = static_cast<uint8_t>(text[pos]);
    uint8_t lo = 0, hi = 0;
    const size_t need = lead_info(lead, lo, hi);
    if (need == 0) return {Utf8Step::Status::Invalid, 1};
    for (size_t k = 1; k < need; ++k) {
        if (pos + k >= text.size()) return {Utf8Step::Status::Truncated, k};
        const auto b = static_cast<uint8_t>(text[pos + k]);
        const uint8_t min = k == 1 ? lo : 0x80, max = k == 1 ? hi : 0xBF;
        if (b < min || b > max) return {Utf8Step::Status::Invalid, k};
    }
    return {Utf8Step::Status::Valid, need};
}

bool is_valid_utf8(std::string_view text) noexcept {
    size_t pos = 0;
    while (pos < text.size()) {
        if (static_cast<uint8_t>(text[pos]) < 0x80) {
            ++pos;
            continue;
        }
        const Utf8Step s = utf8_step(text, pos);
        if (s.status != Utf8Step::Status::Valid) return false;
        pos += s.length;
    }
    return true;
}

std::string sanitize_utf8(std::string_view text) {
    if (is_valid_utf8(text)) return std::string(text);
    std::string out;
    out.reserve(text.size() + 8);
    size_t pos = 0;
    while (pos < text.size()) {
        const Utf8Step s = utf8_step(text, pos);
        if (s.status == Utf8Step::Status::Valid)
            out.append(text.substr(pos, s.length));
        else
            out.append(kReplacementChar);
        pos += s.length;
    }
    return out;
}

char32_t decode_utf8(std::string_view text, size_t pos, size_t& length) noexcept {
    const auto b0 = static_cast<uint8_t>(text[pos]);
    auto cont = [&](size_t k) { return char32_t(static_cast<uint8_t>(text[pos + k]) & 0x3F); };
    if (b0 < 0x80) {
        length = 1;
        return b0;
    }
    if (b0 < 0xE0) {
        length = 2;
        return (char32_t(b0 & 0x1F) << 6) | cont(1);
    }
    if (b0 < 0xF0) {
        length = 3;
        return (char32_t(b0 & 0x0F) << 12) | (cont(1) << 6) | cont(2);
    }
    length = 4;
    return (char32_t(b0 & 0x07) << 18) | (cont(1) << 12) | (cont(2) << 6) | cont(3);
}

void append_utf8(std::string& out, char32_t cp) {
    if (cp < 0x80) {
        out.push_back(char(cp));
    } else if (cp < 0x800) {
        out.push_back(char(0xC0 | (cp >> 6)));
        out.push_back(char(0x80 | (cp & 0x3F)));
    } else if (cp < 0x10000) {
        out.push_back(char(0xE0 | (cp >> 12)));
        out.push_back(char(0x80 | ((cp >> 6) & 0x3F)));
        out.push_back(char(0x80 | (cp & 0x3F)));
    } else {
        out.push_back(char(0xF0 | (cp >> 18)));
        out.push_back(char(0x80 | ((cp >> 12) & 0x3F)));
        out.push_back(char(0x80 | ((cp >> 6) & 0x3F)));
        out.push_back(char(0x80 | (cp & 0x3F)));
    }
}

std::string readable_bytes(std::string_view bytes) {
    std::string out;
    size_t pos = 0;
    while (pos < bytes.size()) {
        const Utf8Step step = utf8_step(bytes, pos);
        if (step.status == Utf8Step::Status::Valid) {
            out.append(bytes.substr(pos, step.length));
        } else {
            for (size_t i = 0; i < step.length; ++i) {
                char hex[8];
                std::snprintf(hex, sizeof hex, "<0x%02X>",
                              unsigned(static_cast<uint8_t>(bytes[pos + i])));
                out += hex;
            }
        }
        pos += step.length;
    }
    return out;
}

} // namespace glm::tok
