// GLM-4's test vocabulary as a Hugging Face tokenizer.json, written the way transformers writes
// one (see tokenizer_json_builder.h).
#include "tokenizer_json_builder.h"

#include "tokenizer/tiktoken_ranks.h"
#include "tokenizer_test_util.h"

#include <algorithm>
#include <map>

namespace glm::test {

using nlohmann::json;

const char* const kGlm4SplitRegex =
    R"((?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+)";

const std::vector<std::string> kSpecialNames = {"<|endoftext|>",
                                                "[MASK]",
                                                "[gMASK]",
                                                "[sMASK]",
                                                "<sop>",
                                                "<eop>",
                                                "<|system|>",
                                                "<|user|>",
                                                "<|assistant|>",
                                                "<|observation|>",
                                                "<|begin_of_image|>",
                                                "<|end_of_image|>",
                                                "<|begin_of_video|>",
                                                "<|end_of_video|>"};

// GPT-2's bytes_to_unicode, written out here independently of the code under test: printable
// Latin-1 bytes stand for themselves, the others get U+0100.. in byte order.
std::string byte_level(std::string_view bytes) {
    std::string out;
    for (unsigned char b : bytes) {
        const bool printable = (b >= 0x21 && b <= 0x7E) || (b >= 0xA1 && b <= 0xAC) || b >= 0xAE;
        unsigned cp = b;
        if (!printable) {
            cp = 256;
            for (unsigned c = 0; c < b; ++c)
                if (!((c >= 0x21 && c <= 0x7E) || (c >= 0xA1 && c <= 0xAC) || c >= 0xAE)) ++cp;
        }
        if (cp < 0x80) {
            out += char(cp);
        } else {
            out += char(0xC0 | (cp >> 6));
            out += char(0x80 | (cp & 0x3F));
        }
    }
    return out;
}

std::vector<uint8_t> bytes_of(const std::string& s) {
    return {s.begin(), s.end()};
}

// The tokens of the tiktoken test rank file, by rank.
std::vector<std::string> test_ranks() {
    const auto table = tok::RankTable::parse(glm4_test_rank_file());
    std::vector<std::string> ranks;
    for (int32_t r = 0; r < table.size(); ++r) ranks.emplace_back(table.bytes(r));
    return ranks;
}

json added_token(int64_t id, const std::string& content, bool special) {
    return {{"id", id},        {"content", content},  {"single_word", false}, {"lstrip", false},
            {"rstrip", false}, {"normalized", false}, {"special", special}};
}

// What transformers writes for a tiktoken vocabulary (TikTokenConverter): the vocabulary by rank,
// for every token each split into two tokens as a merge, ordered by the token's rank and then by
// the ranks of the parts; ignore_merges; Split(regex, Isolated) + ByteLevel(use_regex false).
json tokenizer_json_from_ranks(const std::vector<std::string>& ranks, MergeForm form) {
    std::map<std::string, int64_t> rank_of;
    for (size_t r = 0; r < ranks.size(); ++r) rank_of[ranks[r]] = int64_t(r);
    json vocab = json::object(), merges = json::array();
    for (size_t r = 0; r < ranks.size(); ++r) {
        const std::string& token = ranks[r];
        vocab[byte_level(token)] = r;
        std::vector<std::pair<std::string, std::string>> splits;
        for (size_t cut = 1; cut < token.size(); ++cut)
            if (rank_of.count(token.substr(0, cut)) && rank_of.count(token.substr(cut)))
                splits.emplace_back(token.substr(0, cut), token.substr(cut));
        std::sort(splits.begin(), splits.end(), [&](const auto& a, const auto& b) {
            return std::pair(rank_of[a.first], rank_of[a.second]) <
                   std::pair(rank_of[b.first], rank_of[b.second]);
        });
        for (const auto& [l, r2] : splits) {
            if (form == MergeForm::Strings)
                merges.push_back(byte_level(l) + " " + byte_level(r2));
            else
                merges.push_back(json::array({byte_level(l), byte_level(r2)}));
        }
    }
    json added = json::array();
    for (size_t i = 0; i < kSpecialNames.size(); ++i)
        added.push_back(added_token(int64_t(ranks.size() + i), kSpecialNames[i], true));
    json post = {{"type", "TemplateProcessing"},
                 {"single", json::array({{{"SpecialToken", {{"id", "[gMASK]"}, {"type_id", 0}}}},
                                         {{"SpecialToken", {{"id", "<sop>"}, {"type_id", 0}}}},
                                         {{"Sequence", {{"id", "A"}, {"type_id", 0}}}}})}};
    return {
        {"version", "1.0"},
        {"truncation", nullptr},
        {"padding", nullptr},
        {"added_tokens", added},
        {"normalizer", nullptr},
        {"pre_tokenizer",
         {{"type", "Sequence"},
          {"pretokenizers", json::array({{{"type", "Split"},
                                          {"pattern", {{"Regex", kGlm4SplitRegex}}},
                                          {"behavior", "Isolated"},
                                          {"invert", false}},
                                         {{"type", "ByteLevel"},
                                          {"add_prefix_space", false},
                                          {"trim_offsets", true},
                                          {"use_regex", false}}})}}},
        {"post_processor", post},
        {"decoder",
         {{"type", "ByteLevel"},
          {"add_prefix_space", true},
          {"trim_offsets", true},
          {"use_regex", true}}},
        {"model",
         {{"type", "BPE"},
          {"dropout", nullptr},
          {"unk_token", nullptr},
          {"continuing_subword_prefix", nullptr},
          {"end_of_word_suffix", nullptr},
          {"fuse_unk", false},
          {"byte_fallback", false},
          {"ignore_merges", true},
          {"vocab", vocab},
          {"merges", merges}}},
    };
}

std::string glm4_test_tokenizer_json() {
    return tokenizer_json_from_ranks(test_ranks(), MergeForm::Strings).dump();
}

} // namespace glm::test
