// The streaming detokenizer: characters split over byte pieces / byte-level tokens, stopping in the
// middle of one, SentencePiece's leading space, special tokens, and the promise that the pieces it
// returns add up to decode() of the same ids.
#include "glm/error.h"
#include "glm/tokenizer.h"
#include "tokenizer/tiktoken_ranks.h"
#include "tokenizer_test_util.h"

#include <QtTest>
#include <random>

using namespace glm;
using namespace glm::test;

namespace {

const std::string kFffd = "\xEF\xBF\xBD";

// Streams the ids; checks every returned piece is valid UTF-8 and returns them.
std::vector<std::string> stream(const Tokenizer& t, const std::vector<TokenId>& ids,
                                SpecialTokens specials = SpecialTokens::Skip) {
    StreamingDetokenizer detok(t, specials);
    std::vector<std::string> pieces;
    for (TokenId id : ids) pieces.push_back(detok.push(id));
    pieces.push_back(detok.finish());
    for (const auto& p : pieces)
        if (!is_valid_utf8(p)) qFatal("the detokenizer returned broken UTF-8: %s", show(p).c_str());
    return pieces;
}

std::string joined(const std::vector<std::string>& pieces) {
    std::string s;
    for (const auto& p : pieces) s += p;
    return s;
}

} // namespace

class TestStreamingDetokenizer : public QObject {
    Q_OBJECT
    std::unique_ptr<Tokenizer> glm1_, glm3_, glm4_;

private slots:
    void initTestCase() {
        glm1_ = glm1_test_tokenizer();
        glm3_ = glm3_test_tokenizer();
        glm4_ = glm4_test_tokenizer();
    }

    void multiByteCharacterFromBytePieces() {
        // 鑫 (E9 91 AB) is not in the test models' vocabulary: three byte pieces.
        for (const Tokenizer* t : {glm1_.get(), glm3_.get()}) {
            const auto ids = t->encode("鑫");
            QCOMPARE(ids.size(), size_t(4)); // "▁" + three bytes
            StreamingDetokenizer detok(*t);
            QCOMPARE(detok.push(ids[0]), std::string()); // the dummy prefix is dropped
            QCOMPARE(detok.push(ids[1]), std::string());
            QCOMPARE(detok.pending_bytes(), size_t(1));
            QCOMPARE(detok.push(ids[2]), std::string());
            QCOMPARE(detok.pending_bytes(), size_t(2));
            QCOMPARE(detok.push(ids[3]), std::string("鑫"));
            QCOMPARE(detok.pending_bytes(), size_t(0));
            QCOMPARE(detok.finish(), std::string());
        }
    }

    void emojiSplitOverByteLevelTokens() {
        // 🚀 = F0 9F 9A 80: the GLM4 test ranks know "F0 9F" but not the rest, so it takes 3 tokens.
        const auto ids = glm4_->encode("a🚀b");
        const auto pieces = stream(*glm4_, ids);
        QCOMPARE(joined(pieces), std::string("a🚀b"));
        // the emoji appears whole, in the piece of the token that completes it
        QVERIFY(std::find(pieces.begin(), pieces.end(), "🚀") != pieces.end() ||
                std::find(pieces.begin(), pieces.end(), "🚀b") != pieces.end());
    }

    void everyByteSplitOfMixedTextStreamsCorrectly() {
        // GLM4 with tokens that are single bytes: every multi-byte character is split at every
        // byte.
        const auto table = tok::RankTable::parse(glm4_test_rank_file());
        const std::string text = "中文 English 👋🚀 ж é 😶‍🌫️ end";
        std::vector<TokenId> ids;
        for (char c : text) ids.push_back(table.rank(std::string(1, c)));
        const auto pieces = stream(*glm4_, ids);
        QCOMPARE(joined(pieces), text);
        QCOMPARE(glm4_->decode(ids), text);
    }

    void stoppingMidCharacterEmitsReplacement() {
        // SentencePiece (GLM1-3): one U+FFFD per byte of the unfinished character, like its
        // decoder.
        const auto ids = glm3_->encode("x鑫");
        StreamingDetokenizer detok(*glm3_);
        std::string out;
        for (size_t i = 0; i + 1 < ids.size(); ++i) out += detok.push(ids[i]);
        QCOMPARE(out, std::string("x"));
        QCOMPARE(detok.finish(), kFffd + kFffd);
        QCOMPARE(glm3_->decode(std::vector<TokenId>(ids.begin(), ids.end() - 1)),
                 "x" + kFffd + kFffd);

        // tiktoken (GLM4): one U+FFFD for the unfinished sequence, like
        // bytes.decode(errors="replace").
        const auto table = tok::RankTable::parse(glm4_test_rank_file());
        StreamingDetokenizer detok4(*glm4_);
        QCOMPARE(detok4.push(table.rank("\xF0\x9F")), std::string());
        QCOMPARE(detok4.push(table.rank("\x9A")), std::string());
        QCOMPARE(detok4.finish(), kFffd);
        QCOMPARE(detok4.finish(), std::string()); // nothing twice
    }

