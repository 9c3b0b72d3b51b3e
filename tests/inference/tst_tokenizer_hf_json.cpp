// GLM-4's vocabulary as a Hugging Face tokenizer.json: a file written here in the real format (the
// byte-level alphabet, merges as transformers' TikTokenConverter lists them, the GLM-4 split regex,
// the 14 special tokens as added tokens) from the same rank file as the tiktoken test tokenizer;
// both must give the same ids and text. Then the tokenizers rules the tiktoken format has no
// counterpart for (merge order, ignore_merges, added tokens) and every way the file can be broken.
#include "formats/gguf_writer.h"
#include "glm/architecture.h"
#include "glm/error.h"
#include "glm/tokenizer.h"
#include "golden_models.h"
#include "models/model_config.h"
#include "tokenizer/factories.h"
#include "tokenizer/tiktoken_ranks.h"
#include "tokenizer_json_builder.h"
#include "tokenizer_test_util.h"

#include <QtTest>
#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <functional>
#include <map>
#include <nlohmann/json.hpp>
#include <random>

using namespace glm;
using namespace glm::test;
using nlohmann::json;

namespace {

std::unique_ptr<Tokenizer> create(const json& file) {
    return Tokenizer::create(TokenizerKind::Glm4, bytes_of(file.dump()));
}

// The texts both tokenizers must agree on.
std::vector<std::string> shared_texts() {
    std::vector<std::string> texts = {
        "Hello world, hello WORLD! I'm here, they'll see.",
        "你好，世界。我是人工智能助手。",
        "mixed 中文 and English 混合 text 123",
        "emoji 🚀🦙 😶‍🌫️ 👋 ✅ 🇨🇳",
        "digits 1 12 123 1234 1234567 3.14159 00000000",
        "spaces    between     words      and tabs\t\t\tend   ",
        "newlines\n\n\nand\r\nwindows\r\n\n  indented\n    code\n",
        "<|user|>\nhello<|assistant|>\n[gMASK]<sop> <|endoftext|>",
        "a<|observation|>b [MASK][sMASK]<eop><|system|>",
        "",
        " ",
        "\n",
        "aaaa aaa aa a hell hello  world 123123",
    };
    for (const auto& t : round_trip_texts()) texts.push_back(t);
    std::mt19937 rng(17);
    for (int i = 0; i < 400; ++i) texts.push_back(random_text(rng, 40));
    return texts;
}

// Through the factory of the GGUF tokenizer model "hf-bpe-json" (Tokenizer::create takes a file
// for GLM4 as tokenizer.json only when it starts with '{').
void expect_invalid(const std::string& file, const char* must_mention) {
    try {
        tok::make_hf_bpe_json_tokenizer(bytes_of(file));
    } catch (const Error& e) {
        QCOMPARE(e.kind(), ErrorKind::InvalidFile);
        QVERIFY2(std::string(e.what()).find(must_mention) != std::string::npos, e.what());
        return;
    }
    QFAIL(qPrintable(QString("accepted a broken tokenizer.json, expected an error about '%1'")
                         .arg(must_mention)));
}

// A tiny byte-level vocabulary (the 256 bytes in byte order, then `extra` tokens) with the GLM
// specials after it, for the rules tests.
json tiny_tokenizer(const std::vector<std::string>& extra, const json& merges, bool ignore_merges) {
    std::vector<std::string> ranks;
    for (int b = 0; b < 256; ++b) ranks.emplace_back(1, char(b));
    ranks.insert(ranks.end(), extra.begin(), extra.end());
    json file = tokenizer_json_from_ranks(ranks, MergeForm::Strings);
    file["model"]["merges"] = merges;
    file["model"]["ignore_merges"] = ignore_merges;
    return file;
}

std::vector<TokenId> ids(std::initializer_list<int> list) {
    return {list.begin(), list.end()};
}

} // namespace

