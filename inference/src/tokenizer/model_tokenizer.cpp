// The glue between a model file and its text: which tokenizer and chat format it names.
#include "formats/gguf.h"
#include "glm/architecture.h"
#include "glm/chat_format.h"
#include "glm/error.h"
#include "glm/model.h"
#include "glm/tokenizer.h"
#include "models/model_config.h"
#include "tokenizer/factories.h"

namespace glm {

namespace {

std::unique_ptr<Tokenizer> make_tokenizer(const ModelConfig& c, std::span<const uint8_t> bytes,
                                          const std::string& file) {
    if (bytes.empty()) return nullptr;
    std::unique_ptr<Tokenizer> tokenizer;
    TokenizerKind kind = TokenizerKind::Glm4;
    if (c.tokenizer_model == tok::kHfBpeJsonTokenizerModel) {
        tokenizer = tok::make_hf_bpe_json_tokenizer(bytes);
    } else if (c.tokenizer_model == "glm4-tiktoken") {
        kind = TokenizerKind::Glm4;
    } else if (c.tokenizer_model == "glm-spm" || c.tokenizer_model.empty()) {
        kind = c.generation == Generation::Glm1   ? TokenizerKind::Glm1
               : c.generation == Generation::Glm3 ? TokenizerKind::Glm3
               : c.generation == Generation::Glm4 ? TokenizerKind::Glm4
                                                  : TokenizerKind::Glm2;
    } else {
        throw Error(ErrorKind::InvalidFile,
                    file + " names an unknown tokenizer '" + c.tokenizer_model + "'.");
    }
    if (!tokenizer) tokenizer = Tokenizer::create(kind, bytes);
    if (tokenizer->vocab_size() > int32_t(c.vocab))
        throw Error(ErrorKind::InvalidFile, file + ": the tokenizer has more tokens (" +
                                                std::to_string(tokenizer->vocab_size()) +
                                                ") than the model's vocabulary (" +
                                                std::to_string(c.vocab) + ").");
    return tokenizer;
}

} // namespace

std::unique_ptr<Tokenizer> tokenizer_for(const Model& model) {
    return make_tokenizer(model.config(), model.tokenizer_file(), model.path().filename().string());
}

std::unique_ptr<Tokenizer> tokenizer_for_file(const std::filesystem::path& gguf) {
    GgufFile f = GgufFile::open(gguf);
    const ModelConfig c = read_model_config(f);
    auto bytes = f.get_bytes("tokenizer.glm.file");
    return make_tokenizer(c, bytes ? *bytes : std::span<const uint8_t>{}, f.name());
}

std::unique_ptr<ChatFormat> chat_format_for(const Model& model, const Tokenizer& tokenizer) {
    return chat_format_for(model.config(), tokenizer, model.path().filename().string());
}

std::unique_ptr<ChatFormat> chat_format_for(const ModelConfig& c, const Tokenizer& tokenizer,
                                            const std::string& file) {
    ChatFormatKind kind = default_chat_format(tokenizer.kind());
    if (!c.chat_format.empty()) {
        auto named = parse_chat_format(c.chat_format);
        if (!named)
            throw Error(ErrorKind::InvalidFile,
                        file + " names an unknown chat format '" + c.chat_format + "'.");
        kind = *named;
    }
    auto format = ChatFormat::create(kind, tokenizer);
    if (c.architecture().mask == MaskKind::PrefixLm) {
        // ChatGLM-6B's positions are computed from the file's [gMASK] and <sop> ids; prompts get
        // them from the tokenizer. Ids missing or different make every reply fail: say so now.
        auto check = [&](int32_t declared, SpecialToken token, const char* name, const char* key) {
            const TokenId id = tokenizer.require_special(token);
            if (declared == id) return;
            if (declared < 0)
                throw Error(ErrorKind::InvalidFile,
                            file + " lacks the " + name + " token id (" + key +
                                ") that ChatGLM-6B needs to answer; convert the model again.");
            throw Error(ErrorKind::InvalidFile, file + " declares the " + name + " token as id " +
                                                    std::to_string(declared) + " (" + key +
                                                    ") but its tokenizer has it as " +
                                                    std::to_string(id) +
                                                    "; convert the model again.");
        };
        check(c.gmask_id, SpecialToken::GMask, "[gMASK]", "tokenizer.glm.gmask_token_id");
        check(c.bos_id, SpecialToken::Sop, "<sop>", "tokenizer.ggml.bos_token_id");
    }
    return format;
}

} // namespace glm
