// GLM1, GLM2 and GLM3 tokenizers over small SentencePiece models with the structure of the real
// ones (tests/data/tokenizer/make_models.sh): pre-processing and its inverse, special ids,
// encode/decode round trips, decoding identical to libsentencepiece's, and bad files.
#include "glm/error.h"
#include "glm/tokenizer.h"
#include "test_files.h"
#include "tokenizer/glm1_text.h"
#include "tokenizer/spm_proto.h"
#include "tokenizer_test_util.h"

#include <QElapsedTimer>
#include <QtTest>
#include <random>
#include <sentencepiece_processor.h>
#include <sentencepiece_trainer.h>

using namespace glm;
using namespace glm::test;

namespace {

std::unique_ptr<sentencepiece::SentencePieceProcessor> load_sp(const std::vector<uint8_t>& bytes) {
    auto sp = std::make_unique<sentencepiece::SentencePieceProcessor>();
    const auto status = sp->LoadFromSerializedProto(
        std::string_view(reinterpret_cast<const char*>(bytes.data()), bytes.size()));
    if (!status.ok()) qFatal("cannot load the test model: %s", status.ToString().c_str());
    return sp;
}

std::vector<TokenId> sp_ids(const sentencepiece::SentencePieceProcessor& sp,
                            const std::string& text) {
    std::vector<int> ids;
    sp.Encode(text, &ids);
    return {ids.begin(), ids.end()};
}

ErrorKind error_kind_of(const std::function<void()>& f) {
    try {
        f();
    } catch (const Error& e) {
        return e.kind();
    }
    return ErrorKind::Cancelled; // "no error" for the comparisons below
}

// Trains a small model in memory with the trainer library (as make_models.sh does with spm_train).
std::vector<uint8_t> train_model(const std::string& extra_flags) {
    const auto corpus = read_file(test_data_dir() / "tokenizer" / "corpus.txt");
    struct Lines : sentencepiece::SentenceIterator {
        std::vector<std::string> lines;
        size_t i = 0;
        bool done() const override { return i >= lines.size(); }
        void Next() override { ++i; }
        const std::string& value() const override { return lines[i]; }
        sentencepiece::util::Status status() const override { return {}; }
    } it;
    std::string text(corpus.begin(), corpus.end());
    for (size_t pos = 0; pos < text.size();) {
        size_t end = text.find('\n', pos);
        if (end == std::string::npos) end = text.size();
        it.lines.push_back(text.substr(pos, end - pos));
        pos = end + 1;
    }
    std::string model;
    const std::string args =
        "--model_type=bpe --vocab_size=900 --character_coverage=1.0 --byte_fallback=true "
        "--normalization_rule_name=identity --num_threads=1 --minloglevel=2 " +
        extra_flags;
    const auto status = sentencepiece::SentencePieceTrainer::Train(args, &it, &model);
    if (!status.ok()) qFatal("training failed: %s", status.ToString().c_str());
    return {model.begin(), model.end()};
}

} // namespace

class TestTokenizerSpm : public QObject {
    Q_OBJECT
    std::unique_ptr<Tokenizer> glm1_, glm2_, glm3_;
    std::unique_ptr<sentencepiece::SentencePieceProcessor> sp1_, sp2_;

private slots:
    void initTestCase() {
        glm1_ = glm1_test_tokenizer();
        glm2_ = glm2_test_tokenizer();
        glm3_ = glm3_test_tokenizer();
        sp1_ = load_sp(glm1_test_model());
        sp2_ = load_sp(glm2_test_model());
    }

    // --- GLM1 ---------------------------------------------------------------------------------