class TestTokenizerHfJson : public QObject {
    Q_OBJECT
    std::unique_ptr<Tokenizer> tiktoken_;
    json file_;

private slots:
    void initTestCase() {
        tiktoken_ = glm4_test_tokenizer();
        file_ = tokenizer_json_from_ranks(test_ranks(), MergeForm::Strings);
        // The test file is the real shape: merges exist, and the specials follow the vocabulary.
        QVERIFY(file_["model"]["merges"].size() >= glm4_test_merges().size());
        QCOMPARE(file_["added_tokens"][0]["id"].get<int>(), tiktoken_->vocab_size() - 14);
    }

    void sameIdsAndTextAsTiktoken_data() {
        QTest::addColumn<int>("form");
        QTest::newRow("merges as \"a b\"") << int(MergeForm::Strings);
        QTest::newRow("merges as [a, b]") << int(MergeForm::Pairs);
    }
    void sameIdsAndTextAsTiktoken() {
        QFETCH(int, form);
        const auto hf = create(tokenizer_json_from_ranks(test_ranks(), MergeForm(form)));
        QCOMPARE(hf->kind(), TokenizerKind::Glm4);
        QCOMPARE(hf->vocab_size(), tiktoken_->vocab_size());
        for (const std::string& text : shared_texts()) {
            const std::vector<TokenId> want = tiktoken_->encode(text), got = hf->encode(text);
            QVERIFY2(got == want, (show(text) + ": " + show(got) + " vs " + show(want)).c_str());
            QCOMPARE(show(hf->decode(got)), show(tiktoken_->decode(want)));
            if (is_valid_utf8(text)) QCOMPARE(show(hf->decode(got)), show(text));
            QVERIFY(hf->encode_for_generation(text) == tiktoken_->encode_for_generation(text));
        }
    }

    void specialTokensHaveTheirIds() {
        const auto hf = create(file_);
        for (SpecialToken s :
             {SpecialToken::EndOfText, SpecialToken::Mask, SpecialToken::GMask, SpecialToken::SMask,
              SpecialToken::Sop, SpecialToken::Eop, SpecialToken::System, SpecialToken::User,
              SpecialToken::Assistant, SpecialToken::Observation, SpecialToken::Pad,
              SpecialToken::Bos, SpecialToken::Eos, SpecialToken::Unk})
            QCOMPARE(hf->special_id(s), tiktoken_->special_id(s));
        for (TokenId id = 0; id < hf->vocab_size(); ++id) {
            QCOMPARE(hf->is_special(id), tiktoken_->is_special(id));
            QCOMPARE(show(hf->token_name(id)), show(tiktoken_->token_name(id)));
        }
        // Typed special text stays text; only the prompt builders make special ids.
        const TokenId user = *hf->special_id(SpecialToken::User);
        const auto typed = hf->encode("<|user|>");
        QVERIFY(std::find(typed.begin(), typed.end(), user) == typed.end());
    }

    void decodingAndStreamingMatchTiktoken() {
        const auto hf = create(file_);
        std::mt19937 rng(5);
        std::uniform_int_distribution<TokenId> any(0, hf->vocab_size() - 1);
        for (int round = 0; round < 300; ++round) {
            std::vector<TokenId> seq(1 + rng() % 12);
            for (auto& id : seq) id = any(rng);
            for (SpecialTokens mode : {SpecialTokens::Skip, SpecialTokens::Render}) {
                QCOMPARE(show(hf->decode(seq, mode)), show(tiktoken_->decode(seq, mode)));
                StreamingDetokenizer a(*hf, mode), b(*tiktoken_, mode);
                for (TokenId id : seq) QCOMPARE(show(a.push(id)), show(b.push(id)));
                QCOMPARE(show(a.finish()), show(b.finish()));
            }
        }
    }

