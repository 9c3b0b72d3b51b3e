// The reference test vectors of docs/tokenizers.md#reference-vectors (from chatglm.cpp's tests and
// the official tokenizers). They need the real tokenizer files, which are not in this repository:
// each test runs when its environment variable names the file and is skipped otherwise
// (docs/tokenizers.md):
//   GLM_TOKENIZER_GLM1  ChatGLM-6B ice_text.model
//   GLM_TOKENIZER_GLM2  ChatGLM2-6B tokenizer.model
//   GLM_TOKENIZER_GLM3  ChatGLM3-6B tokenizer.model
//   GLM_TOKENIZER_GLM4  GLM-4-9B-Chat tokenizer.model (tiktoken ranks)
#include "glm/chat_format.h"
#include "glm/tokenizer.h"
#include "test_files.h"
#include "tokenizer_reference_vectors.h"
#include "tokenizer_test_util.h"

#include <QtTest>
#include <cstdlib>
#include <nlohmann/json.hpp>

using namespace glm;
using namespace glm::test;
using namespace glm::test::reference;

namespace {

const char* kGlm1Answer = "你好👋！我是人工智能助手 ChatGLM-6B，很高兴见到你，欢迎问我任何问题。";
const char* kGlm2Answer = "你好👋！我是人工智能助手 ChatGLM2-6B，很高兴见到你，欢迎问我任何问题。";
const char* kGlm3Answer = "你好👋！我是人工智能助手 ChatGLM3-6B，很高兴见到你，欢迎问我任何问题。";
const char* kGlm4Answer = "你好👋！很高兴见到你，有什么可以帮助你的吗？";
const char* kQuestion = "晚上睡不着应该怎么办";

// Loads the real tokenizer named by the environment variable, or skips the test.
#define LOAD_OR_SKIP(var, kind)                                                                    \
    const char* path_ = std::getenv(var);                                                          \
    if (!path_ || !*path_)                                                                         \
        QSKIP(var " is not set: point it to the real tokenizer file to check the reference "       \
                  "vectors (docs/tokenizers.md)");                                                 \
    const auto tokenizer = Tokenizer::create(kind, read_file(path_));                              \
    const Tokenizer& t = *tokenizer

void check_encode(const Tokenizer& t, const std::string& text, const std::vector<TokenId>& ids) {
    QCOMPARE(show(t.encode_for_generation(text)), show(ids));
    QCOMPARE(show(t.decode(ids)), show(text));
}

std::vector<TokenId> chat(const Tokenizer& t, ChatFormatKind kind,
                          const std::vector<ChatMessage>& messages,
                          const std::string& system = {}) {
    return ChatFormat::create(kind, t)->build(messages, system).ids;
}

const std::vector<ChatMessage> kThreeMessages(const char* answer) {
    return {{Role::User, "你好"}, {Role::Assistant, answer}, {Role::User, kQuestion}};
}

} // namespace

class TestTokenizerReference : public QObject {
    Q_OBJECT
private slots:
    void glm1() {
        LOAD_OR_SKIP("GLM_TOKENIZER_GLM1", TokenizerKind::Glm1);
        QCOMPARE(t.vocab_size(), 130344);
        QCOMPARE(*t.special_id(SpecialToken::Mask), 130000);
        QCOMPARE(*t.special_id(SpecialToken::GMask), 130001);
        QCOMPARE(*t.special_id(SpecialToken::SMask), 130002);
        QCOMPARE(*t.special_id(SpecialToken::Sop), 130004);
        QCOMPARE(*t.special_id(SpecialToken::Eop), 130005);
        QCOMPARE(*t.special_id(SpecialToken::Pad), 3);
        QCOMPARE(show(t.encode("\n")), show(std::vector<TokenId>{5, 4}));
        check_encode(t, "你好", {5, 74874, 130001, 130004});
        check_encode(t,
                     std::string("[Round 0]\n问：你好\n答：") + kGlm1Answer + "\n[Round 1]\n问：" +
                         kQuestion + "\n答：",
                     kBlockA);
        check_encode(t, "def main():\n    print('hello world')\t# greeting",
                     {1616, 594, 125936, 4, 130011, 2274, 89, 7283, 398, 125686, 130008, 61, 25672,
                      130001, 130004});
        QCOMPARE(show(chat(t, ChatFormatKind::Glm1, kThreeMessages(kGlm1Answer))), show(kBlockA));
        QCOMPARE(show(chat(t, ChatFormatKind::Glm1, {{Role::User, "你好"}})),
                 show(std::vector<TokenId>{5, 74874, 130001, 130004}));
    }

