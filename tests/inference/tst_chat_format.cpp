// Chat prompt layouts of each generation, token by token against the structure in
// docs/tokenizers.md#chat-formats,
// fitting history into a budget, stop ids and the answer post-processing.
#include "glm/chat_format.h"
#include "glm/error.h"
#include "tokenizer_test_util.h"

#include <QtTest>

using namespace glm;
using namespace glm::test;

namespace {

std::vector<TokenId> cat(std::initializer_list<std::vector<TokenId>> parts) {
    std::vector<TokenId> out;
    for (const auto& p : parts) out.insert(out.end(), p.begin(), p.end());
    return out;
}

std::vector<ChatMessage> conversation(int rounds,
                                      const std::string& question = "晚上睡不着应该怎么办") {
    std::vector<ChatMessage> m;
    for (int i = 0; i < rounds; ++i) {
        m.push_back({Role::User, "问题 " + std::to_string(i) + "：你好吗？"});
        m.push_back({Role::Assistant,
                     "回答 " + std::to_string(i) + "：我很好，谢谢！ I am fine, thank you."});
    }
    m.push_back({Role::User, question});
    return m;
}

ErrorKind error_kind_of(const std::function<void()>& f) {
    try {
        f();
    } catch (const Error& e) {
        return e.kind();
    }
    return ErrorKind::Cancelled; // "no error"
}

} // namespace

class TestChatFormat : public QObject {
    Q_OBJECT
    std::unique_ptr<Tokenizer> glm1_, glm2_, glm3_, glm4_;

    TokenId id(const Tokenizer& t, SpecialToken s) { return *t.special_id(s); }

private slots:
    void initTestCase() {
        glm1_ = glm1_test_tokenizer();
        glm2_ = glm2_test_tokenizer();
        glm3_ = glm3_test_tokenizer();
        glm4_ = glm4_test_tokenizer();
    }

    void names() {
        QCOMPARE(parse_chat_format("glm3"), std::optional(ChatFormatKind::Glm3));
        QVERIFY(!parse_chat_format("chatml"));
        QCOMPARE(std::string(to_string(ChatFormatKind::Glm4)), std::string("glm4"));
        QCOMPARE(parse_tokenizer_kind("glm1"), std::optional(TokenizerKind::Glm1));
        QVERIFY(!parse_tokenizer_kind("GLM1"));
        QCOMPARE(default_chat_format(TokenizerKind::Glm3), ChatFormatKind::Glm3);
    }

    void glm1WithoutHistoryIsTheBareMessage() {
        const auto f = ChatFormat::create(ChatFormatKind::Glm1, *glm1_);
        const std::vector<ChatMessage> m = {{Role::User, "你好"}};
        const ChatPrompt p = f->build(m);
        QCOMPARE(show(p.ids), show(glm1_->encode_for_generation("你好")));
        QCOMPARE(p.dropped_rounds, size_t(0));
        QCOMPARE(p.kept_rounds, size_t(0));
        QCOMPARE(show(f->stop_ids()), show(std::vector<TokenId>{id(*glm1_, SpecialToken::Eop)}));
    }

    void glm1RoundsCountFromZero() {
        const auto f = ChatFormat::create(ChatFormatKind::Glm1, *glm1_);
        const std::vector<ChatMessage> m = {
            {Role::User, "你好"},
            {Role::Assistant,
             "你好👋！我是人工智能助手 ChatGLM-6B，很高兴见到你，欢迎问我任何问题。"},
            {Role::User, "晚上睡不着应该怎么办"}};
        const std::string text = "[Round 0]\n问：你好\n答：你好👋！我是人工智能助手 "
                                 "ChatGLM-6B，很高兴见到你，欢迎问我任何问题。\n"
                                 "[Round 1]\n问：晚上睡不着应该怎么办\n答：";
        const ChatPrompt p = f->build(m, "a system prompt GLM1 cannot use");
        QCOMPARE(show(p.ids), show(glm1_->encode_for_generation(text)));
        QCOMPARE(p.kept_rounds, size_t(1));
        QVERIFY(!p.system_prompt_used);
        // the layout ends with <n> "答：" [gMASK] <sop>
        QCOMPARE(p.ids[p.ids.size() - 2], id(*glm1_, SpecialToken::GMask));
        QCOMPARE(p.ids.back(), id(*glm1_, SpecialToken::Sop));
    }

