// Splits text into the chunks a regular expression matches, with PCRE2 in UTF + Unicode-property
// mode: the pre-tokenizer step of byte-level BPE (GLM-4's built-in pattern, or the Split pattern
// of a tokenizer.json).
#pragma once

#include <string_view>
#include <vector>

struct pcre2_real_code_8;

namespace glm::tok {

class RegexSplitter {
public:
    enum class Syntax { Regex, Literal };
    // Throws glm::Error(InvalidFile) naming the offset and PCRE2's reason when the pattern is not
    // a valid expression (or PCRE2 lacks Unicode support). allow_jit = false forces PCRE2's
    // interpreter (the fallback path; tests compare the two).
    RegexSplitter(std::string_view pattern, Syntax syntax, bool allow_jit = true);
    ~RegexSplitter();
    RegexSplitter(const RegexSplitter&) = delete;
    RegexSplitter& operator=(const RegexSplitter&) = delete;

    // Appends the chunks of `text` (valid UTF-8) to `out`: every non-empty match, and the text
    // between matches as chunks of its own (tokenizers' "Isolated" behaviour), so the chunks cover
    // the text exactly, in order. Throws glm::Error(InvalidArgument) when PCRE2 gives up (its match
    // or heap limit, which only a pathological pattern reaches). Safe to call from several threads.
    void split(std::string_view text, std::vector<std::string_view>& out) const;

private:
    pcre2_real_code_8* code_ = nullptr;
    bool jit_ = false;
};

} // namespace glm::tok