    void glm1PreprocessRewritesWhitespace_data() {
        QTest::addColumn<QByteArray>("text");
        QTest::addColumn<QByteArray>("expected");
        QTest::newRow("newline") << QByteArray("a\nb") << QByteArray("a<n>b");
        QTest::newRow("tab") << QByteArray("\tx") << QByteArray("<|tab|>x");
        QTest::newRow("single space stays") << QByteArray("a b") << QByteArray("a b");
        QTest::newRow("2 spaces") << QByteArray("a  b") << QByteArray("a<|blank_2|>b");
        QTest::newRow("80 spaces") << QByteArray(80, ' ') << QByteArray("<|blank_80|>");
        QTest::newRow("81 spaces") << QByteArray(81, ' ') << QByteArray("<|blank_80|> ");
        QTest::newRow("85 spaces") << QByteArray(85, ' ') << QByteArray("<|blank_80|><|blank_5|>");
        QTest::newRow("161 spaces")
            << QByteArray(161, ' ') << QByteArray("<|blank_80|><|blank_80|> ");
        QTest::newRow("code") << QByteArray("def f():\n    return 1\t# x")
                              << QByteArray("def f():<n><|blank_4|>return 1<|tab|># x");
        QTest::newRow("mixed runs")
            << QByteArray(" \n  \t   ") << QByteArray(" <n><|blank_2|><|tab|><|blank_3|>");
    }
    void glm1PreprocessRewritesWhitespace() {
        QFETCH(QByteArray, text);
        QFETCH(QByteArray, expected);
        QCOMPARE(QByteArray::fromStdString(tok::glm1_preprocess(text.toStdString())), expected);
        QCOMPARE(QByteArray::fromStdString(tok::glm1_restore_whitespace(expected.toStdString())),
                 text);
    }

    void glm1PreprocessMatchesTheReferenceReplaceOrder() {
        // The reference: replace("\n"), replace("\t"), then for k = 80..2 replace(k spaces).
        std::mt19937 rng(1);
        for (int n = 0; n < 300; ++n) {
            std::string s;
            std::uniform_int_distribution<int> kind(0, 5), run(1, 200);
            for (int i = 0; i < 8; ++i) {
                const int k = kind(rng);
                s += k == 0   ? std::string(size_t(run(rng)), ' ')
                     : k == 1 ? "\n"
                     : k == 2 ? "\t"
                              : "x";
            }
            std::string ref = s, out;
            auto replace = [](std::string text, const std::string& from, const std::string& to) {
                std::string r;
                size_t pos = 0, hit;
                while ((hit = text.find(from, pos)) != std::string::npos) {
                    r += text.substr(pos, hit - pos) + to;
                    pos = hit + from.size();
                }
                return r + text.substr(pos);
            };
            ref = replace(ref, "\n", "<n>");
            ref = replace(ref, "\t", "<|tab|>");
            for (int k = 80; k >= 2; --k)
                ref = replace(ref, std::string(size_t(k), ' '), tok::glm1_blank_piece(k));
            QCOMPARE(tok::glm1_preprocess(s), ref);
        }
    }

    void glm1SpecialIdsFollowTheRealLayout() {
        const Tokenizer& t = *glm1_;
        QCOMPARE(t.kind(), TokenizerKind::Glm1);
        QCOMPARE(t.vocab_size(), sp1_->GetPieceSize());
        // Found by name; in the real ice_text.model these are 130000..130005.
        QCOMPARE(*t.special_id(SpecialToken::Mask), sp1_->PieceToId("[MASK]"));
        QCOMPARE(*t.special_id(SpecialToken::GMask), sp1_->PieceToId("[gMASK]"));
        QCOMPARE(*t.special_id(SpecialToken::SMask), sp1_->PieceToId("[sMASK]"));
        QCOMPARE(*t.special_id(SpecialToken::Sop), sp1_->PieceToId("<sop>"));
        QCOMPARE(*t.special_id(SpecialToken::Eop), sp1_->PieceToId("<eop>"));
        QCOMPARE(*t.special_id(SpecialToken::Pad), 3);
        QCOMPARE(*t.special_id(SpecialToken::GMask), *t.special_id(SpecialToken::Mask) + 1);
        QCOMPARE(*t.special_id(SpecialToken::Eop), *t.special_id(SpecialToken::Mask) + 5);
        // <|tab|> = [MASK] + 8 and <|blank_k|> = <|tab|> + k - 1, as 130008 and 130007 + k.
        const int tab = sp1_->PieceToId("<|tab|>");
        QCOMPARE(tab, *t.special_id(SpecialToken::Mask) + 8);
        for (int k = 2; k <= 80; ++k)
            QCOMPARE(sp1_->PieceToId(tok::glm1_blank_piece(k)), tab + k - 1);
        QVERIFY(!t.special_id(SpecialToken::User));
        QVERIFY(!t.special_id(SpecialToken::EndOfText));
        QVERIFY(t.is_special(*t.special_id(SpecialToken::GMask)));
        QVERIFY(!t.is_special(sp1_->PieceToId("<n>"))); // a newline is text
    }

