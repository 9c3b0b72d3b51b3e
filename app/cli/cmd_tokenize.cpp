// glm-cli tokenize / detokenize: a tokenizer file and a kind in, token ids or text out. For
// checking a tokenizer against the reference (docs/tokenizers.md) and for looking at what the model
// sees.
#include "cli.h"
#include "glm/error.h"
#include "glm/tokenizer.h"

#include <cstdio>
#include <fstream>
#include <iterator>
#include <nlohmann/json.hpp>

namespace glm::cli {
namespace {

std::unique_ptr<Tokenizer> load_tokenizer(const Args& args) {
    if (const auto model = args.get("--model")) {
        auto tok = tokenizer_for_file(*model);
        if (!tok)
            throw Error(
                ErrorKind::InvalidArgument,
                *model +
                    " has no tokenizer (it was converted without one): it takes token ids only");
        return tok;
    }
    const auto path = args.get("--tokenizer");
    if (!path)
        throw Error(
            ErrorKind::InvalidArgument,
            "-m MODEL.gguf or --tokenizer FILE (ice_text.model, tokenizer.model) is required");
    const std::string kind_name = args.get_or("--kind", "");
    const auto kind = parse_tokenizer_kind(kind_name);
    if (!kind)
        throw Error(ErrorKind::InvalidArgument,
                    "--kind must be glm1, glm2, glm3 or glm4" +
                        (kind_name.empty() ? "" : " (not '" + kind_name + "')"));
    std::ifstream in(*path, std::ios::binary);
    if (!in) throw Error(ErrorKind::Io, "cannot open the tokenizer file " + *path);
    const std::vector<uint8_t> bytes((std::istreambuf_iterator<char>(in)),
                                     std::istreambuf_iterator<char>());
    if (in.bad()) throw Error(ErrorKind::Io, "cannot read the tokenizer file " + *path);
    return Tokenizer::create(*kind, bytes);
}

// JSON text; the library's output is valid UTF-8, the replacement is only a safety net.
std::string dump(const nlohmann::json& j, int indent = -1) {
    return j.dump(indent, ' ', false, nlohmann::json::error_handler_t::replace);
}

int run_tokenize(const Args& args) {
    const auto tokenizer = load_tokenizer(args);
    const auto text = args.get("--prompt");
    if (!text) return fail("-p TEXT is required");
    const std::vector<TokenId> ids =
        args.has("--plain") ? tokenizer->encode(*text) : tokenizer->encode_for_generation(*text);
    if (args.has("--json")) {
        nlohmann::json tokens = nlohmann::json::array();
        for (TokenId id : ids) tokens.push_back({{"id", id}, {"piece", tokenizer->token_name(id)}});
        const nlohmann::json out = {{"ids", ids}, {"count", ids.size()}, {"tokens", tokens}};
        std::printf("%s\n", dump(out, 2).c_str());
        return 0;
    }
    // One token per line: the id and its piece as a quoted string (so spaces and "\n" show).
    for (TokenId id : ids) std::printf("%8d  %s\n", id, dump(tokenizer->token_name(id)).c_str());
    std::printf("%zu tokens\n", ids.size());
    return 0;
}

int run_detokenize(const Args& args) {
    const auto tokenizer = load_tokenizer(args);
    const auto list = args.get("--ids");
    if (!list) return fail("--ids 1,2,3 is required");
    const std::vector<int> parsed = parse_id_list(*list);
    const std::vector<TokenId> ids(parsed.begin(), parsed.end());
    const std::string text =
        tokenizer->decode(ids, args.has("--special") ? SpecialTokens::Render : SpecialTokens::Skip);
    if (args.has("--json")) {
        std::printf("%s\n", dump({{"text", text}}, 2).c_str());
    } else {
        // fwrite, not printf: the text may contain NUL characters.
        std::fwrite(text.data(), 1, text.size(), stdout);
        std::fputc('\n', stdout);
    }
    return 0;
}

const std::vector<OptionSpec> kTokenizerOptions = {
    {"-m", "--model", true, "a GGUF model: its embedded tokenizer (no GPU needed)"},
    {"-t", "--tokenizer", true,
     "the tokenizer file: ice_text.model (glm1), tokenizer.model (glm2-4)"},
    {"-k", "--kind", true, "glm1, glm2, glm3 or glm4"},
    {"", "--json", false, "machine-readable output"}};

std::vector<OptionSpec> with(std::vector<OptionSpec> extra) {
    std::vector<OptionSpec> all = kTokenizerOptions;
    all.insert(all.end(), extra.begin(), extra.end());
    return all;
}

Registrar
    tokenize_reg({"tokenize", "turn text into the token ids a GLM model sees",
                  "(-m MODEL | --tokenizer FILE --kind glm1..glm4) -p TEXT [--plain] [--json]",
                  with({{"-p", "--prompt", true, "the text to tokenize"},
                        {"", "--plain", false, "no [gMASK]/sop around the text (plain encode)"}}),
                  run_tokenize});

Registrar detokenize_reg(
    {"detokenize", "turn token ids back into text",
     "(-m MODEL | --tokenizer FILE --kind glm1..glm4) --ids 1,2,3 [--special] [--json]",
     with({{"", "--ids", true, "comma-separated token ids"},
           {"", "--special", false, "show special tokens by name instead of hiding them"}}),
     run_detokenize});

} // namespace
} // namespace glm::cli
