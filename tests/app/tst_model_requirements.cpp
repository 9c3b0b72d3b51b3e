// Sizes computed from the shapes, checked against numbers worked out by hand from the shapes in
// docs/architectures.md ("Tensors", "Attention") and the block sizes of docs/gguf.md ("Tensor
// types") (Q4_0 18 bytes / 32 weights, Q8_0 34 / 32, F16 2 bytes, F32 vectors, embeddings Q8_0 when
// quantizing).
#include "library/model_requirements.h"

#include <QtTest>

using namespace glm;
using namespace glm::app;

namespace {

ModelArchitecture glm1() {
    ModelArchitecture a;
    a.generation = Generation::Glm1;
    a.hidden = 4096;
    a.layers = 28;
    a.heads = 32;
    a.kvHeads = 32;
    a.headDim = 128;
    a.ffn = 16384;
    a.vocab = 130528;
    a.tiedHead = true;
    a.maxContext = 2048;
    return a;
}

ModelArchitecture glm3() {
    ModelArchitecture a = glm1();
    a.generation = Generation::Glm3;
    a.kvHeads = 2;
    a.ffn = 13696;
    a.vocab = 65024;
    a.tiedHead = false;
    a.maxContext = 8192;
    return a;
}

ModelArchitecture glm4() {
    ModelArchitecture a = glm3();
    a.generation = Generation::Glm4;
    a.layers = 40;
    a.vocab = 151552;
    a.maxContext = 131072;
    return a;
}

} // namespace

class TestModelRequirements : public QObject {
    Q_OBJECT
private slots:
    void parameterCountsMatchTheSpec() {
        // The parameter count in docs/architectures.md "Tensors".
        QCOMPARE(tensorInventory(glm1()).parameters(), 6173286400LL);
        QCOMPARE(tensorInventory(glm3()).parameters(), 6243584000LL);
        QCOMPARE(tensorInventory(glm4()).parameters(), 9399951360LL);
    }

    void glm1Inventory() {
        const TensorInventory inv = tensorInventory(glm1());
        // Per layer: QKV 12288x4096 + dense 4096x4096 + up 16384x4096 + down 4096x16384.
        QCOMPARE(inv.layerMatrixWeights, 28LL * (50331648 + 16777216 + 67108864 + 67108864));
        QCOMPARE(inv.embeddingWeights, 130528LL * 4096);
        QCOMPARE(inv.headWeights, 0LL); // tied
        // Per layer: 2 LayerNorms (w+b), QKV bias 12288, dense bias 4096, up bias 16384, down
        // bias 4096; plus the final LayerNorm.
        QCOMPARE(inv.vectorElements, 28LL * (4 * 4096 + 12288 + 4096 + 16384 + 4096) + 2 * 4096);
    }

    void glm1Q4_0() {
        const ModelRequirements r = computeRequirements(glm1(), QuantType::Q4_0);
        // 5,637,144,576 layer weights x 18/32 = 3,170,893,824; embedding 534,642,688 x 34/32 =
        // 568,057,856; 1,499,136 vector floats x 4 = 5,996,544.
        QCOMPARE(r.weightBytes, 3744948224LL);
        // + 1 MiB + 130528 x 32 bytes of metadata.
        QCOMPARE(r.fileBytes, 3750173696LL);
        // 2 x 28 layers x 32 heads x 128 x 2 bytes = 458,752 bytes per token (448 KiB,
        // docs/architectures.md "Attention").
        QCOMPARE(kvCacheBytesPerToken(glm1()), 458752LL);
        QCOMPARE(r.kvCacheBytes, 939524096LL); // 2048 tokens = 896 MiB
        QCOMPARE(r.scratchBytes, 128LL << 20);
        QCOMPARE(r.videoMemoryBytes, 3744948224LL + 939524096LL + (128LL << 20));
        QCOMPARE(r.videoMemoryBytes, 4818690048LL); // 4.49 GiB: within the 4.5 GiB target
        QCOMPARE(r.ramBytes, 3750173696LL + (512LL << 20));
    }

    void glm1Q8_0AndF16() {
        // (5,637,144,576 + 534,642,688) x 34/32 + 5,996,544.
        QCOMPARE(computeRequirements(glm1(), QuantType::Q8_0).weightBytes, 6563520512LL);
        // everything 2-D in fp16: 6,171,787,264 x 2 + 5,996,544.
        QCOMPARE(computeRequirements(glm1(), QuantType::F16).weightBytes, 12349571072LL);
    }

    void glm3UsesItsSmallKvCache() {
        QCOMPARE(kvCacheBytesPerToken(glm3()), 28672LL); // 28 KiB per token
        const ModelRequirements r = computeRequirements(glm3(), QuantType::Q4_0, 8192);
        QCOMPARE(r.kvCacheBytes, 224LL << 20); // 8192 tokens -> 224 MiB
        // layers 5,710,544,896 x 18/32 + (embedding + head) 532,676,608 x 34/32 + 362,496 x 4.
        QCOMPARE(r.weightBytes, 3779600384LL);
    }

    void glm4KvCache() {
        QCOMPARE(kvCacheBytesPerToken(glm4()), 40LL * 1024); // 40 KiB per token
        QCOMPARE(computeRequirements(glm4(), QuantType::F16, 131072).kvCacheBytes, 5LL << 30);
    }

    void smallerTypesNeedLess() {
        for (const auto& a : {glm1(), glm3(), glm4()}) {
            const auto q4 = computeRequirements(a, QuantType::Q4_0);
            const auto q8 = computeRequirements(a, QuantType::Q8_0);
            const auto f16 = computeRequirements(a, QuantType::F16);
            QVERIFY(q4.fileBytes < q8.fileBytes && q8.fileBytes < f16.fileBytes);
            QVERIFY(q4.videoMemoryBytes < q8.videoMemoryBytes &&
                    q8.videoMemoryBytes < f16.videoMemoryBytes);
        }
    }

    void checkpointEstimateIsFp16() { QCOMPARE(checkpointBytesEstimate(glm3()), 2 * 6243584000LL); }

    void quantTypeKeys() {
        QCOMPARE(quantTypeKey(QuantType::Q4_0), QStringLiteral("Q4_0"));
        QCOMPARE(quantTypeFromKey(QStringLiteral("q8_0")), std::optional(QuantType::Q8_0));
        QCOMPARE(quantTypeFromKey(QStringLiteral("Q5_0")), std::nullopt);
    }

    void inconsistentShapesAreReported() {
        ModelArchitecture a = glm3();
        QVERIFY(a.problem().isEmpty());
        a.headDim = 100;
        QVERIFY(a.problem().contains(QStringLiteral("heads x headDim")));
        a = glm3();
        a.kvHeads = 3;
        QVERIFY(a.problem().contains(QStringLiteral("multiple")));
        a = glm3();
        a.ffn = 13697;
        QVERIFY(a.problem().contains(QStringLiteral("multiples of 32")));
        a = glm1();
        a.kvHeads = 2;
        QVERIFY(!a.problem().isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestModelRequirements)
#include "tst_model_requirements.moc"
