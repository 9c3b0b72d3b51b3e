// GLM4's tiktoken BPE on a rank file built here: the cl100k pre-tokenizer regex (look-ahead, digit
// groups, contractions, CJK, emoji), byte-pair merging against a plain O(n^2) reference of
// tiktoken's algorithm, special ids, round trips, and every way a rank file can be broken.
#include "glm/error.h"
#include "glm/tokenizer.h"
#include "tokenizer/bpe.h"
#include "tokenizer/glm4_pretokenizer.h"
#include "tokenizer/tiktoken_ranks.h"
#include "tokenizer_test_util.h"

#include <QElapsedTimer>
#include <QtTest>
#include <random>
#include <set>
#include <sstream>

using namespace glm;
using namespace glm::test;

namespace {

std::vector<std::string> chunks_of(const std::string& text) {
    static const tok::Glm4Pretokenizer pre;
    std::vector<std::string_view> views;
    pre.split(text, views);
    return {views.begin(), views.end()};
}

QString show_chunks(const std::vector<std::string>& chunks) {
    QStringList parts;
    for (const auto& c : chunks) parts << QString::fromStdString(show(c));
    return parts.join(" | ");
}

// tiktoken's _byte_pair_merge, written the simple way: repeatedly merge the lowest-ranked adjacent
// pair (leftmost on ties).
std::vector<TokenId> reference_bpe(const std::string& chunk, const tok::RankTable& ranks) {
    if (int32_t r = ranks.rank(chunk); r >= 0) return {r};
    std::vector<std::string> parts;
    for (char c : chunk) parts.emplace_back(1, c);
    while (parts.size() > 1) {
        int32_t best = -1;
        size_t at = 0;
        for (size_t i = 0; i + 1 < parts.size(); ++i) {
            const int32_t r = ranks.rank(parts[i] + parts[i + 1]);
            if (r >= 0 && (best < 0 || r < best)) {
                best = r;
                at = i;
            }
        }
        if (best < 0) break;
        parts[at] += parts[at + 1];
        parts.erase(parts.begin() + long(at) + 1);
    }
    std::vector<TokenId> ids;
    for (const auto& p : parts) ids.push_back(ranks.rank(p));
    return ids;
}

std::vector<uint8_t> bytes_of(const std::string& s) {
    return {s.begin(), s.end()};
}

void expect_invalid_file(const std::string& file, const char* must_mention) {
    try {
        Tokenizer::create(TokenizerKind::Glm4, bytes_of(file));
    } catch (const Error& e) {
        QCOMPARE(e.kind(), ErrorKind::InvalidFile);
        QVERIFY2(std::string(e.what()).find(must_mention) != std::string::npos, e.what());
        return;
    }
    QFAIL(qPrintable(
        QString("accepted a broken rank file, expected an error about '%1'").arg(must_mention)));
}

} // namespace

class TestTokenizerBpe : public QObject {
    Q_OBJECT
    std::unique_ptr<Tokenizer> glm4_;

private slots:
    void initTestCase() { glm4_ = glm4_test_tokenizer(); }

    void pretokenizerSplitsLikeCl100k_data() {
        QTest::addColumn<QByteArray>("text");
        QTest::addColumn<QStringList>("chunks");
        auto row = [](const char* name, const QByteArray& text, const QStringList& chunks) {
            QTest::newRow(name) << text << chunks;
        };
        row("words", "Hello world", {"Hello", " world"});
        // \s+(?!\S): a run of spaces before a word gives its last space to the word
        row("space run before word", "hello   world", {"hello", "  ", " world"});
        row("leading spaces", "  hello", {" ", " hello"});
        row("trailing spaces", "end   ", {"end", "   "});
        row("spaces then newlines", "a   \n\n  b", {"a", "   \n\n", " ", " b"});
        row("newline then spaces", "a\n  b", {"a", "\n", " ", " b"});
        row("newline run", "x\n\n\ny", {"x", "\n\n\n", "y"});
        // one non-letter, non-digit character (a tab too) may lead a word
        row("tab before word", "\tx", {"\tx"});
        row("spaces before digits", "a  12", {"a", " ", " ", "12"});
        row("digits in threes", "1234567", {"123", "456", "7"});
        row("digits and dots", " 3.3 3..3", {" ", "3", ".", "3", " ", "3", "..", "3"});
        row("letters around digits", "abc123def", {"abc", "123", "def"});
        row("contractions", "I've he's 'RE We'Ve a'lL",
            {"I", "'ve", " he", "'s", " '", "RE", " We", "'Ve", " a", "'lL"});
        row("quote before word", "'told", {"'t", "old"});
        row("punctuation run", "''''''```````\"\"\"\"......!!!!!!??????",
            {"''''''```````\"\"\"\"......!!!!!!??????"});
        row("punctuation then newline", "});\n\nx", {"});\n\n", "x"});
        row("cjk", "?我想在apple工作1314151天～",
            {"?我想在apple工作", "131", "415", "1", "天", "～"});
        row("space and mark before cjk", " ?我想", {" ?", "我想"});
        row("emoji", "🚀 (normal) 😶‍🌫️", {"🚀", " (", "normal", ")", " 😶‍🌫️"});
        row("combining mark", "e\xCC\x81x", {"e", "\xCC\x81x"});
        row("cyrillic", "нещо на Български", {"нещо", " на", " Български"});
    }
    void pretokenizerSplitsLikeCl100k() {
        QFETCH(QByteArray, text);
        QFETCH(QStringList, chunks);
        std::vector<std::string> expected;
        for (const QString& c : chunks) expected.push_back(c.toStdString());
        QCOMPARE(show_chunks(chunks_of(text.toStdString())), show_chunks(expected));
    }

