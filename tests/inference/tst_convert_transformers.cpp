// transformers' GlmForCausalLM layout (glm-4-9b-chat-hf): a copy of the THUDM-layout GLM-4
// fixture rewritten the way transformers' own conversion script writes it (q/k/v split, Llama-style
// names, sharded safetensors with an index, rope_theta = 10000 · rope_ratio) must convert into
// the very same model file; and GlmConfig's defaults that differ from Llama's are applied.
#include "checkpoint_builders.h"
#include "convert/checkpoint_files.h"
#include "convert/hf_config.h"
#include "convert_test_support.h"
#include "glm/architecture.h"
#include "glm/error.h"
#include "models/model_config.h"
#include "tokenizer_json_builder.h"
#include "tokenizer_test_util.h"

using namespace glm;
using namespace glm::test;
namespace fs = std::filesystem;
using nlohmann::json;

namespace {

// The THUDM fixture's tensors, by name: dtype, shape and bytes.
std::map<std::string, SafeTensor> read_tensors(const fs::path& dir) {
    const CheckpointFiles files = CheckpointFiles::open(dir);
    std::map<std::string, SafeTensor> out;
    for (const auto& [name, located] : files.tensors()) {
        const SourceTensor& t = *located.tensor;
        SafeTensor s{name, t.dtype == SourceDType::BF16 ? "BF16" : "F32", t.shape, {}};
        if (t.dtype != SourceDType::BF16 && t.dtype != SourceDType::F32)
            throw std::runtime_error("unexpected fixture dtype");
        s.data.resize(size_t(t.bytes));
        located.shard->file.read(t.offset, s.data.data(), s.data.size());
        out[name] = std::move(s);
    }
    return out;
}

// Rows [first, first + n) of a tensor whose rows are `row_bytes` long.
SafeTensor rows_of(const SafeTensor& t, const std::string& name, uint64_t first, uint64_t n) {
    const uint64_t row_bytes = t.data.size() / t.shape[0];
    SafeTensor s{name, t.dtype, t.shape, {}};
    s.shape[0] = n;
    s.data.assign(t.data.begin() + long(first * row_bytes),
                  t.data.begin() + long((first + n) * row_bytes));
    return s;
}

struct Shapes {
    uint64_t q = 0, kv = 0;
};

// Glm4ForCausalLM's two extra norms per layer (post_self_attn_layernorm, post_mlp_layernorm).
std::vector<float> sandwich_norm(uint32_t layer, int which, uint64_t hidden) {
    std::vector<float> v(hidden);
    for (uint64_t i = 0; i < hidden; ++i)
        v[i] = 1.0f + 0.01f * float((i * 7 + layer * 3 + which) % 11);
    return v;
}

// The fixture in transformers' layout, in two shards with an index; `edit` changes config.json.
// `sandwich` writes Glm4ForCausalLM (GLM-4-0414) with its extra norms instead of GlmForCausalLM.
void write_transformers_copy(const fs::path& from, const fs::path& to, const Shapes& shapes,
                             uint32_t layers, const std::function<void(json&)>& edit = {},
                             bool sandwich = false) {
    fs::create_directories(to);
    const auto src = read_tensors(from);
    std::vector<SafeTensor> out;
    auto rename = [&](const std::string& a, const std::string& b) {
        SafeTensor t = src.at(a);
        t.name = b;
        out.push_back(std::move(t));
    };
    rename("transformer.embedding.word_embeddings.weight", "model.embed_tokens.weight");
    for (uint32_t l = 0; l < layers; ++l) {
        const std::string a = "transformer.encoder.layers." + std::to_string(l) + ".";
        const std::string b = "model.layers." + std::to_string(l) + ".";
        rename(a + "input_layernorm.weight", b + "input_layernorm.weight");
        for (const char* kind : {"weight", "bias"}) {
            const SafeTensor& qkv = src.at(a + "self_attention.query_key_value." + kind);
            out.push_back(rows_of(qkv, b + "self_attn.q_proj." + kind, 0, shapes.q));
            out.push_back(rows_of(qkv, b + "self_attn.k_proj." + kind, shapes.q, shapes.kv));
            out.push_back(
                rows_of(qkv, b + "self_attn.v_proj." + kind, shapes.q + shapes.kv, shapes.kv));
        }
        rename(a + "self_attention.dense.weight", b + "self_attn.o_proj.weight");
        rename(a + "post_attention_layernorm.weight", b + "post_attention_layernorm.weight");
        rename(a + "mlp.dense_h_to_4h.weight", b + "mlp.gate_up_proj.weight");
        rename(a + "mlp.dense_4h_to_h.weight", b + "mlp.down_proj.weight");
        if (sandwich) {
            const uint64_t hidden = src.at(a + "input_layernorm.weight").shape[0];
            out.push_back({b + "post_self_attn_layernorm.weight",
                           "F32",
                           {hidden},
                           float_bytes(sandwich_norm(l, 0, hidden))});
            out.push_back({b + "post_mlp_layernorm.weight",
                           "F32",
                           {hidden},
                           float_bytes(sandwich_norm(l, 1, hidden))});
        }
    }
    rename("transformer.encoder.final_layernorm.weight", "model.norm.weight");
    rename("transformer.output_layer.weight", "lm_head.weight");

    const size_t half = out.size() / 2;
    json index = {{"metadata", json::object()}, {"weight_map", json::object()}};
    for (int shard = 0; shard < 2; ++shard) {
        const std::string file = "model-0000" + std::to_string(shard + 1) + "-of-00002.safetensors";
        const std::vector<SafeTensor> part(out.begin() + (shard ? long(half) : 0),
                                           shard ? out.end() : out.begin() + long(half));
        for (const SafeTensor& t : part) index["weight_map"][t.name] = file;
        const Bytes bytes = safetensors_file(part);
        std::ofstream(to / file, std::ios::binary)
            .write(reinterpret_cast<const char*>(bytes.data()), long(bytes.size()));
    }
    std::ofstream(to / "model.safetensors.index.json") << index.dump(2);

    // What transformers' conversion script writes for the fixture's ChatGLM config: no
    // partial_rotary_factor (GlmConfig's 0.5 applies), rope_theta = 10000 · rope_ratio.
    const json thudm = json::parse(std::ifstream(from / "config.json"));
    json config = {{"architectures", {sandwich ? "Glm4ForCausalLM" : "GlmForCausalLM"}},
                   {"model_type", sandwich ? "glm4" : "glm"},
                   {"attention_bias", true},
                   {"head_dim", thudm["kv_channels"]},
                   {"hidden_act", "silu"},
                   {"hidden_size", thudm["hidden_size"]},
                   {"intermediate_size", thudm["ffn_hidden_size"]},
                   {"max_position_embeddings", thudm["seq_length"]},
                   {"num_attention_heads", thudm["num_attention_heads"]},
                   {"num_hidden_layers", thudm["num_layers"]},
                   {"num_key_value_heads", thudm["multi_query_group_num"]},
                   {"rms_norm_eps", thudm["layernorm_epsilon"]},
                   {"rope_theta", 10000.0 * thudm["rope_ratio"].get<double>()},
                   {"tie_word_embeddings", false},
                   {"vocab_size", thudm["padded_vocab_size"]},
                   {"eos_token_id", thudm["eos_token_id"]},
                   {"pad_token_id", thudm["pad_token_id"]},
                   {"_name_or_path", thudm["_name_or_path"]},
                   {"torch_dtype", "bfloat16"}};
    if (edit) edit(config);
    std::ofstream(to / "config.json") << config.dump(2);
    fs::copy_file(from / "tokenizer.model", to / "tokenizer.model");
}

const char* kFixture = "glm4-bf16-safetensors";

} // namespace