    void mergeOrderIsThePriorityNotTheId() {
        // tokenizers merges by position in the merges list. Here "bc" has a higher id than "ab"
        // but comes first in the list, so "abc" is a + bc; ranking by id would give ab + c.
        const json file = tiny_tokenizer({"ab", "bc"}, json::array({"b c", "a b"}), false);
        const auto t = create(file);
        QCOMPARE(show(t->encode("abc")), show(ids({'a', 257})));
        QCOMPARE(show(t->encode("abd")), show(ids({256, 'd'})));
        // Only listed merges happen: "bc" is a token, but without its merge it is never formed.
        const auto unlisted = create(tiny_tokenizer({"ab", "bc"}, json::array({"a b"}), false));
        QCOMPARE(show(unlisted->encode("xbc")), show(ids({'x', 'b', 'c'})));
    }

    void ignoreMergesTakesWholeTokens() {
        // "abc" has no merge that forms it: only ignore_merges lets a chunk that is a token
        // through.
        const json merges = json::array({"a b"});
        QCOMPARE(show(create(tiny_tokenizer({"ab", "abc"}, merges, true))->encode("abc")),
                 show(ids({257})));
        QCOMPARE(show(create(tiny_tokenizer({"ab", "abc"}, merges, false))->encode("abc")),
                 show(ids({256, 'c'})));
    }

    void addedTokensThatAreNotSpecialAreMatchedInText() {
        json file = tiny_tokenizer({"ab"}, json::array({"a b"}), true);
        const int64_t next = int64_t(file["added_tokens"].size()) + 257;
        file["added_tokens"].push_back(added_token(next, "<think>", false));
        file["added_tokens"].push_back(added_token(next + 1, "<think>x", false));
        // A GLM control token marked non-special is still never made from typed text.
        file["added_tokens"][7]["special"] = false; // <|user|>
        const auto t = create(file);
        QCOMPARE(show(t->encode("ab<think>ab")), show(ids({256, int(next), 256})));
        QCOMPARE(show(t->encode("<think>xa")), show(ids({int(next + 1), 'a'})));
        QCOMPARE(show(t->decode(ids({int(next), 256}))), show(std::string("<think>ab")));
        QVERIFY(!t->is_special(TokenId(next)));
        const TokenId user = *t->special_id(SpecialToken::User);
        QVERIFY(t->is_special(user));
        const auto typed = t->encode("<|user|>");
        QVERIFY(std::find(typed.begin(), typed.end(), user) == typed.end());
    }

    // GLM-Z1's markers, even where a file calls them special, decode as text: the app finds the
    // end of the thinking by "</think>".
    void thinkMarkersDecodeAsText() {
        json file = tiny_tokenizer({}, json::array(), true);
        const int64_t next = int64_t(file["added_tokens"].size()) + 256;
        file["added_tokens"].push_back(added_token(next, "<think>", true));
        file["added_tokens"].push_back(added_token(next + 1, "</think>", true));
        const auto t = create(file);
        QVERIFY(!t->is_special(TokenId(next + 1)));
        QCOMPARE(t->decode(ids({int(next), 'a', int(next + 1), 'b'})),
                 std::string("<think>a</think>b"));
        QCOMPARE(show(t->encode("a</think>")), show(ids({'a', int(next + 1)})));
    }

    void byteLevelRegexSplitsLikeGpt2() {
        // ByteLevel with use_regex and no Split: GPT-2's pattern gives a space to the word after
        // it ("o", " wo"), so the merge "o" + " " cannot happen across the chunks.
        json file = tiny_tokenizer({"o "}, json::array({"o \xC4\xA0"}), true);
        QCOMPARE(show(create(file)->encode("o wo")), show(ids({'o', ' ', 'w', 'o'})));
        file["pre_tokenizer"] = {{"type", "ByteLevel"},
                                 {"add_prefix_space", false},
                                 {"trim_offsets", true},
                                 {"use_regex", true}};
        QCOMPARE(show(create(file)->encode("o wo")), show(ids({'o', ' ', 'w', 'o'})));
        file["pre_tokenizer"]["use_regex"] = false; // one chunk: "o " merges
        QCOMPARE(show(create(file)->encode("o wo")), show(ids({256, 'w', 'o'})));
    }