    void pretokenizerChunksCoverTheText() {
        std::mt19937 rng(21);
        for (int i = 0; i < 2000; ++i) {
            const std::string s = random_text(rng, 60);
            std::string joined;
            for (const auto& c : chunks_of(s)) {
                QVERIFY(!c.empty());
                joined += c;
            }
            QCOMPARE(show(joined), show(s));
        }
    }

    void interpreterAndJitSplitAlike() {
        // PCRE2's interpreter is the fallback when JIT is missing or out of stack: same chunks,
        // and no match or heap limit on long runs.
        const tok::Glm4Pretokenizer jit, interpreter(false);
        std::mt19937 rng(22);
        std::vector<std::string> texts;
        for (int i = 0; i < 500; ++i) texts.push_back(random_text(rng, 80));
        for (const char* unit : {" ", "\n ", "a", " \t"}) {
            std::string big;
            while (big.size() < 1'000'000) big += unit;
            texts.push_back(big + "x");
        }
        for (const auto& text : texts) {
            std::vector<std::string_view> a, b;
            jit.split(text, a);
            interpreter.split(text, b);
            QCOMPARE(a.size(), b.size());
            QVERIFY(a == b);
        }
    }

    void mergesAreReachable() {
        // Every multi-byte test token is two earlier tokens joined, as in a real BPE rank file.
        const auto table = tok::RankTable::parse(glm4_test_rank_file());
        for (const auto& m : glm4_test_merges()) {
            bool found = false;
            for (size_t cut = 1; cut < m.size() && !found; ++cut) {
                const int32_t a = table.rank(m.substr(0, cut)), b = table.rank(m.substr(cut));
                found = a >= 0 && b >= 0 && a < table.rank(m) && b < table.rank(m);
            }
            QVERIFY2(found, show(m).c_str());
        }
    }

    void bytePairMergeMatchesTiktoken() {
        const auto table = tok::RankTable::parse(glm4_test_rank_file());
        std::mt19937 rng(4);
        const std::vector<std::string> pieces = {"a", "h",  "e", "l", "o", " ",  "w",  "r",
                                                 "d", "\n", "1", "2", "3", "你", "好", "😶",
                                                 "t", "i",  "n", "g", "'", "s"};
        for (int n = 0; n < 3000; ++n) {
            std::string chunk;
            const size_t len = 1 + rng() % 12;
            for (size_t i = 0; i < len; ++i) chunk += pieces[rng() % pieces.size()];
            std::vector<TokenId> got;
            tok::byte_pair_encode(chunk, table, got);
            QCOMPARE(show(got), show(reference_bpe(chunk, table)));
        }
        // Equal ranks: the leftmost pair merges first ("aaa" -> "aa" + "a", not "a" + "aa").
        std::vector<TokenId> got;
        tok::byte_pair_encode("aaa", table, got);
        QCOMPARE(show(got), show(std::vector<TokenId>{table.rank("aa"), table.rank("a")}));
    }

    void bytePairMergeMatchesTiktokenOnRandomRankTables() {
        std::mt19937 rng(8);
        for (int round = 0; round < 20; ++round) {
            // random merges over a 4-letter alphabet, each joining two existing tokens
            std::vector<std::string> tokens;
            for (int b = 0; b < 256; ++b) tokens.emplace_back(1, char(b));
            std::set<std::string> seen(tokens.begin(), tokens.end());
            const std::string letters = "abcd";
            std::vector<std::string> pool = {"a", "b", "c", "d"};
            while (tokens.size() < 256 + 60) {
                const std::string m = pool[rng() % pool.size()] + pool[rng() % pool.size()];
                if (m.size() > 8 || !seen.insert(m).second) continue;
                tokens.push_back(m);
                pool.push_back(m);
            }
            std::string file;
            for (size_t r = 0; r < tokens.size(); ++r)
                file += to_base64(tokens[r]) + " " + std::to_string(r) + "\n";
            const auto table = tok::RankTable::parse(file);
            for (int n = 0; n < 300; ++n) {
                std::string chunk;
                const size_t len = 1 + rng() % 24;
                for (size_t i = 0; i < len; ++i) chunk += letters[rng() % 4];
                std::vector<TokenId> got;
                tok::byte_pair_encode(chunk, table, got);
                QCOMPARE(show(got), show(reference_bpe(chunk, table)));
            }
        }
    }