class TestConvertTransformers : public QObject {
    Q_OBJECT
    QTemporaryDir tmp_;
    ModelConfig thudm_;
    Shapes shapes_;

    fs::path copy(const std::string& name, const std::function<void(json&)>& edit = {},
                  bool sandwich = false) {
        const fs::path dir = scratch(tmp_, name);
        write_transformers_copy(checkpoint(kFixture), dir, shapes_, thudm_.layers, edit, sandwich);
        return dir;
    }

private slots:
    void initTestCase() {
        QVERIFY(tmp_.isValid());
        thudm_ = read_hf_model(checkpoint(kFixture)).config;
        shapes_ = {q_width(thudm_), kv_width(thudm_)};
    }

    // Every tensor of the two files has the same bytes and the configurations agree, so the
    // engine computes the same logits from both (it reads nothing else).
    void sameModelFileAsTheThudmLayout_data() {
        QTest::addColumn<QString>("type");
        QTest::newRow("f32") << "f32";
        QTest::newRow("q4_0") << "q4_0"; // quantized after fusing: q/k/v rows in whole blocks
    }
    void sameModelFileAsTheThudmLayout() {
        QFETCH(QString, type);
        const TensorType t = *tensor_type_from_string(type.toStdString());
        const fs::path hf = copy("hf-" + type.toStdString());
        const HfModel model = read_hf_model(hf);
        QVERIFY(model.layout == CheckpointLayout::Transformers);
        QCOMPARE(CheckpointFiles::open(hf).shards().size(), size_t(2));

        const fs::path a = scratch(tmp_, "thudm-" + type.toStdString() + ".gguf");
        const fs::path b = scratch(tmp_, "hf-" + type.toStdString() + ".gguf");
        convert_checkpoint(checkpoint(kFixture), a, options_for(t));
        convert_checkpoint(hf, b, options_for(t));
        const GgufFile fa = GgufFile::open(a), fb = GgufFile::open(b);
        ModelConfig ca = read_model_config(fa), cb = read_model_config(fb);
        QCOMPARE(cb.generation, Generation::Glm4);
        QCOMPARE(cb.rope_base, ca.rope_base); // 10000 · rope_ratio: 5e6
        QCOMPARE(cb.norm_eps, ca.norm_eps);
        QCOMPARE(cb.head_dim, ca.head_dim);
        QCOMPARE(cb.rope_dims, ca.rope_dims);
        QCOMPARE(cb.kv_heads, ca.kv_heads);
        QCOMPARE(cb.context_length, ca.context_length);
        QCOMPARE(cb.eos_ids, ca.eos_ids);
        QCOMPARE(cb.bos_id, ca.bos_id);
        QCOMPARE(cb.gmask_id, ca.gmask_id);
        QCOMPARE(cb.chat_format, ca.chat_format);
        QCOMPARE(cb.tokenizer_model, ca.tokenizer_model);
        for (const TensorSpec& spec : model_tensors(ca)) {
            const GgufTensorInfo* ta = fa.tensor(spec.name);
            const GgufTensorInfo* tb = fb.tensor(spec.name);
            QVERIFY2(ta && tb, spec.name.c_str());
            QCOMPARE(tb->type, ta->type);
            const auto da = fa.tensor_data(*ta), db = fb.tensor_data(*tb);
            QVERIFY2(da.size() == db.size() && std::memcmp(da.data(), db.data(), da.size()) == 0,
                     spec.name.c_str());
        }
    }