    void glm2RoundsCountFromOneAndAlwaysWrap() {
        const auto f = ChatFormat::create(ChatFormatKind::Glm2, *glm2_);
        QCOMPARE(show(f->build(std::vector<ChatMessage>{{Role::User, "你好"}}).ids),
                 show(glm2_->encode_for_generation("[Round 1]\n\n问：你好\n\n答：")));
        const ChatPrompt p = f->build(conversation(2, "晚上睡不着应该怎么办"), "ignored");
        const std::string text = "[Round 1]\n\n问：问题 0：你好吗？\n\n答：回答 0：我很好，谢谢！ "
                                 "I am fine, thank you.\n\n"
                                 "[Round 2]\n\n问：问题 1：你好吗？\n\n答：回答 1：我很好，谢谢！ "
                                 "I am fine, thank you.\n\n"
                                 "[Round 3]\n\n问：晚上睡不着应该怎么办\n\n答：";
        QCOMPARE(show(p.ids), show(glm2_->encode_for_generation(text)));
        QCOMPARE(p.ids[0], id(*glm2_, SpecialToken::GMask));
        QCOMPARE(p.ids[1], id(*glm2_, SpecialToken::Sop));
        QVERIFY(!p.system_prompt_used);
        QCOMPARE(show(f->stop_ids()), show(std::vector<TokenId>{2}));
    }

    void glm12JoinAnswersAndFillMissingOnes() {
        const auto f = ChatFormat::create(ChatFormatKind::Glm2, *glm2_);
        const std::vector<ChatMessage> m = {{Role::Assistant, "欢迎！"}, {Role::User, "a"},
                                            {Role::Assistant, "b"},      {Role::Assistant, "c"},
                                            {Role::User, "d"},           {Role::User, "e"}};
        const std::string text =
            "[Round 1]\n\n问：\n\n答：欢迎！\n\n[Round 2]\n\n问：a\n\n答：b\nc\n\n"
            "[Round 3]\n\n问：d\n\n答：\n\n[Round 4]\n\n问：e\n\n答：";
        QCOMPARE(show(f->build(m).ids), show(glm2_->encode_for_generation(text)));
    }

    void glm3RoleTokensAreIdsAndSegmentsAreEncodedSeparately() {
        const auto f = ChatFormat::create(ChatFormatKind::Glm3, *glm3_);
        const Tokenizer& t = *glm3_;
        const TokenId gmask = id(t, SpecialToken::GMask), sop = id(t, SpecialToken::Sop),
                      sys = id(t, SpecialToken::System), user = id(t, SpecialToken::User),
                      assistant = id(t, SpecialToken::Assistant),
                      obs = id(t, SpecialToken::Observation);
        const auto nl = t.encode("\n");
        QCOMPARE(nl.size(), size_t(2)); // "▁" <0x0A>, as 30910 13 in the real file
        QCOMPARE(nl[1], 13);

        QCOMPARE(show(f->build(std::vector<ChatMessage>{{Role::User, "你好"}}).ids),
                 show(cat({{gmask, sop, user}, nl, t.encode("你好"), {assistant}})));

        const std::vector<ChatMessage> m = {
            {Role::User, "你好"},
            {Role::Assistant,
             "你好👋！我是人工智能助手 ChatGLM3-6B，很高兴见到你，欢迎问我任何问题。"},
            {Role::User, "晚上睡不着应该怎么办"}};
        const ChatPrompt p = f->build(m, "You are ChatGLM3.");
        QVERIFY(p.system_prompt_used);
        QCOMPARE(show(p.ids), show(cat({{gmask, sop, sys},
                                        nl,
                                        t.encode("You are ChatGLM3."),
                                        {user},
                                        nl,
                                        t.encode("你好"),
                                        {assistant},
                                        nl,
                                        t.encode(m[1].content),
                                        {user},
                                        nl,
                                        t.encode("晚上睡不着应该怎么办"),
                                        {assistant}})));

        // A tool call (metadata after the role token) and its result (observation).
        const std::vector<ChatMessage> tools = {
            {Role::User, "生成一个随机数"},
            {Role::Assistant, "```python\ntool_call(seed=42)\n```", "random_number_generator"},
            {Role::Observation, "{\"random_number\": 7}"}};
        QCOMPARE(show(f->build(tools).ids), show(cat({{gmask, sop, user},
                                                      nl,
                                                      t.encode("生成一个随机数"),
                                                      {assistant},
                                                      t.encode("random_number_generator\n"),
                                                      t.encode(tools[1].content),
                                                      {obs},
                                                      nl,
                                                      t.encode(tools[2].content),
                                                      {assistant}})));
        QCOMPARE(show(f->stop_ids()), show(std::vector<TokenId>{2, user, obs}));
    }