    void specialIdsFollowTheRanks() {
        const int n = 256 + int(glm4_test_merges().size());
        const Tokenizer& t = *glm4_;
        QCOMPARE(t.vocab_size(), n + 14);
        QCOMPARE(*t.special_id(SpecialToken::EndOfText), n); // 151329 in the real file
        QCOMPARE(*t.special_id(SpecialToken::Mask), n + 1);
        QCOMPARE(*t.special_id(SpecialToken::GMask), n + 2); // 151331
        QCOMPARE(*t.special_id(SpecialToken::SMask), n + 3);
        QCOMPARE(*t.special_id(SpecialToken::Sop), n + 4); // 151333
        QCOMPARE(*t.special_id(SpecialToken::Eop), n + 5);
        QCOMPARE(*t.special_id(SpecialToken::System), n + 6);    // 151335
        QCOMPARE(*t.special_id(SpecialToken::User), n + 7);      // 151336
        QCOMPARE(*t.special_id(SpecialToken::Assistant), n + 8); // 151337
        QCOMPARE(*t.special_id(SpecialToken::Observation), n + 9);
        QCOMPARE(t.token_name(n + 10), std::string("<|begin_of_image|>"));
        QCOMPARE(t.token_name(n + 13), std::string("<|end_of_video|>"));
        QVERIFY(!t.special_id(SpecialToken::Eos));
        for (TokenId id = n; id < n + 14; ++id) QVERIFY(t.is_special(id));
        QVERIFY(!t.is_special(n - 1));
    }

    void specialTextIsOrdinaryText() {
        const auto ids = glm4_->encode("<|user|>[gMASK]<sop><|endoftext|>");
        for (TokenId id : ids) QVERIFY(id < 256 + int(glm4_test_merges().size()));
        QCOMPARE(glm4_->decode(ids), std::string("<|user|>[gMASK]<sop><|endoftext|>"));
    }

    void encodeUsesTheMerges() {
        const auto table = tok::RankTable::parse(glm4_test_rank_file());
        QCOMPARE(show(glm4_->encode("hello world")),
                 show(std::vector<TokenId>{table.rank("hello"), table.rank(" world")}));
        QCOMPARE(show(glm4_->encode("你好")), show(std::vector<TokenId>{table.rank("你好")}));
        QCOMPARE(show(glm4_->encode("\n")), show(std::vector<TokenId>{table.rank("\n")}));
        // "1234567" is three chunks; "123" is one token, "456" three bytes, "7" one byte
        QCOMPARE(show(glm4_->encode("1234567")),
                 show(std::vector<TokenId>{table.rank("123"), table.rank("4"), table.rank("5"),
                                           table.rank("6"), table.rank("7")}));
    }

    void generationPromptStartsWithGMaskSop() {
        const auto ids = glm4_->encode_for_generation("hello");
        QCOMPARE(ids.size(), size_t(3));
        QCOMPARE(ids[0], *glm4_->special_id(SpecialToken::GMask));
        QCOMPARE(ids[1], *glm4_->special_id(SpecialToken::Sop));
        QCOMPARE(glm4_->decode(ids), std::string("hello"));
        QCOMPARE(glm4_->decode(ids, SpecialTokens::Render), std::string("[gMASK]<sop>hello"));
    }

    void roundTrips() {
        for (const std::string& s : round_trip_texts())
            QCOMPARE(show(glm4_->decode(glm4_->encode(s))), show(s));
        std::mt19937 rng(13);
        for (int i = 0; i < 1000; ++i) {
            const std::string s = random_text(rng, 50);
            QCOMPARE(show(glm4_->decode(glm4_->encode(s))), show(s));
        }
        QVERIFY(glm4_->encode("").empty());
    }

    void invalidUtf8IsReplacedBeforeEncoding() {
        QCOMPARE(show(glm4_->encode("a\xFF"
                                    "b")),
                 show(glm4_->encode("a\xEF\xBF\xBD"
                                    "b")));
        QCOMPARE(glm4_->decode(glm4_->encode("x\xF0\x9F\x98")), std::string("x\xEF\xBF\xBD"));
    }

