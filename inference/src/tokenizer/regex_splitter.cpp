#define PCRE2_CODE_UNIT_WIDTH 8
#include "tokenizer/regex_splitter.h"

#include "glm/error.h"

#include <memory>
#include <pcre2.h>
#include <string>

namespace glm::tok {

namespace {

struct MatchDataDeleter {
    void operator()(pcre2_match_data* m) const { pcre2_match_data_free(m); }
};

std::string pcre2_message(int code) {
    PCRE2_UCHAR buffer[256];
    if (pcre2_get_error_message(code, buffer, sizeof buffer) < 0)
        return "error " + std::to_string(code);
    return reinterpret_cast<const char*>(buffer);
}

} // namespace

RegexSplitter::RegexSplitter(std::string_view pattern, Syntax syntax, bool allow_jit) {
    int error = 0;
    PCRE2_SIZE offset = 0;
    // PCRE2 allows no Unicode-property option with a literal (which needs none).
    const uint32_t options = PCRE2_UTF | (syntax == Syntax::Literal ? PCRE2_LITERAL : PCRE2_UCP);
    code_ = pcre2_compile(reinterpret_cast<PCRE2_SPTR>(pattern.data()), pattern.size(), options,
                          &error, &offset, nullptr);
    if (!code_)
        throw Error(ErrorKind::InvalidFile, "the pre-tokenizer pattern is not a regular expression "
                                            "PCRE2 accepts (at offset " +
                                                std::to_string(offset) + ": " +
                                                pcre2_message(error) + ")");
    // JIT is much faster; where it is unavailable the interpreter gives the same matches.
    jit_ = allow_jit && pcre2_jit_compile(code_, PCRE2_JIT_COMPLETE) == 0;
}

RegexSplitter::~RegexSplitter() {
    pcre2_code_free(code_);
}

void RegexSplitter::split(std::string_view text, std::vector<std::string_view>& out) const {
    std::unique_ptr<pcre2_match_data, MatchDataDeleter> match(
        pcre2_match_data_create_from_pattern(code_, nullptr));
    if (!match) throw std::bad_alloc();
    const auto subject = reinterpret_cast<PCRE2_SPTR>(text.data());
    // The text was checked (sanitize_utf8), so PCRE2 need not check it again on every call. Empty
    // matches are not chunks (a pattern that can match nothing must not loop or emit them).
    const uint32_t options = PCRE2_NO_UTF_CHECK | PCRE2_NOTEMPTY;
    size_t pos = 0;
    while (pos < text.size()) {
        int rc =
            jit_ ? pcre2_jit_match(code_, subject, text.size(), pos, options, match.get(), nullptr)
                 : PCRE2_ERROR_JIT_STACKLIMIT;
        // The interpreter keeps its backtracking state on the heap: the fallback when JIT is
        // unavailable or its fixed stack is not enough.
        if (rc == PCRE2_ERROR_JIT_STACKLIMIT)
            rc = pcre2_match(code_, subject, text.size(), pos, options, match.get(), nullptr);
        if (rc == PCRE2_ERROR_NOMATCH) { // the rest is text between matches
            out.push_back(text.substr(pos));
            return;
        }
        if (rc < 0)
            throw Error(ErrorKind::InvalidArgument,
                        "the text could not be split into tokens (" + pcre2_message(rc) + ")");
        const PCRE2_SIZE* ov = pcre2_get_ovector_pointer(match.get());
        const size_t begin = ov[0], end = ov[1];
        if (begin > pos) out.push_back(text.substr(pos, begin - pos));
        if (end <= begin) { // defensive: PCRE2_NOTEMPTY rules this out
            out.push_back(text.substr(begin));
            return;
        }
        out.push_back(text.substr(begin, end - begin));
        pos = end;
    }
}

} // namespace glm::tok