    // Glm4ForCausalLM (GLM-4-0414, GLM-Z1): the same tensors plus the two sandwich norms per
    // layer, written under llama.cpp's "glm4" architecture and names.
    void glm4_0414Converts() {
        const fs::path hf = copy("glm4-0414", {}, true);
        const fs::path a = scratch(tmp_, "glm4-thudm.gguf"), b = scratch(tmp_, "glm4-0414.gguf");
        convert_checkpoint(checkpoint(kFixture), a, options_for(TensorType::F32));
        convert_checkpoint(hf, b, options_for(TensorType::F32));
        const GgufFile fa = GgufFile::open(a), fb = GgufFile::open(b);
        QCOMPARE(fb.require_string("general.architecture"), std::string("glm4"));
        const ModelConfig cb = read_model_config(fb);
        QCOMPARE(cb.generation, Generation::Glm4_0414);
        QVERIFY(fb.get_uint("glm4.block_count").has_value());
        for (const TensorSpec& spec : model_tensors(cb)) {
            const GgufTensorInfo* tb = fb.tensor(spec.name);
            QVERIFY2(tb, spec.name.c_str());
            const auto db = fb.tensor_data(*tb);
            if (spec.role == TensorRole::AttnPostNorm || spec.role == TensorRole::FfnPostNorm) {
                const auto want = sandwich_norm(
                    uint32_t(spec.layer), spec.role == TensorRole::AttnPostNorm ? 0 : 1, cb.hidden);
                QVERIFY2(db.size() == want.size() * 4 &&
                             std::memcmp(db.data(), want.data(), db.size()) == 0,
                         spec.name.c_str());
                continue;
            }
            const GgufTensorInfo* ta = fa.tensor(spec.name);
            QVERIFY2(ta, spec.name.c_str());
            const auto da = fa.tensor_data(*ta);
            QVERIFY2(da.size() == db.size() && std::memcmp(da.data(), db.data(), da.size()) == 0,
                     spec.name.c_str());
        }
        QCOMPARE(model_tensors(cb).size(),
                 model_tensors(read_model_config(fa)).size() + 2 * size_t(cb.layers));
    }
    // transformers' repositories ship tokenizer.json: it is embedded as it is, read back by the
    // engine as the same tokenizer, and a broken one is refused when converting.
    void tokenizerJsonIsEmbedded() {
        const fs::path hf = copy("tokenizer-json");
        fs::remove(hf / "tokenizer.model");
        const std::string json_text = glm4_test_tokenizer_json();
        std::ofstream(hf / "tokenizer.json") << json_text;
        const fs::path out = scratch(tmp_, "tokenizer-json.gguf");
        convert_checkpoint(hf, out, options_for(TensorType::F32));
        const GgufFile f = GgufFile::open(out);
        QCOMPARE(f.require_string("tokenizer.ggml.model"), std::string("hf-bpe-json"));
        const auto embedded = f.get_bytes("tokenizer.glm.file");
        QVERIFY(embedded && std::string(embedded->begin(), embedded->end()) == json_text);
        const auto from_file = Tokenizer::create(TokenizerKind::Glm4, *embedded);
        const auto tiktoken = glm4_test_tokenizer();
        for (const std::string& text : round_trip_texts())
            QCOMPARE(from_file->encode(text), tiktoken->encode(text));

        std::ofstream(hf / "tokenizer.json") << json_text.substr(0, json_text.size() / 2);
        try {
            convert_checkpoint(hf, scratch(tmp_, "broken.gguf"), options_for(TensorType::F32));
            QFAIL("converted with a broken tokenizer.json");
        } catch (const Error& e) {
            QVERIFY2(std::string(e.what()).find("tokenizer.json") != std::string::npos, e.what());
        }
    }

