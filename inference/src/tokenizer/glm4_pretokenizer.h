// GLM-4's pre-tokenizer: the cl100k_base regex, including the \s+(?!\S) look-ahead that RE2-based
// ports get wrong (docs/tokenizers.md#glm4-glm-4-9b-chat), run with PCRE2 in UTF +
// Unicode-property mode.
#pragma once

#include "tokenizer/regex_splitter.h"

#include <string_view>
#include <vector>

namespace glm::tok {

class Glm4Pretokenizer {
public:
    // allow_jit = false forces PCRE2's interpreter (the fallback path; tests compare the two).
    explicit Glm4Pretokenizer(bool allow_jit = true);

    // Appends the chunks of `text` (valid UTF-8; they cover it exactly, in order) to `out`.
    // Safe to call from several threads at once.
    void split(std::string_view text, std::vector<std::string_view>& out) const {
        splitter_.split(text, out);
    }

    static const char* pattern();

private:
    RegexSplitter splitter_;
};

} // namespace glm::tok
