#include "tokenizer_test_util.h"

#include "test_files.h"
#include "tokenizer/utf8.h"

#include <algorithm>
#include <cstdio>

namespace glm::test {

std::vector<uint8_t> glm1_test_model() {
    return read_file(test_data_dir() / "tokenizer" / "glm1_test.model");
}
std::vector<uint8_t> glm2_test_model() {
    return read_file(test_data_dir() / "tokenizer" / "glm2_test.model");
}

std::unique_ptr<Tokenizer> glm1_test_tokenizer() {
    return Tokenizer::create(TokenizerKind::Glm1, glm1_test_model());
}
std::unique_ptr<Tokenizer> glm2_test_tokenizer() {
    return Tokenizer::create(TokenizerKind::Glm2, glm2_test_model());
}
std::unique_ptr<Tokenizer> glm3_test_tokenizer() {
    return Tokenizer::create(TokenizerKind::Glm3, glm2_test_model());
}

std::string to_base64(std::string_view bytes) {
    static const char* alphabet =
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    std::string out;
    size_t i = 0;
    for (; i + 3 <= bytes.size(); i += 3) {
        const uint32_t g = uint32_t(uint8_t(bytes[i])) << 16 |
                           uint32_t(uint8_t(bytes[i + 1])) << 8 | uint8_t(bytes[i + 2]);
        for (int k = 3; k >= 0; --k) out += alphabet[(g >> (6 * k)) & 63];
    }
    if (bytes.size() - i == 1) {
        const uint32_t g = uint32_t(uint8_t(bytes[i])) << 16;
        out += alphabet[(g >> 18) & 63];
        out += alphabet[(g >> 12) & 63];
        out += "==";
    } else if (bytes.size() - i == 2) {
        const uint32_t g = uint32_t(uint8_t(bytes[i])) << 16 | uint32_t(uint8_t(bytes[i + 1])) << 8;
        out += alphabet[(g >> 18) & 63];
        out += alphabet[(g >> 12) & 63];
        out += alphabet[(g >> 6) & 63];
        out += '=';
    }
    return out;
}

const std::vector<std::string>& glm4_test_merges() {
    // Each entry is the concatenation of two earlier tokens (checked by the BPE test).
    static const std::vector<std::string> merges = {
        "  ",       "\n\n",         "he",           "ll",
        "o ",       "wo",           "rl",           "ld",
        "in",       "er",           " w",           "\xE4\xBD",
        "\xE5\xA5", "\xE4\xBD\xA0", "\xE5\xA5\xBD", "\xE4\xBD\xA0\xE5\xA5\xBD",
        "hell",     "hello",        " wo",          "rld",
        " world",   "    ",         "12",           "123",
        "aa",       "aaaa",         "\xF0\x9F",     "\xF0\x9F\x98",
        "'s",       "th",           "the",          " the",
        "ing",      "re",           "\n\n\n",       "   "};
    return merges;
}

std::string glm4_test_rank_file() {
    std::vector<int> order(256);
    for (int i = 0; i < 256; ++i) order[size_t(i)] = i;
    std::mt19937 rng(7);
    std::shuffle(order.begin(), order.end(), rng);
    std::string file;
    int rank = 0;
    for (int b : order)
        file += to_base64(std::string(1, char(b))) + " " + std::to_string(rank++) + "\n";
    for (const auto& m : glm4_test_merges())
        file += to_base64(m) + " " + std::to_string(rank++) + "\n";
    return file;
}

std::unique_ptr<Tokenizer> glm4_test_tokenizer() {
    const std::string file = glm4_test_rank_file();
    return Tokenizer::create(TokenizerKind::Glm4,
                             std::span(reinterpret_cast<const uint8_t*>(file.data()), file.size()));
}

const std::vector<std::string>& round_trip_texts() {
    static const std::vector<std::string> texts = {
        "你好",
        "hello world",
        " leading space",
        "  two leading spaces",
        "trailing space ",
        "trailing spaces   ",
        "a b  c   d    e",
        "\n",
        "\n\nline\n\n\n",
        "\ttab\t\ttabs\t",
        "[Round 0]\n问：你好\n答：你好👋！我是人工智能助手 "
        "ChatGLM-6B，很高兴见到你，欢迎问我任何问题。\n[Round 1]\n问：晚上睡不着应该怎么办\n答：",
        "def main():\n    print('hello world')\t# greeting",
        "int main() {\n    printf(\"hello world\\n\");    // say hello\n}\n",
        "emoji 🚀🦙 😶‍🌫️ ✅ and flags 🇨🇳",
        "鑫龘靐齉 rare characters the test models only know as bytes",
        "mixed 中文 English 123 4567 3.14 and ｆｕｌｌｗｉｄｔｈ",
        "Ünïcödé ñ ß Ω ж",
        "control \x01\x02\x1f\x7f chars and a\rcarriage return",
        std::string("nul \0 inside", 12),
        std::string(85, ' ') + "85 spaces",
        std::string(161, ' ') + "161 spaces" + std::string(81, ' '),
        "I've been 'told he's there, 'RE you sure? 'M not sure I'll make it, 'D you like some tea? "
        "We'Ve a'lL",
        "<not a special> [gMASK-like] <|user-ish|>",
    };
    return texts;
}

std::string random_text(std::mt19937& rng, size_t max_chars) {
    static const std::vector<std::string> alphabet = {
        "a",  "b",  "e",  "h",  "l",  "o", "r", "w", "T",        "1",  "2",           "3",    " ",
        " ",  " ",  "  ", "\n", "\t", "'", "s", ".", ",",        "!",  "?",           "你",   "好",
        "世", "界", "鑫", "，", "。", "👋", "🚀", "é", "\xCC\x81", "ж",  "\r",          "\x01", "(",
        ")",  "{",  "}",  "<",  ">",  "|", "_", "=", "#",        "～", "\xE2\x80\x8D"};
    std::uniform_int_distribution<size_t> len(0, max_chars), pick(0, alphabet.size() - 1);
    std::string s;
    const size_t n = len(rng);
    for (size_t i = 0; i < n; ++i) s += alphabet[pick(rng)];
    return s;
}

bool is_valid_utf8(const std::string& s) {
    return tok::is_valid_utf8(s);
}

std::string show(const std::string& s) {
    std::string out = "\"";
    for (unsigned char c : s) {
        if (c == '\n')
            out += "\\n";
        else if (c == '\t')
            out += "\\t";
        else if (c < 0x20 || c == 0x7f) {
            char hex[8];
            std::snprintf(hex, sizeof hex, "\\x%02x", c);
            out += hex;
        } else
            out += char(c);
    }
    return out + "\"";
}

std::string show(const std::vector<TokenId>& ids) {
    std::string out = "[";
    for (size_t i = 0; i < ids.size(); ++i) out += (i ? ", " : "") + std::to_string(ids[i]);
    return out + "]";
}

} // namespace glm::test