    // GLM-Z1's template opens the thinking in the prompt: its chat format says so.
    void z1GetsTheThinkingChatFormat() {
        const fs::path plain = copy("glm4-0414-chat", {}, true);
        QCOMPARE(read_hf_model(plain).config.chat_format, std::string("glm4"));
        const fs::path z1 = copy("glm-z1", {}, true);
        const json config = {{"chat_template", "[gMASK]<sop>{%- for m in messages -%}...{%- "
                                               "endfor -%}{%- if add_generation_prompt "
                                               "-%}<|assistant|>\\n<think>{%- endif -%}"}};
        std::ofstream(z1 / "tokenizer_config.json") << config.dump();
        QCOMPARE(read_hf_model(z1).config.chat_format, std::string("glm4-think"));
    }
    void glm4_0414WithoutItsNormsIsRefused() {
        // A Glm4ForCausalLM config over GlmForCausalLM weights: the norms are missing, by name.
        const fs::path hf = copy("glm4-0414-no-norms", [](json& c) { c["model_type"] = "glm4"; });
        try {
            convert_checkpoint(hf, scratch(tmp_, "no-norms.gguf"), options_for(TensorType::F32));
            QFAIL("converted without the sandwich norms");
        } catch (const Error& e) {
            QVERIFY2(std::string(e.what()).find("post_self_attn_layernorm") != std::string::npos,
                     e.what());
        }
    }