    // GLM-Z1: GLM4's turns, the prompt opening the thinking; the reply starts inside it.
    void glm4ThinkOpensTheThinking() {
        const auto plain = ChatFormat::create(ChatFormatKind::Glm4, *glm4_);
        const auto think = ChatFormat::create(ChatFormatKind::Glm4Think, *glm4_);
        QVERIFY(!plain->reply_starts_in_thinking());
        QVERIFY(think->reply_starts_in_thinking());
        QVERIFY(think->has_system_prompt());
        QCOMPARE(parse_chat_format("glm4-think"), std::optional(ChatFormatKind::Glm4Think));
        const std::vector<ChatMessage> m = {
            {Role::User, "hi"}, {Role::Assistant, "hello"}, {Role::User, "1+1?"}};
        QCOMPARE(show(think->build(m, "sys").ids),
                 show(cat({plain->build(m, "sys").ids, glm4_->encode("\n<think>")})));
        QCOMPARE(think->stop_ids(), plain->stop_ids());
        // Its first line is thinking, not a metadata line to drop.
        QCOMPARE(postprocess_response(ChatFormatKind::Glm4Think, "Let me add.\n</think>\n2 "),
                 std::string("Let me add.\n</think>\n2"));
    }

    void glm4LayoutSkipsEmptyMessages() {
        const auto f = ChatFormat::create(ChatFormatKind::Glm4, *glm4_);
        const Tokenizer& t = *glm4_;
        const TokenId gmask = id(t, SpecialToken::GMask), sop = id(t, SpecialToken::Sop),
                      sys = id(t, SpecialToken::System), user = id(t, SpecialToken::User),
                      assistant = id(t, SpecialToken::Assistant),
                      obs = id(t, SpecialToken::Observation), eot = id(t, SpecialToken::EndOfText);
        const auto nl = t.encode("\n");
        QCOMPARE(nl.size(), size_t(1)); // 198 in the real file
        QCOMPARE(show(f->build(std::vector<ChatMessage>{{Role::User, "你好"}}).ids),
                 show(cat({{gmask, sop, user}, nl, t.encode("你好"), {assistant}})));
        const std::vector<ChatMessage> m = {
            {Role::User, "hello"}, {Role::Assistant, ""}, {Role::User, "world"}};
        QCOMPARE(show(f->build(m, "sys").ids), show(cat({{gmask, sop, sys},
                                                         nl,
                                                         t.encode("sys"),
                                                         {user},
                                                         nl,
                                                         t.encode("hello"),
                                                         {user},
                                                         nl,
                                                         t.encode("world"),
                                                         {assistant}})));
        QCOMPARE(show(f->stop_ids()), show(std::vector<TokenId>{eot, user, obs}));
    }

