// Bigger random models (real head size 128, so every rotary frequency is used): the Vulkan
// engine against the CPU reference for each weight type, greedy generation, split weights.
#include "formats/gguf.h"
#include "glm/architecture.h"
#include "glm/error.h"
#include "glm/session.h"
#include "golden_models.h"
#include "reference/reference_model.h"
#include "relative_error.h"
#include "vulkan_test_support.h"

#include <QTemporaryDir>
#include <QtTest>
#include <algorithm>
#include <cmath>
#include <fstream>

using namespace glm;
Q_DECLARE_METATYPE(glm::KvCacheType)

namespace {

std::shared_ptr<ComputeDevice> gpu() {
    static std::shared_ptr<ComputeDevice> d = test::model_device();
    return d;
}

ModelConfig config_for(const QString& gen) {
    if (gen == "glm4-0414") return test::random_glm4_0414_config();
    return gen == "glm1" ? test::random_glm1_config() : test::random_glm2_config();
}

std::vector<int32_t> prompt_for(const ModelConfig& c) {
    if (c.architecture().mask == MaskKind::PrefixLm)
        return {5, 17, 300, 42, 7, 991, 994}; // text, [gMASK], <sop>
    return {770, 772, 11, 500, 23, 9, 640};   // [gMASK], sop, text
}

int32_t argmax(const std::vector<float>& v) {
    return int32_t(std::max_element(v.begin(), v.end()) - v.begin());
}

} // namespace

class TestEngineModels : public QObject {
    Q_OBJECT
    QTemporaryDir dir;
    std::filesystem::path file(const QString& name) {
        return std::filesystem::path(dir.path().toStdString()) / name.toStdString();
    }

private slots:
    void cleanup() { GLM_VERIFY_NO_VALIDATION_ERRORS(); }

    void logitsMatchReference_data() {
        QTest::addColumn<QString>("gen");
        QTest::addColumn<int>("type");
        QTest::addColumn<KvCacheType>("kv");
        QTest::addColumn<double>("bound");
        QTest::addColumn<int>("chunk");
        const auto f32 = KvCacheType::F32, f16 = KvCacheType::F16;
        for (QString g : {"glm1", "glm2"}) {
            QTest::addRow("%s F32 fp32-cache", qPrintable(g))
                << g << int(TensorType::F32) << f32 << 1e-4 << 0;
            // fp16 KV cache / fp16 weights: measured up to 2e-5 on lavapipe.
            QTest::addRow("%s F32 fp16-cache", qPrintable(g))
                << g << int(TensorType::F32) << f16 << 2e-4 << 0;
            QTest::addRow("%s F16", qPrintable(g)) << g << int(TensorType::F16) << f16 << 2e-4 << 0;
            // Quantized weights against the reference computing with the same dequantized weights.
            QTest::addRow("%s Q8_0", qPrintable(g))
                << g << int(TensorType::Q8_0) << f32 << 1e-4 << 0;
            QTest::addRow("%s Q4_0", qPrintable(g))
                << g << int(TensorType::Q4_0) << f32 << 1e-4 << 0;
            // The prompt recorded 3 tokens at a time (the last chunk shorter).
            QTest::addRow("%s Q4_0 in chunks of 3", qPrintable(g))
                << g << int(TensorType::Q4_0) << f32 << 1e-4 << 3;
            // The 8-bit cache against the exact reference, i.e. its accuracy: measured 7.5e-4
            // (GLM1) and 5.5e-3 (GLM2) on these random models, against 2e-5 for fp16.
            QTest::addRow("%s F32 q8-cache", qPrintable(g))
                << g << int(TensorType::F32) << KvCacheType::Q8_0 << 1.5e-2 << 0;
        }
        // GLM-4-0414's sandwich norms, prefill in one chunk and in chunks, and decoding.
        const QString g = "glm4-0414";
        QTest::addRow("glm4-0414 F32 fp32-cache") << g << int(TensorType::F32) << f32 << 1e-4 << 0;
        QTest::addRow("glm4-0414 F16") << g << int(TensorType::F16) << f16 << 2e-4 << 0;
        QTest::addRow("glm4-0414 Q4_0 in chunks of 3")
            << g << int(TensorType::Q4_0) << f32 << 1e-4 << 3;
    }
    void logitsMatchReference() {
        QFETCH(QString, gen);
        QFETCH(int, type);
        QFETCH(KvCacheType, kv);
        QFETCH(double, bound);
        QFETCH(int, chunk);
        const ModelConfig c = config_for(gen);
        const TensorType t = TensorType(type);
        bound = test::logit_bound(t, bound);
        auto path = file(gen + to_string(t) + ".gguf");
        test::write_random_gguf(c, path, t, t == TensorType::Q4_0 ? TensorType::Q8_0 : t);
        GgufFile f = GgufFile::open(path);
        ReferenceModel ref(f);
        auto model = Model::load(gpu(), path);
        Session s(model, SessionOptions{64, kv, uint32_t(chunk)});
        auto cache = ref.new_cache(64, kv == KvCacheType::F16);
        const auto prompt = prompt_for(c);

        // prefill: every position's logits
        auto got = s.prefill(prompt, true);
        auto hidden = ref.forward(prompt, cache);
        double worst = 0;
        for (size_t i = 0; i < prompt.size(); ++i) {
            auto want = ref.logits(&hidden[i * c.hidden]);
            std::vector<float> g(got.begin() + long(i * c.vocab),
                                 got.begin() + long((i + 1) * c.vocab));
            worst = std::max(worst, test::relative_error(g, want));
        }
        // then decode steps through the replayed one-token step
        int32_t id = 123;
        for (int step = 0; step < 5; ++step) {
            auto g = s.decode(id);
            auto h = ref.forward({&id, 1}, cache);
            worst = std::max(worst, test::relative_error(g, ref.logits(h.data())));
            id = (id * 7 + 31) % int32_t(c.vocab);
        }
        qInfo("%s: worst relative logit error %.2e", qPrintable(QTest::currentDataTag()), worst);
        QVERIFY(worst < bound);
    }