    void invalidBytesInTheMiddleAreReplaced() {
        const auto table = tok::RankTable::parse(glm4_test_rank_file());
        // E4 BD then "A": the sequence can never complete
        QCOMPARE(glm4_->decode(std::vector<TokenId>{table.rank("\xE4\xBD"), table.rank("A")}),
                 kFffd + "A");
        QCOMPARE(glm4_->decode(std::vector<TokenId>{table.rank("\x80"), table.rank("\xFF")}),
                 kFffd + kFffd);
        const TokenId e4 = 3 + 0xE4, bd = 3 + 0xBD; // byte pieces <0xE4> <0xBD> of the GLM2/3 model
        const TokenId a = 3 + 'a'; // as a byte piece too: the bytes join, then fail at "a"
        QCOMPARE(glm3_->decode(std::vector<TokenId>{a, e4, bd, a}), "a" + kFffd + kFffd + "a");
    }

    void leadingDummySpaceIsDroppedOnce() {
        for (const Tokenizer* t : {glm1_.get(), glm3_.get()}) {
            const auto ids = t->encode("hello world");
            const auto pieces = stream(*t, ids);
            QCOMPARE(joined(pieces), std::string("hello world"));
            QVERIFY(pieces.front().empty() || pieces.front()[0] != ' ');
            // A real leading space survives: "▁" then "▁hello"-like pieces.
            QCOMPARE(joined(stream(*t, t->encode(" hello"))), std::string(" hello"));
        }
    }

    void resetStartsANewText() {
        const auto ids = glm3_->encode("world");
        StreamingDetokenizer detok(*glm3_);
        std::string first, second;
        for (TokenId id : ids) first += detok.push(id);
        for (TokenId id : ids) first += detok.push(id);
        detok.reset();
        for (TokenId id : ids) second += detok.push(id);
        QCOMPARE(first, std::string("world world"));
        QCOMPARE(second, std::string("world"));
    }

    void specialTokensSkippedOrRendered() {
        const TokenId user = *glm3_->special_id(SpecialToken::User);
        const TokenId eos = *glm3_->special_id(SpecialToken::Eos);
        std::vector<TokenId> ids = glm3_->encode("\n你好");
        ids.push_back(user);
        ids.push_back(eos);
        QCOMPARE(joined(stream(*glm3_, ids)), std::string("\n你好"));
        QCOMPARE(joined(stream(*glm3_, ids, SpecialTokens::Render)),
                 std::string("\n你好<|user|></s>"));
        // a special token, shown or not, cuts off an unfinished character before it (as a control
        // piece ends a run of byte pieces in SentencePiece's decoder)
        const TokenId e9 = 3 + 0xE9;
        QCOMPARE(joined(stream(*glm3_, {e9, user}, SpecialTokens::Render)), kFffd + "<|user|>");
        QCOMPARE(joined(stream(*glm3_, {e9, user, 3 + 0x91, 3 + 0xAB})), kFffd + kFffd + kFffd);
        QCOMPARE(joined(stream(*glm3_, {e9, eos, 3 + 0x91, 3 + 0xAB})), kFffd + kFffd + kFffd);
    }

    void badIdsLeaveTheStateAlone() {
        const auto ids = glm3_->encode("鑫");
        StreamingDetokenizer detok(*glm3_);
        QCOMPARE(detok.push(ids[0]), std::string());
        QCOMPARE(detok.push(ids[1]), std::string());
        try {
            detok.push(glm3_->vocab_size());
            QFAIL("an id outside the vocabulary was accepted");
        } catch (const Error& e) {
            QCOMPARE(e.kind(), ErrorKind::InvalidArgument);
        }
        QCOMPARE(detok.push(ids[2]), std::string());
        QCOMPARE(detok.push(ids[3]), std::string("鑫"));
    }

    void streamedTextEqualsDecodeForRandomTexts() {
        std::mt19937 rng(31);
        for (const Tokenizer* t : {glm1_.get(), glm3_.get(), glm4_.get()}) {
            for (int i = 0; i < 400; ++i) {
                const std::string s = random_text(rng, 40);
                const auto ids = t->encode(s);
                QCOMPARE(show(joined(stream(*t, ids))), show(s));
            }
        }
    }

    void streamedTextEqualsDecodeForRandomIds() {
        // Any id sequence, even nonsense a model might produce: same text as decode, valid UTF-8.
        std::mt19937 rng(32);
        for (const Tokenizer* t : {glm1_.get(), glm3_.get(), glm4_.get()}) {
            std::uniform_int_distribution<TokenId> pick(0, t->vocab_size() - 1);
            for (SpecialTokens mode : {SpecialTokens::Skip, SpecialTokens::Render}) {
                for (int i = 0; i < 1000; ++i) {
                    std::vector<TokenId> ids(rng() % 16);
                    for (TokenId& id : ids) id = pick(rng);
                    const std::string streamed = joined(stream(*t, ids, mode));
                    QCOMPARE(show(streamed), show(t->decode(ids, mode)));
                }
            }
        }
    }
};

QTEST_GUILESS_MAIN(TestStreamingDetokenizer)
#include "tst_streaming_detokenizer.moc"