    void historyIsDroppedOldestFirstToFitTheBudget_data() {
        QTest::addColumn<int>("format");
        QTest::newRow("glm1") << int(ChatFormatKind::Glm1);
        QTest::newRow("glm2") << int(ChatFormatKind::Glm2);
        QTest::newRow("glm3") << int(ChatFormatKind::Glm3);
        QTest::newRow("glm4") << int(ChatFormatKind::Glm4);
    }
    void historyIsDroppedOldestFirstToFitTheBudget() {
        QFETCH(int, format);
        const auto kind = ChatFormatKind(format);
        const Tokenizer& t = kind == ChatFormatKind::Glm1   ? *glm1_
                             : kind == ChatFormatKind::Glm2 ? *glm2_
                             : kind == ChatFormatKind::Glm3 ? *glm3_
                                                            : *glm4_;
        const auto f = ChatFormat::create(kind, t);
        const auto full = conversation(12);
        const std::string system = "You are a helpful assistant.";
        const size_t all = f->build(full, system).ids.size();
        const auto last_only = std::vector<ChatMessage>{full.back()};
        const size_t minimum = f->build(last_only, system).ids.size();
        for (size_t budget = minimum; budget <= all + 1; budget += 3) {
            const ChatPrompt p = f->build(full, system, budget);
            QVERIFY(p.ids.size() <= budget);
            QCOMPARE(p.kept_rounds + p.dropped_rounds, size_t(12));
            // The prompt is exactly the newest kept rounds, whole...
            const std::vector<ChatMessage> kept(full.end() - long(2 * p.kept_rounds + 1),
                                                full.end());
            QCOMPARE(show(p.ids), show(f->build(kept, system).ids));
            // ...and one more round would not have fitted.
            if (p.dropped_rounds > 0) {
                const std::vector<ChatMessage> more(full.end() - long(2 * p.kept_rounds + 3),
                                                    full.end());
                QVERIFY(f->build(more, system).ids.size() > budget);
            }
        }
        QCOMPARE(f->build(full, system, all).dropped_rounds, size_t(0));
    }

    void aMessageThatCannotFitIsAnError() {
        const auto f = ChatFormat::create(ChatFormatKind::Glm3, *glm3_);
        const std::vector<ChatMessage> m = {{Role::User, std::string(3000, 'x')}};
        try {
            f->build(m, "system", 100);
            QFAIL("a prompt over the budget was accepted");
        } catch (const Error& e) {
            QCOMPARE(e.kind(), ErrorKind::ContextOverflow);
            const std::string what = e.what();
            QVERIFY2(what.find("only 100 fit") != std::string::npos, e.what());
            QVERIFY2(what.find("system prompt") != std::string::npos, e.what());
        }
        QCOMPARE(error_kind_of([&] { f->build(m, {}, 0); }), ErrorKind::ContextOverflow);
    }

    void badConversationsAreRejected() {
        const auto f2 = ChatFormat::create(ChatFormatKind::Glm2, *glm2_);
        const auto f3 = ChatFormat::create(ChatFormatKind::Glm3, *glm3_);
        QCOMPARE(error_kind_of([&] { f2->build(std::vector<ChatMessage>{}); }),
                 ErrorKind::InvalidArgument);
        const std::vector<ChatMessage> ends_with_answer = {{Role::User, "a"},
                                                           {Role::Assistant, "b"}};
        QCOMPARE(error_kind_of([&] { f2->build(ends_with_answer); }), ErrorKind::InvalidArgument);
        QCOMPARE(error_kind_of([&] { f3->build(ends_with_answer); }), ErrorKind::InvalidArgument);
        const std::vector<ChatMessage> tool_result = {{Role::User, "a"}, {Role::Observation, "b"}};
        QCOMPARE(error_kind_of([&] { f2->build(tool_result); }), ErrorKind::InvalidArgument);
        QCOMPARE(error_kind_of([&] { f3->build(tool_result); }),
                 ErrorKind::Cancelled); // fine for GLM3
    }

