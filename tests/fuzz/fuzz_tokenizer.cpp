// libFuzzer target for the tokenizer code that reads untrusted input: the tiktoken rank-file parser
// (a GLM4 tokenizer embedded in a downloaded model file) and encode/decode/streaming on arbitrary
// text and ids. The first byte picks the mode:
//   0  the rest is a rank file: parse it; if it loads, encode/decode a fixed text and check the
//      round trip
//   1  the rest is text: GLM4 encode with a built-in rank table; valid UTF-8 must round-trip, any
//      input must give valid UTF-8 back; streaming the ids must equal decode
//   2  the rest is text: GLM1 pre-processing and its inverse, UTF-8 sanitizing
//   3  the rest is token ids (2 bytes each) for the built-in GLM4 table: streaming == decode,
//      output valid UTF-8, split at any point
#include "glm/error.h"
#include "glm/tokenizer.h"
#include "tokenizer/glm1_text.h"
#include "tokenizer/utf8.h"

#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <string>
#include <vector>

namespace {

void check(bool ok, const char* what) {
    if (!ok) {
        std::fprintf(stderr, "fuzz_tokenizer: %s\n", what);
        std::abort();
    }
}

std::string base64(const std::string& bytes) {
    static const char* a = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    std::string out;
    size_t i = 0;
    for (; i + 3 <= bytes.size(); i += 3) {
        const uint32_t g = uint32_t(uint8_t(bytes[i])) << 16 |
                           uint32_t(uint8_t(bytes[i + 1])) << 8 | uint8_t(bytes[i + 2]);
        for (int k = 3; k >= 0; --k) out += a[(g >> (6 * k)) & 63];
    }
    const size_t rest = bytes.size() - i;
    if (rest > 0) {
        uint32_t g = uint32_t(uint8_t(bytes[i])) << 16;
        if (rest == 2) g |= uint32_t(uint8_t(bytes[i + 1])) << 8;
        out += a[(g >> 18) & 63];
        out += a[(g >> 12) & 63];
        out += rest == 2 ? a[(g >> 6) & 63] : '=';
        out += '=';
    }
    return out;
}

// 256 bytes and some merges, built once.
const glm::Tokenizer& glm4() {
    static const std::unique_ptr<glm::Tokenizer> t = [] {
        std::string file;
        int rank = 0;
        for (int b = 255; b >= 0; --b)
            file += base64(std::string(1, char(b))) + " " + std::to_string(rank++) + "\n";
        for (const char* m :
             {"  ",   "\n\n", "he",     "ll",       "hell",         "hello",    " w", "or",
              " wor", "ld",   " world", "\xE4\xBD", "\xE4\xBD\xA0", "\xF0\x9F", "12", "123",
              "aa",   "aaaa", "    ",   "'s"})
            file += base64(m) + " " + std::to_string(rank++) + "\n";
        return glm::Tokenizer::create(
            glm::TokenizerKind::Glm4,
            std::span(reinterpret_cast<const uint8_t*>(file.data()), file.size()));
    }();
    return *t;
}

void stream_equals_decode(const glm::Tokenizer& t, const std::vector<glm::TokenId>& ids) {
    for (auto mode : {glm::SpecialTokens::Skip, glm::SpecialTokens::Render}) {
        glm::StreamingDetokenizer detok(t, mode);
        std::string streamed;
        for (glm::TokenId id : ids) {
            const std::string piece = detok.push(id);
            check(glm::tok::is_valid_utf8(piece), "a streamed piece is not valid UTF-8");
            streamed += piece;
        }
        streamed += detok.finish();
        check(streamed == t.decode(ids, mode), "streamed text differs from decode()");
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    if (size == 0) return 0;
    const uint8_t mode = data[0] % 4;
    const std::string rest(reinterpret_cast<const char*>(data + 1), size - 1);
    switch (mode) {
    case 0: {
        std::unique_ptr<glm::Tokenizer> t;
        try {
            t = glm::Tokenizer::create(
                glm::TokenizerKind::Glm4,
                std::span(reinterpret_cast<const uint8_t*>(rest.data()), rest.size()));
        } catch (const glm::Error& e) {
            check(e.kind() == glm::ErrorKind::InvalidFile,
                  "a bad rank file gave an error other than InvalidFile");
            return 0;
        }
        const std::string text = "hello world 你好 🚀\n\n  x";
        check(t->decode(t->encode(text)) == text, "round trip failed with a parsed rank file");
        break;
    }
    case 1: {
        const auto ids = glm4().encode(rest);
        const std::string back = glm4().decode(ids);
        check(glm::tok::is_valid_utf8(back), "decode gave invalid UTF-8");
        check(back == glm::tok::sanitize_utf8(rest),
              "decode(encode(text)) != text (after U+FFFD replacement)");
        stream_equals_decode(glm4(), ids);
        break;
    }
    case 2: {
        const std::string clean = glm::tok::sanitize_utf8(rest);
        check(glm::tok::is_valid_utf8(clean), "sanitize_utf8 left invalid UTF-8");
        check(glm::tok::is_valid_utf8(rest) == (clean == rest), "sanitize_utf8 changed valid text");
        const std::string pre = glm::tok::glm1_preprocess(clean);
        check(pre.find('\n') == std::string::npos && pre.find('\t') == std::string::npos &&
                  pre.find("  ") == std::string::npos,
              "GLM1 pre-processing left a newline, tab or space run");
        const bool has_marker =
            clean.find("<n>") != std::string::npos || clean.find("<|") != std::string::npos;
        if (!has_marker)
            check(glm::tok::glm1_restore_whitespace(pre) == clean,
                  "GLM1 pre-processing is not inverted");
        break;
    }
    case 3: {
        std::vector<glm::TokenId> ids;
        const auto vocab = uint32_t(glm4().vocab_size());
        for (size_t i = 0; i + 1 < rest.size(); i += 2)
            ids.push_back(
                glm::TokenId((uint8_t(rest[i]) | uint32_t(uint8_t(rest[i + 1])) << 8) % vocab));
        stream_equals_decode(glm4(), ids);
        break;
    }
    }
    return 0;
}
