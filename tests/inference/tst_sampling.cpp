// Sampling: the host sampler's rules, and the device sampler picking exactly the same tokens
// for the same random numbers (including the host fallback for very flat distributions).
#include "glm/session.h"
#include "golden_models.h"
#include "kernels/sample_kernel.h"
#include "vulkan_test_support.h"

#include <QTemporaryDir>
#include <QtTest>
#include <cmath>
#include <map>
#include <random>

using namespace glm;

namespace {
std::shared_ptr<ComputeDevice> gpu() {
    static std::shared_ptr<ComputeDevice> d = test::model_device();
    return d;
}
} // namespace

class TestSampling : public QObject {
    Q_OBJECT
    QTemporaryDir dir;

private slots:
    void cleanup() { GLM_VERIFY_NO_VALIDATION_ERRORS(); }

    void hostRules() {
        SamplingParams p;
        p.temperature = 0;
        Sampler greedy(p);
        std::vector<float> l = {1.0f, 3.0f, 3.0f, -2.0f};
        QCOMPARE(greedy.sample(l, {}), 1); // ties: the lower id
        // repetition penalty: positive logits divided, negative multiplied, once per id
        std::vector<float> r = {2.0f, -2.0f, 4.0f};
        std::vector<int32_t> hist = {0, 1, 1, 1};
        apply_repetition_penalty(r, hist, 2.0f);
        QCOMPARE(r, (std::vector<float>{1.0f, -4.0f, 4.0f}));
        // NaN guard
        std::vector<float> nan = {0.0f, std::nanf(""), 1.0f};
        QCOMPARE(greedy.sample(nan, {}, 5), 5);
        // top-k 1 and tiny top-p are greedy in effect
        p = {};
        p.temperature = 1.5f;
        p.top_k = 1;
        Sampler k1(p);
        for (int i = 0; i < 20; ++i) QCOMPARE(k1.sample(l = {0.1f, 0.5f, 0.4f}, {}), 1);
        p.top_k = 0;
        p.top_p = 0.01f;
        Sampler p1(p);
        for (int i = 0; i < 20; ++i) QCOMPARE(p1.sample(l = {0.1f, 0.5f, 0.4f}, {}), 1);
    }

    void hostFrequenciesFollowTheSoftmax() {
        SamplingParams p;
        p.temperature = 1.0f;
        p.top_p = 1.0f;
        p.seed = 11;
        Sampler s(p);
        const std::vector<float> logits = {0.0f, 1.0f, 2.0f, -1.0f};
        std::vector<double> want(4);
        double z = 0;
        for (size_t i = 0; i < 4; ++i) z += want[i] = std::exp(logits[i]);
        std::vector<int> count(4);
        const int n = 40000;
        for (int i = 0; i < n; ++i) {
            std::vector<float> l = logits;
            ++count[size_t(s.sample(l, {}))];
        }
        for (size_t i = 0; i < 4; ++i) {
            const double expected = want[i] / z, got = double(count[i]) / n;
            QVERIFY2(std::abs(got - expected) < 0.01,
                     qPrintable(QString("id %1: %2 vs %3").arg(i).arg(got).arg(expected)));
        }
        // same seed, same sequence
        Sampler a(p), b(p);
        for (int i = 0; i < 50; ++i) {
            std::vector<float> la = logits, lb = logits;
            QCOMPARE(a.sample(la, {}), b.sample(lb, {}));
        }
    }

    void deviceSamplerMatchesHost_data() {
        QTest::addColumn<float>("temperature");
        QTest::addColumn<int>("top_k");
        QTest::addColumn<float>("top_p");
        QTest::addColumn<float>("penalty");
        QTest::addColumn<int>("vocab");
        QTest::newRow("top-p 0.8") << 0.8f << 0 << 0.8f << 1.0f << 777;
        QTest::newRow("top-k 40 + top-p + penalty") << 0.95f << 40 << 0.7f << 1.2f << 777;
        QTest::newRow("greedy with penalty") << 0.0f << 0 << 1.0f << 1.3f << 777;
        QTest::newRow("flat: host fallback") << 500.0f << 0 << 1.0f << 1.0f << 2048;
    }
    void deviceSamplerMatchesHost() {
        QFETCH(float, temperature);
        QFETCH(int, top_k);
        QFETCH(float, top_p);
        QFETCH(float, penalty);
        QFETCH(int, vocab);
        ModelConfig c = test::random_glm2_config();
        c.vocab = uint32_t(vocab);
        auto path = std::filesystem::path(dir.path().toStdString()) /
                    ("s" + std::to_string(vocab) + ".gguf");
        if (!std::filesystem::exists(path))
            test::write_random_gguf(c, path, TensorType::Q8_0, TensorType::Q8_0, 4);
        auto model = Model::load(gpu(), path);
        GenerateParams gp;
        gp.sampling.temperature = temperature;
        gp.sampling.top_k = top_k;
        gp.sampling.top_p = top_p;
        gp.sampling.repetition_penalty = penalty;
        gp.sampling.seed = 1234;
        gp.max_new_tokens = 16;
        gp.stop_ids = {-1};
        const std::vector<int32_t> prompt = {770, 772, 11, 500, 23, 9};

        Session dev(model, SessionOptions{64, KvCacheType::F32});
        std::vector<int32_t> on_device;
        dev.generate(prompt, gp, [&](int32_t id) { on_device.push_back(id); });

        // The same generation sampled on the host from read-back logits.
        Session host(model, SessionOptions{64, KvCacheType::F32});
        Sampler sampler(gp.sampling);
        std::vector<int32_t> history = prompt, on_host;
        auto logits = host.prefill(prompt);
        for (int i = 0; i < 16; ++i) {
            const int32_t id = sampler.sample(logits, history);
            on_host.push_back(id);
            history.push_back(id);
            if (i < 15) logits = host.decode(id);
        }
        QCOMPARE(on_device, on_host);
    }

    void vocabLimitIsNeverExceeded() {
        ModelConfig c = test::random_glm2_config();
        auto path = std::filesystem::path(dir.path().toStdString()) / "limit.gguf";
        test::write_random_gguf(c, path, TensorType::Q8_0, TensorType::Q8_0, 8);
        Session s(Model::load(gpu(), path), SessionOptions{96, KvCacheType::F16});
        for (float temperature : {0.0f, 1.5f}) {
            GenerateParams gp;
            gp.sampling.temperature = temperature;
            gp.sampling.top_p = 1.0f;
            gp.sampling.seed = 3;
            gp.max_new_tokens = 40;
            gp.stop_ids = {-1};
            gp.vocab_limit = 100; // as if only ids 0..99 were tokens
            std::vector<int32_t> ids;
            s.generate(std::vector<int32_t>{770, 772, 11, 500}, gp,
                       [&](int32_t id) { ids.push_back(id); });
            QCOMPARE(ids.size(), size_t(40));
            for (int32_t id : ids) QVERIFY2(id < 100, qPrintable(QString::number(id)));
        }
    }
};

QTEST_GUILESS_MAIN(TestSampling)
#include "tst_sampling.moc"