    void glm1EncodeIsSentencePieceOverThePreprocessedText() {
        for (const std::string& s : round_trip_texts()) {
            const std::string clean = s; // all valid UTF-8
            QCOMPARE(show(glm1_->encode(s)), show(sp_ids(*sp1_, tok::glm1_preprocess(clean))));
        }
        // The code vector's structure: "def main():" <n> <|blank_4|> "print..." <|tab|> "#
        // greeting"
        const auto ids = glm1_->encode("def main():\n    print('hello world')\t# greeting");
        const int n = sp1_->PieceToId("<n>"), blank4 = sp1_->PieceToId("<|blank_4|>"),
                  tab = sp1_->PieceToId("<|tab|>");
        const auto at = [&](int id) { return std::find(ids.begin(), ids.end(), id) - ids.begin(); };
        QVERIFY(at(n) < at(blank4) && at(blank4) + 1 < at(tab) && at(tab) < qsizetype(ids.size()));
        QCOMPARE(ids[size_t(at(n)) + 1], blank4);
    }

    void glm1GenerationPromptEndsWithGMaskSop() {
        const auto plain = glm1_->encode("你好");
        const auto ids = glm1_->encode_for_generation("你好");
        QCOMPARE(ids.size(), plain.size() + 2);
        QVERIFY(std::equal(plain.begin(), plain.end(), ids.begin()));
        QCOMPARE(ids[ids.size() - 2], *glm1_->special_id(SpecialToken::GMask));
        QCOMPARE(ids.back(), *glm1_->special_id(SpecialToken::Sop));
        QCOMPARE(ids.front(),
                 sp1_->PieceToId("▁你好")); // the dummy prefix, as 5/74874 in the real file
        QCOMPARE(glm1_->decode(ids), std::string("你好"));
        QCOMPARE(show(glm1_->encode_for_generation("")),
                 show(std::vector<TokenId>{*glm1_->special_id(SpecialToken::GMask),
                                           *glm1_->special_id(SpecialToken::Sop)}));
    }

    void glm1DecodeUndoesThePreprocessing() {
        for (const std::string& s : round_trip_texts())
            QCOMPARE(show(glm1_->decode(glm1_->encode(s))), show(s));
        std::mt19937 rng(11);
        for (int i = 0; i < 500; ++i) {
            const std::string s = random_text(rng, 40);
            QCOMPARE(show(glm1_->decode(glm1_->encode(s))), show(s));
        }
    }

    void glm1LiteralMarkersAreTheReferenceBehaviour() {
        // The special pieces are in the model, so their text is matched as in the reference
        // (documented in docs/tokenizers.md): "<n>" typed by the user reads back as a newline.
        QCOMPARE(glm1_->decode(glm1_->encode("a<n>b")), std::string("a\nb"));
        const auto ids = glm1_->encode("x[gMASK]");
        QCOMPARE(ids.back(), *glm1_->special_id(SpecialToken::GMask));
    }