    void brokenFilesAreRejected_data() {
        QTest::addColumn<QByteArray>("file");
        QTest::addColumn<QString>("mentions");
        const json good = tokenizer_json_from_ranks(test_ranks(), MergeForm::Strings);
        auto row = [&](const char* name, const std::function<void(json&)>& change,
                       const char* mentions) {
            json f = good;
            change(f);
            QTest::newRow(name) << QByteArray::fromStdString(f.dump()) << QString(mentions);
        };
        auto raw = [](const char* name, const std::string& text, const char* mentions) {
            QTest::newRow(name) << QByteArray::fromStdString(text) << QString(mentions);
        };
        const std::string text = good.dump();
        raw("empty object", "{}", "no \"model\"");
        raw("truncated", text.substr(0, text.size() / 2), "not valid JSON");
        raw("model not an object", "{\"model\": 3}", "\"model\" object");
        raw("not an object", "[1, 2]", "not a JSON object");
        raw("nested too deeply", std::string(5000, '['), "nested too deeply");
        raw("deep but valid", "{\"a\":" + std::string(40, '[') + std::string(40, ']') + "}",
            "nested too deeply");
        raw("repeated key", "{\"model\": {}, \"model\": {}}", "listed twice");
        row(
            "unknown model type", [](json& f) { f["model"]["type"] = "WordPiece"; }, "'WordPiece'");
        row(
            "no vocab", [](json& f) { f["model"].erase("vocab"); }, "\"vocab\"");
        row(
            "vocab is a list", [](json& f) { f["model"]["vocab"] = json::array(); }, "\"vocab\"");
        row(
            "negative id", [](json& f) { f["model"]["vocab"]["a"] = -1; }, "the id -1");
        row(
            "huge id", [](json& f) { f["model"]["vocab"]["a"] = 4000000000LL; }, "4000000000");
        row(
            "id past the end", [](json& f) { f["model"]["vocab"]["a"] = 100000; }, "the id 100000");
        row(
            "fractional id", [](json& f) { f["model"]["vocab"]["a"] = 1.5; }, "not a whole number");
        row(
            "duplicate id", [](json& f) { f["model"]["vocab"]["a"] = f["model"]["vocab"]["b"]; },
            "to two vocabulary entries");
        row(
            "id past the last token",
            [](json& f) { f["added_tokens"].erase(f["added_tokens"].begin() + 3); },
            "must have the ids");
        row(
            "gap in the ids",
            [](json& f) {
                // an added token that repeats a vocabulary entry keeps the count, so the missing
                // [sMASK] leaves a hole
                f["added_tokens"].erase(f["added_tokens"].begin() + 3);
                f["added_tokens"].push_back(added_token(f["model"]["vocab"]["a"], "a", false));
            },
            "without a gap");
        row(
            "missing byte",
            [](json& f) {
                // the byte 'q' becomes the token "qq": the ids stay dense, the byte has no token
                const int64_t id = f["model"]["vocab"]["q"];
                f["model"]["vocab"].erase("q");
                f["model"]["vocab"]["qqqqq"] = id;
            },
            "0x71");
        row(
            "not byte-level",
            [](json& f) {
                f["model"]["vocab"]["a b"] = f["model"]["vocab"]["a"];
                f["model"]["vocab"].erase("a");
            },
            "not byte-level text");
        row(
            "merge of unknown token", [](json& f) { f["model"]["merges"][0] = "zzz q"; },
            "not in the vocabulary");
        row(
            "merge result unknown", [](json& f) { f["model"]["merges"][0] = "q q"; },
            "whose result is not in the vocabulary");
        row(
            "merge without space", [](json& f) { f["model"]["merges"][0] = "qq"; },
            "two tokens split by a space");
        row(
            "merge of three",
            [](json& f) {
                f["model"]["merges"][0] = json::array({"a", "b", "c"});
            },
            "neither");
        row(
            "merges not a list", [](json& f) { f["model"]["merges"] = "a b"; }, "\"merges\"");
        row(
            "dropout", [](json& f) { f["model"]["dropout"] = 0.1; }, "dropout");
        row(
            "byte fallback", [](json& f) { f["model"]["byte_fallback"] = true; }, "byte_fallback");
        row(
            "normalizer",
            [](json& f) {
                f["normalizer"] = {{"type", "NFC"}};
            },
            "'NFC'");
        row(
            "bad regex",
            [](json& f) { f["pre_tokenizer"]["pretokenizers"][0]["pattern"]["Regex"] = "(\\p{L"; },
            "PCRE2");
        row(
            "empty regex",
            [](json& f) { f["pre_tokenizer"]["pretokenizers"][0]["pattern"]["Regex"] = ""; },
            "Split pattern of 0 bytes");
        row(
            "huge regex",
            [](json& f) {
                f["pre_tokenizer"]["pretokenizers"][0]["pattern"]["Regex"] =
                    std::string(70000, 'a');
            },
            "Split pattern of 70000 bytes");
        row(
            "split behavior",
            [](json& f) { f["pre_tokenizer"]["pretokenizers"][0]["behavior"] = "Removed"; },
            "'Removed'");
        row(
            "unknown pre-tokenizer",
            [](json& f) {
                f["pre_tokenizer"]["pretokenizers"][0] = {{"type", "Digits"}};
            },
            "'Digits'");
        row(
            "no byte level", [](json& f) { f["pre_tokenizer"] = nullptr; }, "no ByteLevel");
        row(
            "prefix space",
            [](json& f) { f["pre_tokenizer"]["pretokenizers"][1]["add_prefix_space"] = true; },
            "add_prefix_space");
        row(
            "wordpiece decoder",
            [](json& f) {
                f["decoder"] = {{"type", "WordPiece"}};
            },
            "'WordPiece'");
        row(
            "added tokens not a list", [](json& f) { f["added_tokens"] = 5; }, "not a list");
        row(
            "added token without content", [](json& f) { f["added_tokens"][0].erase("content"); },
            "without an id and a content");
        row(
            "added token id twice",
            [](json& f) { f["added_tokens"][1]["id"] = f["added_tokens"][0]["id"]; }, "twice");
        row(
            "added token over a vocab id", [](json& f) { f["added_tokens"][0]["id"] = 3; },
            "vocabulary entry of other text");
        row(
            "missing [gMASK]", [](json& f) { f["added_tokens"][2]["content"] = "[GMASK]"; },
            "[gMASK]");
        row(
            "lstrip on matched token",
            [](json& f) {
                f["added_tokens"][13]["content"] = "<x>";
                f["added_tokens"][13]["special"] = false;
                f["added_tokens"][13]["lstrip"] = true;
            },
            "lstrip");
    }
    void brokenFilesAreRejected() {
        QFETCH(QByteArray, file);
        QFETCH(QString, mentions);
        expect_invalid(file.toStdString(), qPrintable(mentions));
    }

