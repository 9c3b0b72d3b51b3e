// Both transformers layouts end to end: random multi-layer checkpoints written in the official
// form (bf16 safetensors in shards with an index, transformers' names, a config.json of the real
// keys, tokenizer.json), with real-size heads (128, half rotated) over a narrower hidden and
// grouped-query attention; converted, then the Vulkan engine against the CPU reference, and a
// chat reply through the model's own tokenizer and chat format.
#include "checkpoint_builders.h"
#include "convert/hf_config.h"
#include "convert/tensor_plan.h"
#include "formats/gguf.h"
#include "glm/architecture.h"
#include "glm/chat_format.h"
#include "glm/convert.h"
#include "glm/session.h"
#include "glm/tokenizer.h"
#include "quant/fp16.h"
#include "reference/reference_model.h"
#include "relative_error.h"
#include "tokenizer_json_builder.h"
#include "vulkan_test_support.h"

#include <QTemporaryDir>
#include <QtTest>
#include <random>

using namespace glm;
using namespace glm::test;
namespace fs = std::filesystem;
using nlohmann::json;

namespace {

std::shared_ptr<ComputeDevice> gpu_device() {
    static std::shared_ptr<ComputeDevice> d = test::model_device();
    return d;
}

// GLM-4's shapes scaled down: 128-wide heads over hidden 256 (o_proj's input is 512 wide), 4 query
// heads over 2 key/value heads, a vocabulary with room for the test tokenizer and its specials.
ModelConfig small_config(Generation g) {
    ModelConfig c;
    c.generation = g;
    c.hidden = 256;
    c.layers = 2;
    c.heads = 4;
    c.kv_heads = 2;
    c.head_dim = 128;
    c.rope_dims = 64;
    c.ffn = 320;
    c.vocab = 640;
    c.context_length = 256;
    c.norm_eps = g == Generation::Glm4_0414 ? 1e-5f : 1.5625e-7f;
    c.rope_base = 10000.0f;
    return c;
}

Bytes bf16_bytes(const std::vector<float>& v) {
    Bytes b;
    for (float f : v) put16(b, fp32_to_bf16(f));
    return b;
}

// The checkpoint in transformers' layout, its tensors named and split by the converter's own
// map (source_parts), in two shards; `tokenizer_json` ships as tokenizer.json.
void write_checkpoint(const ModelConfig& c, const fs::path& dir,
                      const std::string& tokenizer_json) {
    fs::create_directories(dir);
    HfModel model;
    model.config = c;
    model.layout = CheckpointLayout::Transformers;
    std::mt19937 rng(7);
    std::vector<SafeTensor> tensors;
    for (const TensorSpec& spec : model_tensors(c)) {
        const bool norm = !spec.is_matrix() && spec.role != TensorRole::QkvBias;
        const float scale = spec.is_matrix() ? 1.7f / std::sqrt(float(spec.dims[0])) : 0.1f;
        std::uniform_real_distribution<float> u(-scale, scale);
        for (const SourcePart& part : source_parts(model, spec)) {
            std::vector<uint64_t> shape{part.rows};
            if (spec.is_matrix()) shape.push_back(spec.dims[0]);
            std::vector<float> v(size_t(part.rows * (spec.is_matrix() ? spec.dims[0] : 1)));
            for (float& x : v) x = norm ? 1.0f + u(rng) : u(rng);
            if (spec.role == TensorRole::Embedding)
                for (float& x : v) x *= 20.0f; // embeddings are not normalised by fan-in
            tensors.push_back({part.name, "BF16", shape, bf16_bytes(v)});
        }
    }
    json index = {{"metadata", json::object()}, {"weight_map", json::object()}};
    const size_t half = tensors.size() / 2;
    for (int shard = 0; shard < 2; ++shard) {
        const std::string file = "model-0000" + std::to_string(shard + 1) + "-of-00002.safetensors";
        const std::vector<SafeTensor> part(tensors.begin() + (shard ? long(half) : 0),
                                           shard ? tensors.end() : tensors.begin() + long(half));
        for (const SafeTensor& t : part) index["weight_map"][t.name] = file;
        const Bytes bytes = safetensors_file(part);
        std::ofstream(dir / file, std::ios::binary)
            .write(reinterpret_cast<const char*>(bytes.data()), long(bytes.size()));
    }
    std::ofstream(dir / "model.safetensors.index.json") << index.dump(1);
    const bool sandwich = c.generation == Generation::Glm4_0414;
    // The real configs' keys; partial_rotary_factor left out as glm-4-9b-chat-hf does.
    const json config = {{"architectures", {sandwich ? "Glm4ForCausalLM" : "GlmForCausalLM"}},
                         {"model_type", sandwich ? "glm4" : "glm"},
                         {"attention_bias", c.qkv_bias},
                         {"attention_dropout", 0.0},
                         {"eos_token_id", {151329, 151336, 151338}},
                         {"head_dim", c.head_dim},
                         {"hidden_act", "silu"},
                         {"hidden_size", c.hidden},
                         {"initializer_range", 0.02},
                         {"intermediate_size", c.ffn},
                         {"max_position_embeddings", c.context_length},
                         {"num_attention_heads", c.heads},
                         {"num_hidden_layers", c.layers},
                         {"num_key_value_heads", c.kv_heads},
                         {"pad_token_id", 151329},
                         {"rms_norm_eps", c.norm_eps},
                         {"rope_theta", c.rope_base},
                         {"tie_word_embeddings", false},
                         {"torch_dtype", "bfloat16"},
                         {"vocab_size", c.vocab}};
    std::ofstream(dir / "config.json") << config.dump(2);
    std::ofstream(dir / "tokenizer.json") << tokenizer_json;
}

} // namespace