    // The engine-against-reference rows above agree also if both dropped the sandwich norms:
    // here scaling one norm's weights must move the engine's logits (an RMSNorm's output scales
    // with its weights), once for each of the two norms.
    void sandwichNormsAreApplied_data() {
        QTest::addColumn<QString>("norm");
        QTest::newRow("after attention") << "blk.0.post_attention_norm.weight";
        QTest::newRow("after the MLP") << "blk.1.post_ffw_norm.weight";
    }
    void sandwichNormsAreApplied() {
        QFETCH(QString, norm);
        const ModelConfig c = test::random_glm4_0414_config();
        const auto plain = file("sandwich.gguf"), scaled = file("sandwich-scaled.gguf");
        if (!std::filesystem::exists(plain))
            test::write_random_gguf(c, plain, TensorType::F32, TensorType::F32);
        std::filesystem::remove(scaled);
        std::filesystem::copy_file(plain, scaled);
        uint64_t at = 0, floats = 0;
        {
            const GgufFile f = GgufFile::open(scaled);
            const GgufTensorInfo* t = f.tensor(norm.toStdString());
            QVERIFY(t && t->type == TensorType::F32);
            at = uint64_t(f.tensor_data(*t).data() - f.mapping()->bytes().data());
            floats = t->elements();
        }
        std::vector<float> w(floats);
        std::fstream io(scaled, std::ios::in | std::ios::out | std::ios::binary);
        io.seekg(long(at));
        io.read(reinterpret_cast<char*>(w.data()), long(floats * 4));
        for (float& x : w) x *= 3.0f;
        io.seekp(long(at));
        io.write(reinterpret_cast<const char*>(w.data()), long(floats * 4));
        io.close();

        auto logits = [&](const std::filesystem::path& path) {
            Session s(Model::load(gpu(), path), SessionOptions{64, KvCacheType::F32, 0});
            return s.prefill(prompt_for(c), false);
        };
        const double moved = test::relative_error(logits(scaled), logits(plain));
        qInfo("scaling %s moved the logits by %.2e", qPrintable(norm), moved);
        QVERIFY(moved > 1e-2);
    }

