// The official clean-up of a finished answer (docs/tokenizers.md#rules-and-decisions,
// "Post-processing"): ChatGLM-6B's process_response and the simpler ones of ChatGLM2/3 and GLM-4.
#include "glm/chat_format.h"
#include "tokenizer/utf8.h"

namespace glm {

namespace {

constexpr std::string_view kTrainingTimePlaceholder = "[[训练时间]]";
constexpr std::string_view kTrainingTime = "2023年";

// Python's str.isspace() for the characters an answer can contain.
bool is_python_space(char32_t c) {
    return (c >= 0x09 && c <= 0x0D) || (c >= 0x1C && c <= 0x20) || c == 0x85 || c == 0xA0 ||
           c == 0x1680 || (c >= 0x2000 && c <= 0x200A) || c == 0x2028 || c == 0x2029 ||
           c == 0x202F || c == 0x205F || c == 0x3000;
}

// str.strip(): white space off both ends.
std::string_view strip(std::string_view s) {
    size_t begin = 0, end = s.size();
    while (begin < end) {
        size_t len = 0;
        if (!is_python_space(tok::decode_utf8(s, begin, len))) break;
        begin += len;
    }
    while (end > begin) {
        size_t start = end - 1;
        while (start > begin && (static_cast<uint8_t>(s[start]) & 0xC0) == 0x80) --start;
        size_t len = 0;
        if (!is_python_space(tok::decode_utf8(s, start, len))) break;
        end = start;
    }
    return s.substr(begin, end - begin);
}

std::string replace_all(std::string_view text, std::string_view from, std::string_view to) {
    std::string out;
    size_t pos = 0;
    while (true) {
        const size_t hit = text.find(from, pos);
        if (hit == std::string_view::npos) break;
        out.append(text.substr(pos, hit - pos));
        out.append(to);
        pos = hit + from.size();
    }
    out.append(text.substr(pos));
    return out;
}

bool is_cjk(char32_t c) {
    return c >= 0x4E00 && c <= 0x9FFF;
}

// ASCII , ! : ; ? next to a CJK ideograph becomes its full-width form. The reference runs a pair of
// regex substitutions per mark; since they never change an ideograph, the result is the same as
// converting every mark whose neighbour on either side (in the original text) is an ideograph.
std::string convert_punctuation(std::string_view text) {
    std::vector<char32_t> cps;
    for (size_t pos = 0, len = 0; pos < text.size(); pos += len)
        cps.push_back(tok::decode_utf8(text, pos, len));
    std::string out;
    out.reserve(text.size() + 16);
    for (size_t i = 0; i < cps.size(); ++i) {
        char32_t c = cps[i];
        const bool next_to_cjk =
            (i > 0 && is_cjk(cps[i - 1])) || (i + 1 < cps.size() && is_cjk(cps[i + 1]));
        if (next_to_cjk) {
            switch (c) {
            case ',':
                c = U'，';
                break;
            case '!':
                c = U'！';
                break;
            case ':':
                c = U'：';
                break;
            case ';':
                c = U'；';
                break;
            case '?':
                c = U'？';
                break;
            default:
                break;
            }
        }
        tok::append_utf8(out, c);
    }
    return out;
}

// GLM3/GLM4 answers start with a metadata line. Empty metadata: plain chat, the content follows.
std::string strip_metadata_line(std::string_view answer, bool replace_placeholder) {
    const size_t newline = answer.find('\n');
    const std::string_view metadata =
        newline == std::string_view::npos ? std::string_view() : answer.substr(0, newline);
    if (!strip(metadata).empty())
        return std::string(answer); // a tool call: for the caller to parse
    const std::string_view content =
        newline == std::string_view::npos ? answer : answer.substr(newline + 1);
    const std::string_view trimmed = strip(content);
    return replace_placeholder ? replace_all(trimmed, kTrainingTimePlaceholder, kTrainingTime)
                               : std::string(trimmed);
}

} // namespace

std::string postprocess_response(ChatFormatKind kind, std::string_view answer) {
    const std::string clean = tok::sanitize_utf8(answer);
    switch (kind) {
    case ChatFormatKind::Glm1:
        return convert_punctuation(
            replace_all(strip(clean), kTrainingTimePlaceholder, kTrainingTime));
    case ChatFormatKind::Glm2:
        return replace_all(strip(clean), kTrainingTimePlaceholder, kTrainingTime);
    case ChatFormatKind::Glm3:
        return strip_metadata_line(clean, true);
    case ChatFormatKind::Glm4:
        return strip_metadata_line(clean, false);
    case ChatFormatKind::Glm4Think:
        return std::string(strip(clean));
    }
    return clean;
}

} // namespace glm
