#define PCRE2_CODE_UNIT_WIDTH 8
#include "tokenizer/glm4_pretokenizer.h"

#include "glm/error.h"

#include <memory>
#include <pcre2.h>
#include <string>

namespace glm::tok {

namespace {

constexpr const char* kPattern =
    R"((?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+)";

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

const char* Glm4Pretokenizer::pattern() {
    return kPattern;
}

Glm4Pretokenizer::Glm4Pretokenizer(bool allow_jit) {
    int error = 0;
    PCRE2_SIZE offset = 0;
    code_ = pcre2_compile(reinterpret_cast<PCRE2_SPTR>(kPattern), PCRE2_ZERO_TERMINATED,
                          PCRE2_UTF | PCRE2_UCP, &error, &offset, nullptr);
    if (!code_) // a build of PCRE2 without Unicode support
        throw Error(ErrorKind::InvalidArgument,
                    "the GLM4 tokenizer needs PCRE2 with Unicode support: " + pcre2_message(error));
    // JIT is much faster; where it is unavailable the interpreter gives the same matches.
    jit_ = allow_jit && pcre2_jit_compile(code_, PCRE2_JIT_COMPLETE) == 0;
}

Glm4Pretokenizer::~Glm4Pretokenizer() {
    pcre2_code_free(code_);
}

void Glm4Pretokenizer::split(std::string_view text, std::vector<std::string_view>& out) const {
    std::unique_ptr<pcre2_match_data, MatchDataDeleter> match(
        pcre2_match_data_create_from_pattern(code_, nullptr));
    if (!match) throw std::bad_alloc();
    const auto subject = reinterpret_cast<PCRE2_SPTR>(text.data());
    size_t pos = 0;
    while (pos < text.size()) {
        // The text was checked (sanitize_utf8), so PCRE2 need not check it again on every call.
        int rc = jit_ ? pcre2_jit_match(code_, subject, text.size(), pos, PCRE2_NO_UTF_CHECK,
                                        match.get(), nullptr)
                      : PCRE2_ERROR_JIT_STACKLIMIT;
        // The interpreter keeps its backtracking state on the heap: the fallback when JIT is
        // unavailable or its fixed stack is not enough.
        if (rc == PCRE2_ERROR_JIT_STACKLIMIT)
            rc = pcre2_match(code_, subject, text.size(), pos, PCRE2_NO_UTF_CHECK, match.get(),
                             nullptr);
        if (rc == PCRE2_ERROR_NOMATCH) { // cannot happen: every character matches some branch
            out.push_back(text.substr(pos));
            return;
        }
        if (rc < 0)
            throw Error(ErrorKind::InvalidArgument,
                        "the text could not be split into GLM4 tokens (" + pcre2_message(rc) + ")");
        const PCRE2_SIZE* ov = pcre2_get_ovector_pointer(match.get());
        const size_t begin = ov[0], end = ov[1];
        if (begin > pos) out.push_back(text.substr(pos, begin - pos)); // defensive: keep every byte
        if (end <= begin) { // defensive: an empty match would loop forever
            out.push_back(text.substr(begin));
            return;
        }
        out.push_back(text.substr(begin, end - begin));
        pos = end;
    }
}

} // namespace glm::tok