    // The two backends run the same file to the same logits: prefill of every position, then
    // decode steps (each against the other, not only against the reference).
    void cpuAndVulkanBackendsAgree_data() {
        QTest::addColumn<QString>("gen");
        QTest::addColumn<int>("type");
        QTest::addColumn<double>("bound");
        for (const char* g : {"glm1", "glm2", "glm4-0414"}) {
            QTest::addRow("%s F16", g) << QString(g) << int(TensorType::F16) << 1e-4;
            // The CPU backend's 8-bit activations (see test::logit_bound).
            QTest::addRow("%s Q4_0", g) << QString(g) << int(TensorType::Q4_0) << 3e-2;
        }
    }
    void cpuAndVulkanBackendsAgree() {
        QFETCH(QString, gen);
        QFETCH(int, type);
        QFETCH(double, bound);
        const ModelConfig c = config_for(gen);
        const auto path = file(gen + "-both.gguf");
        const TensorType t = TensorType(type);
        test::write_random_gguf(c, path, t, t == TensorType::Q4_0 ? TensorType::Q8_0 : t, 11);
        Session cpu(Model::load(test::engine().open("cpu"), path), SessionOptions{48});
        Session vulkan(Model::load(test::engine().open("vulkan"), path), SessionOptions{48});
        const auto prompt = prompt_for(c);
        double worst =
            test::relative_error(cpu.prefill(prompt, true), vulkan.prefill(prompt, true));
        int32_t id = 77;
        for (int step = 0; step < 4; ++step) {
            const auto a = cpu.decode(id), b = vulkan.decode(id);
            worst = std::max(worst, test::relative_error(a, b));
            id = int32_t(std::max_element(b.begin(), b.end()) - b.begin());
        }
        qInfo("%s: worst relative logit difference %.2e", qPrintable(QTest::currentDataTag()),
              worst);
        QVERIFY(worst < bound);
    }

    void quantizedAgainstF32_data() {
        QTest::addColumn<int>("type");
        QTest::addColumn<double>("bound");
        // Relative logit error of a quantized model against the same weights in F32 (random
        // uniform weights, GLM1 shape, embedding/head in Q8_0): measured Q8_0 4.5e-3,
        // Q4_0 1.6e-2 on lavapipe.
        QTest::newRow("Q8_0") << int(TensorType::Q8_0) << 1.5e-2;
        QTest::newRow("Q4_0") << int(TensorType::Q4_0) << 5e-2;
    }
    void quantizedAgainstF32() {
        QFETCH(int, type);
        QFETCH(double, bound);
        const ModelConfig c = test::random_glm1_config();
        auto f32 = file("ref32.gguf"), q = file("q.gguf");
        test::write_random_gguf(c, f32, TensorType::F32, TensorType::F32, 7);
        test::write_random_gguf(c, q, TensorType(type), TensorType::Q8_0, 7);
        Session a(Model::load(gpu(), f32), SessionOptions{32, KvCacheType::F16});
        Session b(Model::load(gpu(), q), SessionOptions{32, KvCacheType::F16});
        const auto prompt = prompt_for(c);
        const double e = test::relative_error(b.prefill(prompt), a.prefill(prompt));
        qInfo("%s vs F32: relative logit error %.2e", to_string(TensorType(type)), e);
        QVERIFY(e < bound);
        QVERIFY(e > 1e-6); // the quantized path really ran
    }