    void formatsNeedTheirTokenizer() {
        QCOMPARE(error_kind_of([&] { ChatFormat::create(ChatFormatKind::Glm3, *glm2_); }),
                 ErrorKind::InvalidFile);
        QCOMPARE(error_kind_of([&] { ChatFormat::create(ChatFormatKind::Glm1, *glm2_); }),
                 ErrorKind::InvalidFile);
        QCOMPARE(error_kind_of([&] { ChatFormat::create(ChatFormatKind::Glm4, *glm3_); }),
                 ErrorKind::InvalidFile);
        QCOMPARE(error_kind_of([&] { ChatFormat::create(ChatFormatKind::Glm2, *glm3_); }),
                 ErrorKind::Cancelled);
        // The error names the token that is missing (the check runs when a model is opened).
        try {
            ChatFormat::create(ChatFormatKind::Glm3, *glm2_);
            QFAIL("expected an error");
        } catch (const Error& e) {
            QVERIFY2(QString(e.what()).contains("glm3") && QString(e.what()).contains("<|system|>"),
                     e.what());
        }
    }

    void promptTextWithControlCharactersAndBadUtf8IsFine() {
        const auto f = ChatFormat::create(ChatFormatKind::Glm4, *glm4_);
        const std::vector<ChatMessage> m = {{Role::User, std::string("a\0b\x01\xFF\r\n", 7)}};
        const ChatPrompt p = f->build(m);
        QVERIFY(p.ids.size() > 4);
        QCOMPARE(glm4_->decode(p.ids), std::string("\na\0b\x01\xEF\xBF\xBD\r\n", 10));
    }

    void glm1Postprocessing() {
        auto pp = [](const char* s) { return postprocess_response(ChatFormatKind::Glm1, s); };
        QCOMPARE(pp("  你好,世界!  \n"), std::string("你好，世界！"));
        QCOMPARE(pp("Hello, world! a:b; c?"), std::string("Hello, world! a:b; c?"));
        QCOMPARE(pp("我是在[[训练时间]]训练的"), std::string("我是在2023年训练的"));
        QCOMPARE(pp("中,,"), std::string("中，,"));
        QCOMPARE(pp(",,中"), std::string(",，中"));
        QCOMPARE(pp("abc:中;x?好"), std::string("abc：中；x？好"));
        QCOMPARE(pp("\xE3\x80\x80全角空格\xE3\x80\x80"),
                 std::string("全角空格"));           // U+3000 is white space
        QCOMPARE(pp("ok 👋!"), std::string("ok 👋!")); // not CJK
        QCOMPARE(pp("bad \xFF"), std::string("bad \xEF\xBF\xBD"));
    }

    void otherPostprocessing() {
        QCOMPARE(postprocess_response(ChatFormatKind::Glm2, " 你好,[[训练时间]] "),
                 std::string("你好,2023年"));
        QCOMPARE(postprocess_response(ChatFormatKind::Glm3, "\n 你好[[训练时间]] "),
                 std::string("你好2023年"));
        QCOMPARE(postprocess_response(ChatFormatKind::Glm3, "plain answer"),
                 std::string("plain answer"));
        const std::string call = "get_weather\n```python\ntool_call(city_name='北京')\n```";
        QCOMPARE(postprocess_response(ChatFormatKind::Glm3, call), call);
        QCOMPARE(postprocess_response(ChatFormatKind::Glm4, "\n你好[[训练时间]]\n"),
                 std::string("你好[[训练时间]]"));
        const auto f = ChatFormat::create(ChatFormatKind::Glm1, *glm1_);
        QCOMPARE(f->postprocess("中,"), std::string("中，"));
    }
};

QTEST_GUILESS_MAIN(TestChatFormat)
#include "tst_chat_format.moc"