    void glm2() {
        LOAD_OR_SKIP("GLM_TOKENIZER_GLM2", TokenizerKind::Glm2);
        QCOMPARE(t.vocab_size(), 64794);
        QCOMPARE(*t.special_id(SpecialToken::GMask), 64790);
        QCOMPARE(*t.special_id(SpecialToken::Sop), 64792);
        QCOMPARE(*t.special_id(SpecialToken::Eos), 2);
        check_encode(t, "你好", {64790, 64792, 36474, 54591});
        check_encode(t, "[Round 1]\n\n问：你好\n\n答：",
                     {64790, 64792, 790, 30951, 517, 30910, 30939, 30996, 13, 13, 54761, 31211,
                      39701, 13, 13, 55437, 31211});
        check_encode(t, "def main():\n    print('hello world')\t# greeting",
                     {64790, 64792, 884, 1301, 9427, 13, 296, 4466, 2029, 15616, 30914, 993, 3387,
                      12, 31010, 30174});
        check_encode(t,
                     std::string("[Round 1]\n\n问：你好\n\n答：") + kGlm2Answer +
                         "\n\n[Round 2]\n\n问：" + kQuestion + "\n\n答：",
                     kBlockB);
        check_encode(
            t, "# language: Python\n# write a bubble sort function\n",
            {64790, 64792, 31010, 3239, 30954, 16719, 13, 31010, 3072, 260, 17338, 3482, 1674, 13});
        QCOMPARE(show(chat(t, ChatFormatKind::Glm2, kThreeMessages(kGlm2Answer))), show(kBlockB));
        QCOMPARE(show(chat(t, ChatFormatKind::Glm2, {{Role::User, "你好"}})),
                 show(std::vector<TokenId>{64790, 64792, 790, 30951, 517, 30910, 30939, 30996, 13,
                                           13, 54761, 31211, 39701, 13, 13, 55437, 31211}));
    }

    void glm3() {
        LOAD_OR_SKIP("GLM_TOKENIZER_GLM3", TokenizerKind::Glm3);
        QCOMPARE(t.vocab_size(), 64798);
        QCOMPARE(*t.special_id(SpecialToken::System), 64794);
        QCOMPARE(*t.special_id(SpecialToken::Observation), 64797);
        check_encode(t, "你好", {64790, 64792, 36474, 54591}); // the plain encode is GLM2's
        QCOMPARE(show(chat(t, ChatFormatKind::Glm3, {{Role::User, "你好"}})),
                 show(std::vector<TokenId>{64790, 64792, 64795, 30910, 13, 36474, 54591, 64796}));
        QCOMPARE(show(chat(t, ChatFormatKind::Glm3, kThreeMessages(kGlm3Answer))), show(kBlockC));
        QCOMPARE(show(chat(t, ChatFormatKind::Glm3, {{Role::User, "生成一个随机数"}},
                           kFunctionCallSystem)),
                 show(kBlockD));
        QCOMPARE(show(chat(t, ChatFormatKind::Glm3, {{Role::User, "hi"}})), show(kFastChatHi));
        QCOMPARE(
            show(chat(
                t, ChatFormatKind::Glm3,
                {{Role::User, "你好"},
                 {Role::Assistant, "你好👋！我是ChatGLM3，很高兴见到你，欢迎问我任何问题。"},
                 {Role::User, "你是谁"}},
                "You are ChatGLM3, a large language model trained by Zhipu.AI. Follow the user's "
                "instructions carefully. Respond using markdown.")),
            show(kChatGlm3Issue127));
    }

    void glm4() {
        LOAD_OR_SKIP("GLM_TOKENIZER_GLM4", TokenizerKind::Glm4);
        QCOMPARE(t.vocab_size(), 151343);
        QCOMPARE(*t.special_id(SpecialToken::EndOfText), 151329);
        QCOMPARE(*t.special_id(SpecialToken::GMask), 151331);
        QCOMPARE(*t.special_id(SpecialToken::Sop), 151333);
        QCOMPARE(*t.special_id(SpecialToken::User), 151336);
        QCOMPARE(t.token_name(151342), std::string("<|end_of_video|>"));
        QCOMPARE(show(t.encode("\n")), show(std::vector<TokenId>{198}));
        check_encode(t, "你好", {151331, 151333, 109377});
        QCOMPARE(show(chat(t, ChatFormatKind::Glm4, {{Role::User, "你好"}})),
                 show(std::vector<TokenId>{151331, 151333, 151336, 198, 109377, 151337}));
        QCOMPARE(show(chat(t, ChatFormatKind::Glm4, kThreeMessages(kGlm4Answer))),
                 show(std::vector<TokenId>{
                     151331, 151333, 151336, 198,    109377, 151337, 198,    109377, 9281,  239,
                     233,    6313,   118295, 103810, 98406,  3837,   101665, 110368, 99444, 99212,
                     11314,  151336, 198,    101160, 120410, 99379,  103298, 151337}));
        for (const auto& [json, ids] : {std::pair{kE1Json, &kE1}, std::pair{kE2Json, &kE2}}) {
            const std::string text = nlohmann::json::parse(json).get<std::string>();
            QCOMPARE(show(t.encode(text)), show(*ids));
            QCOMPARE(show(t.decode(*ids)), show(text));
        }
    }
};

QTEST_GUILESS_MAIN(TestTokenizerReference)
#include "tst_tokenizer_reference.moc"
