#include "tokenizer/tiktoken_ranks.h"

#include "glm/error.h"

#include <charconv>
#include <cstdio>
#include <limits>
#include <memory>

namespace glm::tok {

namespace {

int base64_value(char c) {
    if (c >= 'A' && c <= 'Z') return c - 'A';
    if (c >= 'a' && c <= 'z') return c - 'a' + 26;
    if (c >= '0' && c <= '9') return c - '0' + 52;
    if (c == '+') return 62;
    if (c == '/') return 63;
    return -1;
}

[[noreturn]] void bad_line(size_t line, const std::string& why) {
    throw Error(ErrorKind::InvalidFile, "the GLM4 tokenizer (tokenizer.model) is damaged: line " +
                                            std::to_string(line) + " " + why);
}

std::string_view trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r'))
        s.remove_suffix(1);
    return s;
}

} // namespace

bool decode_base64(std::string_view text, std::string& out) {
    out.clear();
    if (text.size() % 4 != 0) return false;
    for (size_t i = 0; i < text.size(); i += 4) {
        int v[4];
        int pad = 0;
        for (int k = 0; k < 4; ++k) {
            const char c = text[i + size_t(k)];
            if (c == '=') {
                // padding only in the last group, only at its end
                if (i + 4 != text.size() || k < 2) return false;
                ++pad;
                v[k] = 0;
            } else {
                if (pad > 0) return false;
                v[k] = base64_value(c);
                if (v[k] < 0) return false;
            }
        }
        const uint32_t group = (uint32_t(v[0]) << 18) | (uint32_t(v[1]) << 12) |
                               (uint32_t(v[2]) << 6) | uint32_t(v[3]);
        out.push_back(char(group >> 16));
        if (pad < 2) out.push_back(char((group >> 8) & 0xFF));
        if (pad < 1) out.push_back(char(group & 0xFF));
    }
    return true;
}

RankTable RankTable::parse(std::string_view file) {
    struct Line {
        std::string_view token_b64;
        size_t number;
    };
    // First pass: split into lines so the number of tokens is known before ranks are checked.
    std::vector<std::pair<Line, uint64_t>> lines;
    size_t line_number = 0, pos = 0;
    while (pos < file.size()) {
        size_t end = file.find('\n', pos);
        if (end == std::string_view::npos) end = file.size();
        const std::string_view line = trim(file.substr(pos, end - pos));
        pos = end + 1;
        ++line_number;
        if (line.empty()) continue;
        const size_t space = line.find_first_of(" \t");
        if (space == std::string_view::npos) bad_line(line_number, "has no rank after the token");
        const std::string_view token = line.substr(0, space);
        const std::string_view rank_text = trim(line.substr(space));
        uint64_t rank = 0;
        const auto [ptr, ec] =
            std::from_chars(rank_text.data(), rank_text.data() + rank_text.size(), rank);
        if (ec != std::errc() || ptr != rank_text.data() + rank_text.size())
            bad_line(line_number, "has '" + std::string(rank_text.substr(0, 40)) +
                                      "' where a rank (a whole number) belongs");
        lines.push_back({{token, line_number}, rank});
    }
    if (lines.size() < 256)
        throw Error(ErrorKind::InvalidFile,
                    "the GLM4 tokenizer (tokenizer.model) has " + std::to_string(lines.size()) +
                        " tokens; a tiktoken rank file has at least the 256 byte values "
                        "(is this the right file?)");
    if (lines.size() > 16'000'000)
        throw Error(ErrorKind::InvalidFile,
                    "the GLM4 tokenizer (tokenizer.model) has too many tokens (" +
                        std::to_string(lines.size()) + ")");

    RankTable table;
    const size_t n = lines.size();
    std::vector<std::string> by_rank(n);
    std::vector<size_t> line_of_rank(n, 0);
    std::string decoded;
    for (const auto& [line, rank] : lines) {
        if (rank >= n)
            bad_line(line.number, "has rank " + std::to_string(rank) + ", but a file of " +
                                      std::to_string(n) + " tokens must use exactly the ranks 0.." +
                                      std::to_string(n - 1));
        if (line_of_rank[rank] != 0)
            bad_line(line.number, "repeats rank " + std::to_string(rank) + " of line " +
                                      std::to_string(line_of_rank[rank]));
        if (!decode_base64(line.token_b64, decoded) || decoded.empty())
            bad_line(line.number, "has a token that is not valid base64: '" +
                                      std::string(line.token_b64.substr(0, 40)) + "'");
        line_of_rank[rank] = line.number;
        by_rank[rank] = decoded;
    }

    table.arena_ = std::make_unique<std::string>();
    table.offsets_.reserve(n + 1);
    size_t total = 0;
    for (const auto& b : by_rank) total += b.size();
    if (total > std::numeric_limits<uint32_t>::max())
        throw Error(ErrorKind::InvalidFile, "the GLM4 tokenizer (tokenizer.model) is too large");
    table.arena_->reserve(total);
    for (const auto& b : by_rank) {
        table.offsets_.push_back(uint32_t(table.arena_->size()));
        table.arena_->append(b);
    }
    table.offsets_.push_back(uint32_t(table.arena_->size()));
    table.index_.reserve(n);
    for (size_t r = 0; r < n; ++r) {
        const auto [it, inserted] = table.index_.emplace(table.bytes(int32_t(r)), int32_t(r));
        if (!inserted)
            bad_line(line_of_rank[r], "repeats the token of line " +
                                          std::to_string(line_of_rank[size_t(it->second)]));
    }
    for (int b = 0; b < 256; ++b) {
        const char byte = char(b);
        if (table.rank(std::string_view(&byte, 1)) < 0) {
            char hex[8];
            std::snprintf(hex, sizeof hex, "0x%02X", b);
            throw Error(ErrorKind::InvalidFile,
                        std::string("the GLM4 tokenizer (tokenizer.model) is damaged: the byte ") +
                            hex + " has no token, so some text could not be encoded");
        }
    }
    return table;
}

} // namespace glm::tok