    void tokenNamesEscapeBrokenUtf8() {
        const auto table = tok::RankTable::parse(glm4_test_rank_file());
        QCOMPARE(glm4_->token_name(table.rank("\xE4\xBD")), std::string("<0xE4><0xBD>"));
        QCOMPARE(glm4_->token_name(table.rank("你好")), std::string("你好"));
        QCOMPARE(glm4_->token_name(table.rank("\n")), std::string("\n"));
    }

    void longInputsStayFast_data() {
        QTest::addColumn<QByteArray>("unit");
        QTest::newRow("spaces") << QByteArray(" ");
        QTest::newRow("newlines and spaces") << QByteArray("\n ");
        QTest::newRow("one long word") << QByteArray("a");
        QTest::newRow("digits") << QByteArray("7");
        QTest::newRow("chinese") << QByteArray("好");
        QTest::newRow("punctuation") << QByteArray("!");
        QTest::newRow("mixed code") << QByteArray("if (x) {\n    y = 1;\n}\n");
    }
    void longInputsStayFast() {
        // A pasted megabyte must neither fail nor stall (PCRE2 backtracking, BPE on one huge
        // chunk).
        QFETCH(QByteArray, unit);
        std::string text;
        while (text.size() < 1'000'000) text += unit.toStdString();
        QElapsedTimer timer;
        timer.start();
        const auto ids = glm4_->encode(text);
        const qint64 ms = timer.elapsed();
        qInfo("1 MB of %s: %zu ids in %lld ms", QTest::currentDataTag(), ids.size(), ms);
        QCOMPARE(glm4_->decode(ids).size(), text.size());
        QVERIFY2(ms < 20000, "encoding 1 MB took longer than 20 s");
    }

    void rankFilesWithWindowsLineEndsAndBlankLinesLoad() {
        std::string file = glm4_test_rank_file(), crlf;
        for (char c : file) crlf += c == '\n' ? std::string("\r\n") : std::string(1, c);
        crlf += "\r\n\r\n";
        const auto t = Tokenizer::create(TokenizerKind::Glm4, bytes_of("\n" + crlf));
        QCOMPARE(t->vocab_size(), glm4_->vocab_size());
        QCOMPARE(show(t->encode("hello world")), show(glm4_->encode("hello world")));
    }

    void brokenRankFilesAreRejected() {
        const std::string good = glm4_test_rank_file();
        expect_invalid_file("", "empty");
        expect_invalid_file(std::string("\x0a\x05\x00\x01", 4), "binary");
        expect_invalid_file("YQ== 0\n", "at least the 256");
        // a line without a rank, a bad rank, bad base64, a repeated rank, repeated bytes, a gap
        expect_invalid_file(good + "aGVsbG8=\n", "no rank");
        expect_invalid_file(good + "aGVsbG8= 12x\n", "rank (a whole number)");
        expect_invalid_file(good + "aGVsbG8= -3\n", "rank (a whole number)");
        expect_invalid_file(good + "aGV*bG8= 292\n", "not valid base64");
        expect_invalid_file(good + "aGVsbG8 292\n", "not valid base64");
        expect_invalid_file(good + "aG=sbG8= 292\n", "not valid base64");
        expect_invalid_file(good + "aGVsbG8= 5\n", "repeats rank 5");
        expect_invalid_file(good + to_base64("hello") + " 292\n", "repeats the token");
        expect_invalid_file(good + "eHl6 300\n", "exactly the ranks");
        expect_invalid_file(good + "eHl6 99999999999999999999\n", "rank (a whole number)");
        // every byte needs a token of its own
        std::string without_a;
        std::istringstream lines(good);
        std::string line;
        int rank = 0;
        const std::string a_line = to_base64("a") + " ";
        while (std::getline(lines, line)) {
            if (line.rfind(a_line, 0) == 0) continue;
            without_a += line.substr(0, line.find(' ')) + " " + std::to_string(rank++) + "\n";
        }
        expect_invalid_file(without_a, "the byte 0x61 has no token");
    }

    void randomAndTruncatedRankFilesNeverCrash() {
        const std::string good = glm4_test_rank_file();
        std::mt19937 rng(17);
        int accepted = 0;
        for (int n = 0; n < 300; ++n) {
            std::string file = good.substr(0, rng() % good.size());
            for (int k = 0; k < 3; ++k)
                if (!file.empty()) file[rng() % file.size()] = char(rng());
            try {
                const auto t = Tokenizer::create(TokenizerKind::Glm4, bytes_of(file));
                ++accepted;
                QVERIFY(is_valid_utf8(t->decode(t->encode("hello 你好 🚀"))));
            } catch (const Error& e) {
                QCOMPARE(e.kind(), ErrorKind::InvalidFile);
            }
        }
        qInfo("%d of 300 damaged files still formed a valid rank table", accepted);
    }
};

QTEST_GUILESS_MAIN(TestTokenizerBpe)
#include "tst_tokenizer_bpe.moc"
