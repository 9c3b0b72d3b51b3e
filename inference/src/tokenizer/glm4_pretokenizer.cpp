#include "tokenizer/glm4_pretokenizer.h"

#include "glm/error.h"

namespace glm::tok {

namespace {

constexpr const char* kPattern =
    R"((?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+)";

RegexSplitter compile(bool allow_jit) {
    try {
        return RegexSplitter(kPattern, RegexSplitter::Syntax::Regex, allow_jit);
    } catch (const Error& e) { // the built-in pattern fails only in a PCRE2 without Unicode
        throw Error(ErrorKind::InvalidArgument,
                    std::string("the GLM4 tokenizer needs PCRE2 with Unicode support: ") +
                        e.what());
    }
}

} // namespace

const char* Glm4Pretokenizer::pattern() {
    return kPattern;
}

Glm4Pretokenizer::Glm4Pretokenizer(bool allow_jit) : splitter_(compile(allow_jit)) {}

} // namespace glm::tok