    void greedyGenerationMatchesReference_data() {
        QTest::addColumn<QString>("gen");
        QTest::newRow("glm1") << "glm1";
        QTest::newRow("glm2") << "glm2";
    }
    void greedyGenerationMatchesReference() {
        QFETCH(QString, gen);
        const ModelConfig c = config_for(gen);
        auto path = file(gen + "greedy.gguf");
        test::write_random_gguf(c, path, TensorType::F32, TensorType::F32, 3);
        GgufFile f = GgufFile::open(path);
        ReferenceModel ref(f);
        Session s(Model::load(gpu(), path), SessionOptions{128, KvCacheType::F32});
        const auto prompt = prompt_for(c);
        GenerateParams p;
        p.sampling.temperature = 0; // greedy, on the device
        p.max_new_tokens = 32;
        p.stop_ids = {-1}; // never stop early
        std::vector<int32_t> got;
        auto stats = s.generate(prompt, p, [&](int32_t id) { got.push_back(id); });
        QCOMPARE(got.size(), size_t(32));
        QCOMPARE(stats.stop, StopReason::MaxTokens);

        auto cache = ref.new_cache(128, false);
        auto h = ref.forward(prompt, cache);
        std::vector<float> logits = ref.logits(&h[(prompt.size() - 1) * c.hidden]);
        for (size_t i = 0; i < got.size(); ++i) {
            const int32_t want = argmax(logits);
            if (got[i] != want) {
                // Only a near-tie may differ: report the margin.
                auto sorted = logits;
                std::sort(sorted.rbegin(), sorted.rend());
                QFAIL(qPrintable(QString("token %1: got %2, reference %3 (top-2 margin %4)")
                                     .arg(i)
                                     .arg(got[i])
                                     .arg(want)
                                     .arg(sorted[0] - sorted[1])));
            }
            h = ref.forward({&want, 1}, cache);
            logits = ref.logits(h.data());
        }
        // Top-1 sampling at a temperature goes through the logits read-back and the host
        // sampler instead of the device argmax: it must pick the same tokens.
        Session s2(Model::load(gpu(), path), SessionOptions{128, KvCacheType::F32});
        GenerateParams hp = p;
        hp.sampling.temperature = 0.7f;
        hp.sampling.top_k = 1;
        hp.sampling.top_p = 1.0f;
        std::vector<int32_t> again;
        s2.generate(prompt, hp, [&](int32_t id) { again.push_back(id); });
        QCOMPARE(again, got);
    }

    void splitWeightsGiveTheSameLogits() {
        const ModelConfig c = test::random_glm1_config();
        auto path = file("split.gguf");
        test::write_random_gguf(c, path, TensorType::Q4_0, TensorType::Q8_0, 5);
        Session whole(Model::load(gpu(), path), SessionOptions{32, KvCacheType::F32});
        LoadOptions lo;
        lo.max_chunk_bytes = 40 * 1024; // every matrix in several chunks
        auto split_model = Model::load(gpu(), path, lo);
        Session split(split_model, SessionOptions{32, KvCacheType::F32});
        const auto prompt = prompt_for(c);
        QCOMPARE(split.prefill(prompt), whole.prefill(prompt));
        QCOMPARE(split.decode(77), whole.decode(77));
    }

    void continuingAConversationReusesTheCache() {
        const ModelConfig c = test::random_glm2_config();
        auto path = file("reuse.gguf");
        test::write_random_gguf(c, path, TensorType::F32, TensorType::F32, 9);
        auto model = Model::load(gpu(), path);
        Session s(model, SessionOptions{128, KvCacheType::F32});
        GenerateParams p;
        p.sampling.temperature = 0;
        p.max_new_tokens = 6;
        p.stop_ids = {-1};
        auto prompt = prompt_for(c);
        std::vector<int32_t> reply;
        s.generate(prompt, p, [&](int32_t id) { reply.push_back(id); });
        // Round 2: the previous prompt + reply + a new message. The cached prefix is reused,
        // and the result equals a fresh session's.
        std::vector<int32_t> round2 = prompt;
        round2.insert(round2.end(), reply.begin(), reply.end());
        round2.insert(round2.end(), {44, 55, 66});
        std::vector<int32_t> a, b;
        auto st = s.generate(round2, p, [&](int32_t id) { a.push_back(id); });
        QVERIFY(st.reused_tokens >= prompt.size());
        Session fresh(model, SessionOptions{128, KvCacheType::F32});
        auto st2 = fresh.generate(round2, p, [&](int32_t id) { b.push_back(id); });
        QCOMPARE(st2.reused_tokens, 0u);
        QCOMPARE(a, b);
    }
};

QTEST_GUILESS_MAIN(TestEngineModels)
#include "tst_engine_models.moc"