    void glm1DecodeMatchesSentencePieceAndTheReferenceReplace() {
        // decode(ids) == restore_whitespace(SentencePiece Decode(ids)) for any ids without the GLM
        // special pieces (which the reference removes as control pieces), byte pieces included.
        std::mt19937 rng(5);
        std::uniform_int_distribution<int> pick(0, sp1_->GetPieceSize() - 1);
        int compared = 0;
        for (int n = 0; n < 3000; ++n) {
            std::vector<int> ids;
            const int len = int(rng() % 12);
            while (int(ids.size()) < len) {
                const int id = pick(rng);
                if (!glm1_->is_special(id)) ids.push_back(id);
            }
            std::string expected;
            sp1_->Decode(ids, &expected);
            expected = tok::glm1_restore_whitespace(expected);
            QCOMPARE(show(glm1_->decode(std::vector<TokenId>(ids.begin(), ids.end()))),
                     show(expected));
            ++compared;
        }
        QCOMPARE(compared, 3000);
    }

    void glm1RejectsModelsWithoutItsPieces() {
        try {
            Tokenizer::create(TokenizerKind::Glm1, glm2_test_model());
            QFAIL("a GLM2 model was accepted as GLM1");
        } catch (const Error& e) {
            QCOMPARE(e.kind(), ErrorKind::InvalidFile);
            QVERIFY2(std::string(e.what()).find("glm2 or glm3") != std::string::npos, e.what());
        }
    }

    // --- GLM2 / GLM3 --------------------------------------------------------------------------

    void glm23SpecialIdsComeAfterThePieces() {
        const int n = sp2_->GetPieceSize();
        QCOMPARE(glm2_->vocab_size(), n + 5);
        QCOMPARE(glm3_->vocab_size(), n + 9);
        for (const Tokenizer* t : {glm2_.get(), glm3_.get()}) {
            QCOMPARE(*t->special_id(SpecialToken::Mask), n);
            QCOMPARE(*t->special_id(SpecialToken::GMask), n + 1);
            QCOMPARE(*t->special_id(SpecialToken::SMask), n + 2);
            QCOMPARE(*t->special_id(SpecialToken::Sop), n + 3);
            QCOMPARE(*t->special_id(SpecialToken::Eop), n + 4);
            QCOMPARE(*t->special_id(SpecialToken::Unk), 0);
            QCOMPARE(*t->special_id(SpecialToken::Bos), 1);
            QCOMPARE(*t->special_id(SpecialToken::Eos), 2);
        }
        QVERIFY(!glm2_->special_id(SpecialToken::User));
        QCOMPARE(*glm3_->special_id(SpecialToken::System), n + 5);
        QCOMPARE(*glm3_->special_id(SpecialToken::User), n + 6);
        QCOMPARE(*glm3_->special_id(SpecialToken::Assistant), n + 7);
        QCOMPARE(*glm3_->special_id(SpecialToken::Observation), n + 8);
        QCOMPARE(glm3_->token_name(n + 6), std::string("<|user|>"));
        QCOMPARE(glm2_->token_name(n + 3), std::string("sop"));
    }

    void glm23BytePiecesSitWhereTheRealOnesDo() {
        // "\n" -> <0x0A> = 13 and "\t" -> <0x09> = 12, after the dummy prefix "▁" (30910 in the
        // real file).
        const int space = sp2_->PieceToId("▁");
        QCOMPARE(show(glm3_->encode("\n")), show(std::vector<TokenId>{space, 13}));
        QCOMPARE(show(glm2_->encode("\t")), show(std::vector<TokenId>{space, 12}));
        QCOMPARE(glm2_->token_name(13), std::string("<0x0A>"));
    }

    void glm23NeverProduceSpecialIdsFromText() {
        for (const Tokenizer* t : {glm2_.get(), glm3_.get()}) {
            const auto ids = t->encode("<|user|>[gMASK]sop eop <|assistant|><|observation|>");
            for (TokenId id : ids) QVERIFY(id < sp2_->GetPieceSize());
        }
    }

    void glm23GenerationPromptStartsWithGMaskSop() {
        const int n = sp2_->GetPieceSize();
        const auto ids = glm3_->encode_for_generation("你好");
        QCOMPARE(ids[0], n + 1);
        QCOMPARE(ids[1], n + 3);
        QCOMPARE(show(std::vector<TokenId>(ids.begin() + 2, ids.end())),
                 show(sp_ids(*sp2_, "你好")));
        QCOMPARE(glm3_->decode(ids), std::string("你好"));
    }