    // GlmConfig's defaults, which are not Llama's.
    void missingHeadDimMeans128() {
        // The fixture's heads are 16 wide; without head_dim the config implies 128, so the q
        // projection no longer fits and the error names it (hidden / heads would wrongly fit).
        const fs::path hf = copy("no-head-dim", [](json& c) { c.erase("head_dim"); });
        QCOMPARE(read_hf_model(hf).config.head_dim, 128u);
        try {
            convert_checkpoint(hf, scratch(tmp_, "no-head-dim.gguf"), options_for(TensorType::F32));
            QFAIL("converted with the wrong head size");
        } catch (const Error& e) {
            QVERIFY2(std::string(e.what()).find("q_proj.weight") != std::string::npos, e.what());
            QVERIFY2(std::string(e.what()).find("[256, 32]") != std::string::npos, e.what());
        }
    }
    void missingEpsIsGlmConfigDefault() {
        const fs::path hf = copy("no-eps", [](json& c) { c.erase("rms_norm_eps"); });
        QCOMPARE(read_hf_model(hf).config.norm_eps, 1.5625e-7f);
    }
    void ropeThetaIsTakenAsWritten() {
        // glm-4-9b-chat-hf says 10000 where THUDM's original uses 5e6: follow the file.
        const fs::path hf = copy("theta", [](json& c) { c["rope_theta"] = 10000.0; });
        QCOMPARE(read_hf_model(hf).config.rope_base, 10000.0f);
        const fs::path nested = copy("theta-nested", [](json& c) {
            c.erase("rope_theta");
            c["rope_parameters"] = {{"rope_theta", 250000.0}, {"rope_type", "default"}};
        });
        QCOMPARE(read_hf_model(nested).config.rope_base, 250000.0f);
    }
    void rotaryIsHalfTheHead() {
        const HfModel m = read_hf_model(copy("partial-default"));
        QCOMPARE(m.config.rope_dims, m.config.head_dim / 2);
        QCOMPARE(architecture(m.config.generation).rotary, RotaryKind::InterleavedPairs);
    }

    // What the engine does not run yet is refused by name.
    void unsupportedVariantsAreRefused_data() {
        QTest::addColumn<QString>("key");
        QTest::addColumn<QString>("value");
        QTest::newRow("partial rotary 1.0") << "partial_rotary_factor"
                                            << "1.0";
        QTest::newRow("tied head") << "tie_word_embeddings"
                                   << "true";
        QTest::newRow("rope scaling") << "rope_scaling"
                                      << R"({"type": "linear", "factor": 2})";
        QTest::newRow("activation") << "hidden_act"
                                    << R"("gelu")";
        QTest::newRow("other model") << "model_type"
                                     << R"("llama")";
    }
    void unsupportedVariantsAreRefused() {
        QFETCH(QString, key);
        QFETCH(QString, value);
        const std::string k = key.toStdString();
        const fs::path hf =
            copy("refused-" + k, [&](json& c) { c[k] = json::parse(value.toStdString()); });
        try {
            read_hf_model(hf);
            QFAIL("accepted");
        } catch (const Error& e) {
            QCOMPARE(e.kind(), ErrorKind::InvalidFile);
            const std::string what = e.what();
            QVERIFY2(what.find(k == "model_type" ? "llama" : k) != std::string::npos, e.what());
        }
    }

    void missingPartIsNamed() {
        const fs::path hf = copy("missing-part");
        // Drop v_proj from the index: the shard still holds it, but the index is what is read.
        json index = json::parse(std::ifstream(hf / "model.safetensors.index.json"));
        index["weight_map"].erase("model.layers.1.self_attn.v_proj.weight");
        std::ofstream(hf / "model.safetensors.index.json") << index.dump();
        try {
            convert_checkpoint(hf, scratch(tmp_, "missing.gguf"), options_for(TensorType::F32));
            QFAIL("converted without v_proj");
        } catch (const Error& e) {
            QVERIFY2(std::string(e.what()).find("model.layers.1.self_attn.v_proj.weight") !=
                         std::string::npos,
                     e.what());
        }
    }
};

QTEST_GUILESS_MAIN(TestConvertTransformers)
#include "tst_convert_transformers.moc"