    void oversizedFilesAreRejectedBeforeParsing() {
        std::string big = "{\"model\": \"";
        big.resize((size_t(64) << 20) + 16, 'a');
        expect_invalid(big, "too large");
    }

    void randomAndTruncatedFilesNeverCrash() {
        const std::string text = file_.dump();
        std::mt19937 rng(11);
        for (int i = 0; i < 300; ++i) {
            std::string s = text.substr(0, rng() % text.size());
            if (i % 2)
                for (int k = 0; k < 4; ++k) s[rng() % s.size()] = char(rng());
            try {
                const auto t = Tokenizer::create(TokenizerKind::Glm4, bytes_of(s));
                t->encode("hello 你好");
            } catch (const Error& e) {
                QCOMPARE(e.kind(), ErrorKind::InvalidFile);
            }
        }
    }

    void ggufTokenizerModelSelectsTheReader() {
        // A model file names its embedded tokenizer "hf-bpe-json" (tokenizer.ggml.model) and
        // carries the tokenizer.json bytes unchanged (tokenizer.glm.file).
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        ModelConfig c = chat_test_config("glm3");
        c.generation = Generation::Glm4;
        c.chat_format = "glm4";
        // The weights (zeros) only because a model file must have them.
        auto write = [&](const std::string& tokenizer, const std::string& path) {
            GgufWriter w(path);
            write_model_config(w, c);
            w.set_string("tokenizer.ggml.model", std::string(tok::kHfBpeJsonTokenizerModel));
            w.set_bytes("tokenizer.glm.file", bytes_of(tokenizer));
            const auto specs = model_tensors(c);
            for (const auto& spec : specs) w.add_tensor(spec.name, spec.dims, TensorType::F32);
            w.begin_data();
            for (const auto& spec : specs) {
                uint64_t n = 1;
                for (uint64_t d : spec.dims) n *= d;
                w.write(std::vector<uint8_t>(n * sizeof(float), 0));
            }
            w.finish();
        };
        QCOMPARE(tok::kHfBpeJsonTokenizerModel, std::string_view("hf-bpe-json"));
        const std::string path = dir.filePath("hf.gguf").toStdString();
        write(file_.dump(), path);
        std::unique_ptr<Tokenizer> t;
        try {
            t = tokenizer_for_file(path);
        } catch (const Error& e) {
            QFAIL(e.what());
        }
        QVERIFY(t);
        const std::string text = shared_texts()[2];
        QVERIFY(t->encode(text) == tiktoken_->encode(text));
        QCOMPARE(t->special_id(SpecialToken::GMask), tiktoken_->special_id(SpecialToken::GMask));
        // Under this key the bytes must be a tokenizer.json: a rank file is refused.
        const std::string wrong = dir.filePath("wrong.gguf").toStdString();
        write(glm4_test_rank_file(), wrong);
        try {
            tokenizer_for_file(wrong);
            QFAIL("a rank file was accepted as a tokenizer.json");
        } catch (const Error& e) {
            QCOMPARE(e.kind(), ErrorKind::InvalidFile);
            QVERIFY2(std::string(e.what()).find("tokenizer.json") != std::string::npos, e.what());
        }
    }

