#include "tokenizer/glm1_text.h"

namespace glm::tok {

std::string glm1_blank_piece(int k) {
    return "<|blank_" + std::to_string(k) + "|>";
}

std::string glm1_preprocess(std::string_view text) {
    std::string out;
    out.reserve(text.size() + text.size() / 4);
    size_t pos = 0;
    while (pos < text.size()) {
        const char c = text[pos];
        if (c == '\n') {
            out += "<n>";
            ++pos;
        } else if (c == '\t') {
            out += "<|tab|>";
            ++pos;
        } else if (c == ' ') {
            size_t run = 0;
            while (pos + run < text.size() && text[pos + run] == ' ') ++run;
            pos += run;
            for (; run >= size_t(kGlm1MaxBlank); run -= size_t(kGlm1MaxBlank))
                out += glm1_blank_piece(kGlm1MaxBlank);
            if (run >= 2)
                out += glm1_blank_piece(int(run));
            else if (run == 1)
                out += ' ';
        } else {
            out += c;
            ++pos;
        }
    }
    return out;
}

std::string glm1_restore_whitespace(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    size_t pos = 0;
    while (pos < text.size()) {
        if (text[pos] == '<') {
            const std::string_view rest = text.substr(pos);
            if (rest.starts_with("<n>")) {
                out += '\n';
                pos += 3;
                continue;
            }
            if (rest.starts_with("<|tab|>")) {
                out += '\t';
                pos += 7;
                continue;
            }
            if (rest.starts_with("<|blank_")) {
                // <|blank_k|> with k = 2..80 written without leading zeros
                size_t digits = 0;
                int k = 0;
                while (digits < 3 && 8 + digits < rest.size() && rest[8 + digits] >= '0' &&
                       rest[8 + digits] <= '9') {
                    k = k * 10 + (rest[8 + digits] - '0');
                    ++digits;
                }
                const bool canonical = digits > 0 && rest[8] != '0';
                if (canonical && k >= 2 && k <= kGlm1MaxBlank &&
                    rest.substr(8 + digits).starts_with("|>")) {
                    out.append(size_t(k), ' ');
                    pos += 8 + digits + 2;
                    continue;
                }
            }
        }
        out += text[pos++];
    }
    return out;
}

} // namespace glm::tok