class TestEngineTransformers : public QObject {
    Q_OBJECT
    QTemporaryDir tmp_;

private slots:
    void cleanup() { GLM_VERIFY_NO_VALIDATION_ERRORS(); }

    void convertedModelMatchesReferenceAndChats_data() {
        QTest::addColumn<int>("generation");
        QTest::addColumn<QString>("type");
        QTest::addColumn<bool>("qkvBias");
        QTest::newRow("GlmForCausalLM f32") << int(Generation::Glm4) << "f32" << true;
        QTest::newRow("GlmForCausalLM q4_0") << int(Generation::Glm4) << "q4_0" << true;
        QTest::newRow("Glm4ForCausalLM f32") << int(Generation::Glm4_0414) << "f32" << true;
        QTest::newRow("Glm4ForCausalLM q8_0") << int(Generation::Glm4_0414) << "q8_0" << true;
        // GLM-4-32B-0414's attention has no biases at all.
        QTest::newRow("Glm4ForCausalLM without q/k/v bias")
            << int(Generation::Glm4_0414) << "f32" << false;
    }
    void convertedModelMatchesReferenceAndChats() {
        QFETCH(int, generation);
        QFETCH(QString, type);
        QFETCH(bool, qkvBias);
        ModelConfig c = small_config(Generation(generation));
        c.qkv_bias = qkvBias;
        const std::string tag = QTest::currentDataTag();
        const fs::path dir = fs::path(tmp_.path().toStdString()) /
                             ("ckpt-" + type.toStdString() + std::to_string(generation) +
                              (qkvBias ? "" : "-nobias"));
        const std::string tokenizer_json = glm4_test_tokenizer_json();
        write_checkpoint(c, dir, tokenizer_json);
        const fs::path out = dir.string() + ".gguf";
        ConvertOptions o;
        o.type = *tensor_type_from_string(type.toStdString());
        convert_checkpoint(dir, out, o);

        // The engine against the reference on the converted file.
        const GgufFile f = GgufFile::open(out);
        ReferenceModel ref(f);
        QCOMPARE(ref.config().generation, Generation(generation));
        QCOMPARE(ref.config().head_dim, 128u);
        QCOMPARE(ref.config().rope_dims, 64u);
        QCOMPARE(ref.config().norm_eps, c.norm_eps); // exactly: 1e-5 vs 1.5625e-7 barely shows
        QCOMPARE(ref.config().qkv_bias, qkvBias);
        QCOMPARE(f.tensor("blk.1.attn_qkv.bias") != nullptr, qkvBias);
        auto model = Model::load(gpu_device(), out);
        Session s(model, SessionOptions{64, KvCacheType::F32, 0});
        auto cache = ref.new_cache(64);
        const std::vector<int32_t> prompt = {5, 17, 300, 42, 7, 99};
        const auto got = s.prefill(prompt, true);
        const auto hidden = ref.forward(prompt, cache);
        double worst = 0;
        for (size_t i = 0; i < prompt.size(); ++i) {
            const std::vector<float> g(got.begin() + long(i * c.vocab),
                                       got.begin() + long((i + 1) * c.vocab));
            worst = std::max(worst, test::relative_error(g, ref.logits(&hidden[i * c.hidden])));
        }
        qInfo("%s: worst relative logit error %.2e", tag.c_str(), worst);
        // Tight: the wrong one of the two published epsilons moves these logits by only about
        // 8e-5, so the existing 1e-4 bound would let it through (the f32 rows keep that check
        // on the CPU backend, whose quantized products are looser).
        QVERIFY(worst < test::logit_bound(*tensor_type_from_string(type.toStdString()), 1e-5));

        // A chat reply through the file's own tokenizer (tokenizer.json) and chat format.
        const auto tokenizer = tokenizer_for(*model);
        QVERIFY(tokenizer);
        const auto format = chat_format_for(*model, *tokenizer);
        QCOMPARE(format->kind(), ChatFormatKind::Glm4);
        const auto chat = format->build(std::vector<ChatMessage>{{Role::User, "你好, GLM!"}});
        Session chat_session(model, SessionOptions{128, KvCacheType::F16, 0});
        GenerateParams params;
        params.max_new_tokens = 8;
        params.vocab_limit = uint32_t(tokenizer->vocab_size());
        std::vector<int32_t> reply;
        const auto stats =
            chat_session.generate(chat.ids, params, [&](int32_t id) { reply.push_back(id); });
        QVERIFY(stats.generated_tokens > 0);
        QVERIFY(!tokenizer->decode(reply).empty() || stats.stop == StopReason::EndOfText);
    }
};

QTEST_GUILESS_MAIN(TestEngineTransformers)
#include "tst_engine_transformers.moc"