    void realFilesAgree() {
        // With the real files (GLM_TOKENIZER_GLM4 = tokenizer.model of THUDM/glm-4-9b-chat,
        // GLM_TOKENIZER_GLM4_JSON = tokenizer.json of THUDM/glm-4-9b-chat-hf or GLM-4-9B-0414).
        const char* tiktoken = std::getenv("GLM_TOKENIZER_GLM4");
        const char* json_file = std::getenv("GLM_TOKENIZER_GLM4_JSON");
        if (!tiktoken || !*tiktoken || !json_file || !*json_file)
            QSKIP("GLM_TOKENIZER_GLM4 and GLM_TOKENIZER_GLM4_JSON are not both set");
        auto read = [](const char* path) {
            std::ifstream in(path, std::ios::binary);
            return std::vector<uint8_t>(std::istreambuf_iterator<char>(in), {});
        };
        const auto a = Tokenizer::create(TokenizerKind::Glm4, read(tiktoken));
        const auto b = Tokenizer::create(TokenizerKind::Glm4, read(json_file));
        for (const std::string& text : shared_texts())
            QVERIFY2(a->encode(text) == b->encode(text), show(text).c_str());
        for (SpecialToken s :
             {SpecialToken::EndOfText, SpecialToken::GMask, SpecialToken::Sop, SpecialToken::User,
              SpecialToken::Assistant, SpecialToken::Observation})
            QCOMPARE(a->special_id(s), b->special_id(s));
    }
};

QTEST_GUILESS_MAIN(TestTokenizerHfJson)
#include "tst_tokenizer_hf_json.moc"
