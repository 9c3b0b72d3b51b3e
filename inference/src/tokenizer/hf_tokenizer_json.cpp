#include "tokenizer/hf_tokenizer_json.h"

#include "formats/strict_json.h"
#include "glm/error.h"
#include "tokenizer/utf8.h"

#include <algorithm>
#include <array>
#include <cstdio>
#include <unordered_map>

namespace glm::tok {

namespace {

using nlohmann::json;

constexpr size_t kMaxMerges = size_t(1) << 25;
constexpr size_t kMaxAddedTokens = size_t(1) << 16;
constexpr size_t kMaxAddedTokenBytes = 1024;
constexpr size_t kMaxPatternBytes = 64 * 1024;
// The pre-tokenizer ByteLevel's own split (use_regex), GPT-2's pattern.
constexpr const char* kGpt2Pattern =
    R"('s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+)";

[[noreturn]] void fail(const std::string& why) {
    throw Error(ErrorKind::InvalidFile, "the tokenizer (tokenizer.json) " + why);
}

std::string shown(std::string_view s) {
    std::string out = "'";
    out.append(s.substr(0, 60));
    if (s.size() > 60) out += "...";
    return out + "'";
}

std::string type_of(const json& node) {
    return node.is_object() && node.contains("type") && node["type"].is_string()
               ? node["type"].get<std::string>()
               : std::string();
}

// A member that must be a boolean when present; `fallback` when absent or null.
bool flag(const json& node, const char* key, bool fallback, const std::string& where) {
    if (!node.contains(key) || node[key].is_null()) return fallback;
    if (!node[key].is_boolean()) fail("has a non-boolean \"" + std::string(key) + "\" in " + where);
    return node[key].get<bool>();
}

// `count` is the number of tokens the file lists: ids run from 0 without a gap, so a larger id is
// wrong (and tables are never sized by an id the file merely claims).
TokenId read_id(const json& value, const std::string& what, size_t count) {
    if (!value.is_number_integer()) fail("gives " + what + " an id that is not a whole number");
    const bool negative =
        value.is_number_integer() && !value.is_number_unsigned() && value.get<int64_t>() < 0;
    const uint64_t id = negative ? 0 : value.get<uint64_t>();
    if (negative || id >= count)
        fail("gives " + what + " the id " + value.dump() + ", but it lists " +
             std::to_string(count) + " tokens, which must have the ids 0.." +
             std::to_string(count - 1));
    return TokenId(id);
}

void read_model_options(const json& model) {
    if (!model.is_object()) fail("has no \"model\" object");
    const std::string type = type_of(model);
    // Old files leave the type out; a vocabulary with merges is BPE.
    if (!(type == "BPE" || (type.empty() && model.contains("merges"))))
        fail("uses the model type " + shown(type.empty() ? "(none)" : type) +
             "; only byte-level BPE is supported");
    if (model.contains("dropout") && !model["dropout"].is_null() &&
        !(model["dropout"].is_number() && model["dropout"].get<double>() == 0.0))
        fail("sets BPE dropout, which makes tokenization random; it is not supported");
    for (const char* key : {"continuing_subword_prefix", "end_of_word_suffix"})
        if (model.contains(key) && !model[key].is_null() &&
            !(model[key].is_string() && model[key].get<std::string>().empty()))
            fail("sets the BPE option \"" + std::string(key) + "\", which is not supported");
    if (flag(model, "byte_fallback", false, "the model"))
        fail("sets byte_fallback, which byte-level BPE does not use; it is not supported");
}

void read_vocab(const json& vocab, size_t count, HfTokenizerJson& out) {
    std::string bytes;
    for (const auto& [key, value] : vocab.items()) {
        const TokenId id = read_id(value, "the vocabulary entry " + shown(key), count);
        if (!decode_byte_level(key, bytes) || bytes.empty())
            fail("has the vocabulary entry " + shown(key) +
                 ", which is not byte-level text (is this a byte-level BPE tokenizer?)");
        if (size_t(id) >= out.bytes.size()) {
            out.bytes.resize(size_t(id) + 1);
            out.is_vocab.resize(size_t(id) + 1, false);
        }
        if (out.is_vocab[size_t(id)])
            fail("gives the id " + std::to_string(id) + " to two vocabulary entries (" +
                 shown(key) + " and another)");
        out.bytes[size_t(id)] = bytes;
        out.is_vocab[size_t(id)] = true;
    }
}

std::pair<std::string, std::string> merge_parts(const json& merge, size_t index) {
    const std::string where = "merge " + std::to_string(index + 1);
    if (merge.is_string()) { // "left right"
        const std::string s = merge.get<std::string>();
        const size_t space = s.find(' ');
        if (space == std::string::npos || space == 0 || space + 1 == s.size() ||
            s.find(' ', space + 1) != std::string::npos)
            fail("has " + where + " " + shown(s) + ", which is not two tokens split by a space");
        return {s.substr(0, space), s.substr(space + 1)};
    }
    if (merge.is_array() && merge.size() == 2 && merge[0].is_string() && merge[1].is_string())
        return {merge[0].get<std::string>(), merge[1].get<std::string>()}; // ["left", "right"]
    fail("has " + where + ", which is neither \"left right\" nor [\"left\", \"right\"]");
}

void read_merges(const json& merges, const std::unordered_map<std::string_view, TokenId>& index,
                 HfTokenizerJson& out) {
    if (!merges.is_array()) fail("has no \"merges\" list in its model");
    if (merges.size() > kMaxMerges)
        fail("has too many merges (" + std::to_string(merges.size()) + ")");
    out.merges.reserve(merges.size());
    std::string left, right;
    for (size_t i = 0; i < merges.size(); ++i) {
        const auto [left_text, right_text] = merge_parts(merges[i], i);
        if (!decode_byte_level(left_text, left) || !decode_byte_level(right_text, right))
            fail("has merge " + std::to_string(i + 1) + " " + shown(left_text + " " + right_text) +
                 ", which is not byte-level text");
        const auto l = index.find(left), r = index.find(right);
        if (l == index.end() || r == index.end())
            fail("has merge " + std::to_string(i + 1) + " " + shown(left_text + " " + right_text) +
                 " of a token that is not in the vocabulary");
        if (index.find(left + right) == index.end())
            fail("has merge " + std::to_string(i + 1) + " " + shown(left_text + " " + right_text) +
                 " whose result is not in the vocabulary");
        out.merges.emplace_back(l->second, r->second);
    }
}

void read_pre_tokenizer(const json& node, HfTokenizerJson& out, bool& byte_level) {
    const std::string type = type_of(node);
    if (type == "Sequence") {
        if (!node.contains("pretokenizers") || !node["pretokenizers"].is_array())
            fail("has a Sequence pre-tokenizer without a \"pretokenizers\" list");
        for (const json& step : node["pretokenizers"]) read_pre_tokenizer(step, out, byte_level);
    } else if (type == "Split") {
        if (byte_level) fail("splits after the ByteLevel pre-tokenizer, which is not supported");
        const json* pattern = node.contains("pattern") ? &node["pattern"] : nullptr;
        HfPattern p;
        if (pattern && pattern->is_object() && pattern->size() == 1 && pattern->contains("Regex") &&
            (*pattern)["Regex"].is_string()) {
            p.pattern = (*pattern)["Regex"].get<std::string>();
        } else if (pattern && pattern->is_object() && pattern->size() == 1 &&
                   pattern->contains("String") && (*pattern)["String"].is_string()) {
            p.pattern = (*pattern)["String"].get<std::string>();
            p.syntax = RegexSplitter::Syntax::Literal;
        } else {
            fail("has a Split pre-tokenizer whose pattern is not {\"Regex\": ...} or "
                 "{\"String\": ...}");
        }
        if (p.pattern.empty() || p.pattern.size() > kMaxPatternBytes)
            fail("has a Split pattern of " + std::to_string(p.pattern.size()) + " bytes (1.." +
                 std::to_string(kMaxPatternBytes) + " are accepted)");
        const std::string behavior = node.contains("behavior") && node["behavior"].is_string()
                                         ? node["behavior"].get<std::string>()
                                         : std::string();
        if (behavior != "Isolated")
            fail("has a Split pre-tokenizer with behavior " + shown(behavior) +
                 "; only Isolated is supported");
        if (flag(node, "invert", false, "a Split pre-tokenizer"))
            fail("has an inverted Split pre-tokenizer, which is not supported");
        out.splits.push_back(std::move(p));
    } else if (type == "ByteLevel") {
        if (byte_level) fail("has two ByteLevel pre-tokenizers");
        byte_level = true;
        if (flag(node, "add_prefix_space", false, "the ByteLevel pre-tokenizer"))
            fail("sets add_prefix_space in its ByteLevel pre-tokenizer, which is not supported");
        // tokenizers' default: ByteLevel splits with GPT-2's pattern unless told not to.
        if (flag(node, "use_regex", true, "the ByteLevel pre-tokenizer"))
            out.splits.push_back({kGpt2Pattern, RegexSplitter::Syntax::Regex});
    } else {
        fail("uses the pre-tokenizer " + shown(type.empty() ? "(no type)" : type) +
             "; only Sequence, Split and ByteLevel are supported");
    }
}

void read_added_tokens(const json& list, const std::unordered_map<std::string_view, TokenId>& index,
                       size_t count, HfTokenizerJson& out) {
    std::string bytes;
    for (const json& entry : list) {
        if (!entry.is_object() || !entry.contains("id") || !entry.contains("content") ||
            !entry["content"].is_string())
            fail("has an added token without an id and a content");
        HfAddedToken t;
        t.content = entry["content"].get<std::string>();
        if (t.content.empty() || t.content.size() > kMaxAddedTokenBytes)
            fail("has an added token of " + std::to_string(t.content.size()) + " bytes (1.." +
                 std::to_string(kMaxAddedTokenBytes) + " are accepted)");
        t.id = read_id(entry["id"], "the added token " + shown(t.content), count);
        t.special = flag(entry, "special", false, "an added token");
        const std::string where = "the added token " + shown(t.content);
        for (const char* key : {"single_word", "lstrip", "rstrip", "normalized"})
            (void)flag(entry, key, false, where); // checked for type; see the docs for their use
        if (!t.special &&
            (flag(entry, "single_word", false, where) || flag(entry, "lstrip", false, where) ||
             flag(entry, "rstrip", false, where)))
            fail("sets single_word, lstrip or rstrip on " + where +
                 ", which is matched in text; that is not supported");
        if (size_t(t.id) >= out.bytes.size()) {
            out.bytes.resize(size_t(t.id) + 1);
            out.is_vocab.resize(size_t(t.id) + 1, false);
        }
        // tokenizers allows an added token that is also a vocabulary entry with the same id.
        if (out.is_vocab[size_t(t.id)]) {
            const auto it = decode_byte_level(t.content, bytes) ? index.find(bytes) : index.end();
            if (it == index.end() || it->second != t.id)
                fail("gives the id " + std::to_string(t.id) + " to " + where +
                     " and to the vocabulary entry of other text");
        }
        for (const HfAddedToken& other : out.added)
            if (other.id == t.id || other.content == t.content)
                fail("lists " + where + " twice, or two added tokens with the id " +
                     std::to_string(t.id));
        out.added.push_back(std::move(t));
    }
}

} // namespace

char32_t byte_level_char(uint8_t byte) noexcept {
    static const std::array<char32_t, 256> table = [] {
        std::array<char32_t, 256> t{};
        char32_t next = 256; // bytes outside the printable ranges, in byte order, from U+0100
        for (int b = 0; b < 256; ++b) {
            const bool printable = (b >= '!' && b <= '~') || (b >= 0xA1 && b <= 0xAC) || b >= 0xAE;
            t[size_t(b)] = printable ? char32_t(b) : next++;
        }
        return t;
    }();
    return table[byte];
}

bool decode_byte_level(std::string_view text, std::string& bytes) {
    static const std::array<int16_t, 324> to_byte = [] {
        std::array<int16_t, 324> t;
        t.fill(-1);
        for (int b = 0; b < 256; ++b) t[size_t(byte_level_char(uint8_t(b)))] = int16_t(b);
        return t;
    }();
    bytes.clear();
    if (!is_valid_utf8(text)) return false;
    for (size_t pos = 0; pos < text.size();) {
        size_t length = 0;
        const char32_t cp = decode_utf8(text, pos, length);
        if (cp >= to_byte.size() || to_byte[cp] < 0) return false;
        bytes.push_back(char(to_byte[cp]));
        pos += length;
    }
    return true;
}

HfTokenizerJson read_hf_tokenizer_json(std::string_view file) {
    if (file.empty()) fail("is empty");
    if (file.size() > kMaxTokenizerJsonBytes)
        fail("is too large (" + std::to_string(file.size() >> 20) + " MiB; at most " +
             std::to_string(kMaxTokenizerJsonBytes >> 20) + " MiB are accepted)");
    const json root = parse_json_strictly(file, "the tokenizer (tokenizer.json)", 12);
    if (!root.is_object()) fail("is not a JSON object");

    HfTokenizerJson out;
    if (!root.contains("model")) fail("has no \"model\"");
    const json& model = root["model"];
    read_model_options(model);
    if (!model.contains("vocab") || !model["vocab"].is_object())
        fail("has no \"vocab\" object in its model");
    const json none;
    const json& added = root.contains("added_tokens") ? root["added_tokens"] : none;
    if (!added.is_null() && !added.is_array()) fail("has an \"added_tokens\" that is not a list");
    if (added.size() > kMaxAddedTokens)
        fail("has too many added tokens (" + std::to_string(added.size()) + ")");
    // An id may be both a vocabulary entry and an added token, so this bounds ids from above.
    const size_t count = model["vocab"].size() + (added.is_array() ? added.size() : 0);
    if (count > size_t(kMaxTokenizerJsonTokens))
        fail("has too many tokens (" + std::to_string(count) + "; at most " +
             std::to_string(kMaxTokenizerJsonTokens) + " are accepted)");
    read_vocab(model["vocab"], count, out);
    out.ignore_merges = flag(model, "ignore_merges", false, "the model");

    std::unordered_map<std::string_view, TokenId> index;
    index.reserve(out.bytes.size());
    for (size_t id = 0; id < out.bytes.size(); ++id)
        if (out.is_vocab[id] && !index.emplace(out.bytes[id], TokenId(id)).second)
            fail("has two vocabulary entries for the same bytes (ids " +
                 std::to_string(index[out.bytes[id]]) + " and " + std::to_string(id) + ")");
    for (int b = 0; b < 256; ++b) {
        const char byte = char(b);
        if (index.find(std::string_view(&byte, 1)) == index.end()) {
            char hex[8];
            std::snprintf(hex, sizeof hex, "0x%02X", b);
            fail(std::string("has no token for the byte ") + hex +
                 ", so some text could not be encoded");
        }
    }
    if (!model.contains("merges")) fail("has no \"merges\" in its model");
    read_merges(model["merges"], index, out);

    if (root.contains("normalizer") && !root["normalizer"].is_null())
        fail("uses the normalizer " + shown(type_of(root["normalizer"])) +
             ", which is not supported");
    bool byte_level = false;
    if (root.contains("pre_tokenizer") && !root["pre_tokenizer"].is_null())
        read_pre_tokenizer(root["pre_tokenizer"], out, byte_level);
    if (!byte_level) fail("has no ByteLevel pre-tokenizer; only byte-level BPE is supported");
    if (root.contains("decoder") && !root["decoder"].is_null() &&
        type_of(root["decoder"]) != "ByteLevel")
        fail("uses the decoder " + shown(type_of(root["decoder"])) +
             "; only ByteLevel is supported");

    if (added.is_array()) read_added_tokens(added, index, count, out);
    std::sort(out.added.begin(), out.added.end(),
              [](const HfAddedToken& a, const HfAddedToken& b) { return a.id < b.id; });
    // Every id names a token: the vocabulary and the added tokens leave no gap.
    std::vector<bool> used = out.is_vocab;
    for (const HfAddedToken& t : out.added) used[size_t(t.id)] = true;
    for (size_t id = 0; id < used.size(); ++id)
        if (!used[id])
            fail("has no token with the id " + std::to_string(id) + " (ids must run from 0 to " +
                 std::to_string(used.size() - 1) + " without a gap)");
    return out;
}

} // namespace glm::tok