    void glm23RoundTrips() {
        for (const Tokenizer* t : {glm2_.get(), glm3_.get()}) {
            for (const std::string& s : round_trip_texts())
                QCOMPARE(show(t->decode(t->encode(s))), show(s));
            std::mt19937 rng(12);
            for (int i = 0; i < 500; ++i) {
                const std::string s = random_text(rng, 40);
                QCOMPARE(show(t->decode(t->encode(s))), show(s));
            }
        }
    }

    void glm23DecodeMatchesSentencePiece() {
        std::mt19937 rng(6);
        std::uniform_int_distribution<int> pick(0, sp2_->GetPieceSize() - 1);
        for (int n = 0; n < 3000; ++n) {
            std::vector<int> ids(rng() % 12);
            for (int& id : ids) id = pick(rng);
            std::string expected;
            sp2_->Decode(ids, &expected);
            QCOMPARE(show(glm2_->decode(std::vector<TokenId>(ids.begin(), ids.end()))),
                     show(expected));
        }
    }

    void specialTokensAreSkippedOrRendered() {
        const int n = sp2_->GetPieceSize();
        std::vector<TokenId> ids = {n + 1, n + 3, n + 6};
        const auto body = glm3_->encode("\n你好");
        ids.insert(ids.end(), body.begin(), body.end());
        ids.push_back(n + 7);
        QCOMPARE(glm3_->decode(ids), std::string("\n你好"));
        // Rendered like GLM3's reference decoder: each text segment decoded on its own.
        QCOMPARE(glm3_->decode(ids, SpecialTokens::Render),
                 std::string("[gMASK]sop<|user|>\n你好<|assistant|>"));
        QCOMPARE(glm1_->decode(std::vector<TokenId>{3, 1, 2}), std::string()); // <pad> <s> </s>
    }

    // --- shared rules --------------------------------------------------------------------------

    void invalidUtf8IsReplacedBeforeEncoding() {
        for (const Tokenizer* t : {glm1_.get(), glm2_.get()}) {
            QCOMPARE(show(t->encode("a\xFF"
                                    "b")),
                     show(t->encode("a\xEF\xBF\xBD"
                                    "b")));
            // a truncated character is one maximal subpart: one U+FFFD
            QCOMPARE(show(t->encode("x\xE4\xBD")), show(t->encode("x\xEF\xBF\xBD")));
            QCOMPARE(show(t->encode("\xED\xA0\x80")),
                     show(t->encode("\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD")));
            QVERIFY(is_valid_utf8(t->decode(t->encode("bad \xC0\x80 bytes \xF5"))));
        }
    }

    void emptyTextGivesNoIds() {
        for (const Tokenizer* t : {glm1_.get(), glm2_.get(), glm3_.get()}) {
            QVERIFY(t->encode("").empty());
            QCOMPARE(t->decode(std::vector<TokenId>{}), std::string());
        }
    }

    void idsOutsideTheVocabularyAreAnError() {
        for (const Tokenizer* t : {glm1_.get(), glm2_.get(), glm3_.get()}) {
            for (TokenId bad : {-1, t->vocab_size(), t->vocab_size() + 100}) {
                QCOMPARE(error_kind_of([&] {
                             t->decode(std::vector<TokenId>{5, bad});
                         }),
                         ErrorKind::InvalidArgument);
                QCOMPARE(error_kind_of([&] { t->token_name(bad); }), ErrorKind::InvalidArgument);
                QCOMPARE(error_kind_of([&] { t->is_special(bad); }), ErrorKind::InvalidArgument);
            }
        }
    }

    void normalizerFlagsAreReadFromTheModel() {
        const auto flags = tok::read_spm_normalizer_flags(glm2_test_model());
        QVERIFY(flags);
        QVERIFY(flags->add_dummy_prefix);
        QVERIFY(!flags->remove_extra_whitespaces);
        QVERIFY(!tok::read_spm_normalizer_flags(std::vector<uint8_t>{0x0A, 0x05, 0x01}));
    }

    void decodeFollowsEveryLeadingSpaceRule_data() {
        QTest::addColumn<QString>("flags");
        QTest::newRow("no dummy prefix")
            << "--add_dummy_prefix=false --remove_extra_whitespaces=false";
        QTest::newRow("remove extra whitespaces")
            << "--add_dummy_prefix=true --remove_extra_whitespaces=true";
        QTest::newRow("no dummy prefix, remove extra whitespaces")
            << "--add_dummy_prefix=false --remove_extra_whitespaces=true";
    }
    void decodeFollowsEveryLeadingSpaceRule() {
        // Models trained here with other normalizer settings: decode must equal SentencePiece's.
        QFETCH(QString, flags);
        QElapsedTimer timer;
        timer.start();
        const auto model =
            train_model(flags.toStdString() + " --allow_whitespace_only_pieces=true");
        qInfo("trained a 900-piece model in %lld ms", timer.elapsed());
        const auto sp = load_sp(model);
        const auto t = Tokenizer::create(TokenizerKind::Glm2, model);
        std::mt19937 rng(9);
        std::uniform_int_distribution<int> pick(0, sp->GetPieceSize() - 1);
        for (int n = 0; n < 2000; ++n) {
            std::vector<int> ids(rng() % 8);
            for (int& id : ids) id = pick(rng);
            std::string expected;
            sp->Decode(ids, &expected);
            QCOMPARE(show(t->decode(std::vector<TokenId>(ids.begin(), ids.end()))), show(expected));
        }
        for (const std::string& s : round_trip_texts()) {
            const std::vector<TokenId> ids = t->encode(s);
            std::string expected;
            sp->Decode(std::vector<int>(ids.begin(), ids.end()), &expected);
            QCOMPARE(show(t->decode(ids)), show(expected));
        }
    }

    void corruptFilesAreRejected() {
        const auto good = glm2_test_model();
        std::vector<std::vector<uint8_t>> bad = {{}, {0x00}, {'h', 'e', 'l', 'l', 'o'}};
        std::mt19937 rng(3);
        for (size_t size : {16, 1000, 20000}) {
            std::vector<uint8_t> noise(size);
            for (auto& b : noise) b = uint8_t(rng());
            bad.push_back(noise);
        }
        for (size_t cut = 1; cut < good.size(); cut += good.size() / 37 + 1)
            bad.emplace_back(good.begin(), good.begin() + long(cut));
        for (const auto& bytes : bad)
            for (TokenizerKind kind :
                 {TokenizerKind::Glm1, TokenizerKind::Glm2, TokenizerKind::Glm3}) {
                std::unique_ptr<Tokenizer> t;
                try {
                    t = Tokenizer::create(kind, bytes);
                } catch (const Error& e) {
                    QCOMPARE(e.kind(), ErrorKind::InvalidFile);
                    continue;
                }
                // A truncation that still parses is a smaller, valid model: it must work.
                QVERIFY(t->vocab_size() > 0);
                QVERIFY(is_valid_utf8(t->decode(t->encode("hello 你好"))));
            }
    }

    void longTextIsEncodedQuickly() {
        std::string text;
        while (text.size() < 1'000'000) text += round_trip_texts()[10];
        QElapsedTimer timer;
        timer.start();
        const auto ids1 = glm1_->encode(text);
        const qint64 ms1 = timer.restart();
        const auto ids2 = glm2_->encode(text);
        const qint64 ms2 = timer.restart();
        qInfo("1 MB of chat text: GLM1 %zu ids in %lld ms, GLM2 %zu ids in %lld ms", ids1.size(),
              ms1, ids2.size(), ms2);
        QCOMPARE(glm2_->decode(ids2), text);
    }
};

QTEST_GUILESS_MAIN(TestTokenizerSpm)
#include "tst_tokenizer_spm.moc"
