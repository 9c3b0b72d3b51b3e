// Quantizers: byte-exact against ggml's reference vectors, round-trip error at the known levels,
// fp16/bf16 conversion edge cases.
#include "glm/error.h"
#include "quant/fp16.h"
#include "quant/quantize.h"
#include "test_files.h"

#include <QtTest>
#include <cmath>
#include <nlohmann/json.hpp>
#include <random>

using namespace glm;

namespace {

std::vector<float> gaussian(size_t n, uint32_t seed) {
    std::mt19937 rng(seed);
    std::normal_distribution<float> dist(0.0f, 1.0f);
    std::vector<float> v(n);
    for (auto& x : v) x = dist(rng);
    return v;
}

double rms_error(TensorType t, const std::vector<float>& x) {
    std::vector<uint8_t> q(row_bytes(t, x.size()));
    quant::quantize_row(t, x.data(), x.size(), q.data());
    std::vector<float> back(x.size());
    quant::dequantize_row(t, q.data(), x.size(), back.data());
    double se = 0;
    for (size_t i = 0; i < x.size(); ++i) se += double(x[i] - back[i]) * (x[i] - back[i]);
    return std::sqrt(se / double(x.size()));
}

} // namespace

class TestQuantize : public QObject {
    Q_OBJECT
private slots:
    void matchesReferenceBytes_data() {
        QTest::addColumn<QString>("type");
        QTest::newRow("q8_0") << "q8_0";
        QTest::newRow("q4_0") << "q4_0";
    }
    void matchesReferenceBytes() {
        QFETCH(QString, type);
        auto bytes = test::read_file(test::conformance_dir() / "quant_vectors.json");
        auto j = nlohmann::json::parse(bytes.begin(), bytes.end());
        std::vector<float> w = j["weight"].get<std::vector<float>>();
        QCOMPARE(w.size(), size_t(256));
        std::vector<int> expected = j[type.toStdString()].get<std::vector<int>>();
        TensorType t = *tensor_type_from_string(type.toStdString());
        std::vector<uint8_t> got(row_bytes(t, 256));
        // two rows of 128, quantized row by row as the reference does
        quant::quantize_row(t, w.data(), 128, got.data());
        quant::quantize_row(t, w.data() + 128, 128, got.data() + row_bytes(t, 128));
        QCOMPARE(got.size(), expected.size());
        for (size_t i = 0; i < got.size(); ++i)
            if (int8_t(got[i]) != expected[i])
                QFAIL(qPrintable(QString("byte %1: got %2, expected %3").arg(i).arg(int8_t(got[i])).arg(expected[i])));
    }

    // Round-trip RMS error on N(0,1) weights, 65536 samples. Known levels for these formats
    // (measured here): Q8_0 0.0054 (step amax/127, amax of 32 normals ≈ 2.0), Q4_0 0.086
    // (step amax/8), F16 2.1e-4. The bounds catch a rounding or scale error.
    void roundTripErrorAtKnownLevels() {
        auto x = gaussian(1 << 16, 7);
        const double q8 = rms_error(TensorType::Q8_0, x);
        const double q4 = rms_error(TensorType::Q4_0, x);
        const double f16 = rms_error(TensorType::F16, x);
        qInfo("RMS error on N(0,1): Q8_0 %.5f, Q4_0 %.5f, F16 %.6f", q8, q4, f16);
        QVERIFY(q8 > 0.003 && q8 < 0.0065);
        QVERIFY(q4 > 0.07 && q4 < 0.12);
        QVERIFY(f16 > 5e-5 && f16 < 4e-4);
    }

    void zerosAndConstantsAreExact() {
        std::vector<float> z(64, 0.0f), c(64, -0.75f);
        for (TensorType t : {TensorType::Q8_0, TensorType::Q4_0}) {
            QCOMPARE(rms_error(t, z), 0.0);
            QVERIFY(rms_error(t, c) < 1e-3); // -0.75 = -8 * d exactly representable
        }
    }

    void fp16Conversions() {
        struct Case {
            float f;
            uint16_t h;
        } cases[] = {{0.0f, 0x0000}, {-0.0f, 0x8000}, {1.0f, 0x3c00}, {-2.0f, 0xc000}, {65504.0f, 0x7bff},
                     {65520.0f, 0x7c00}, {1e10f, 0x7c00}, {5.9604645e-8f, 0x0001}, {6.097555e-5f, 0x03ff},
                     {6.1035156e-5f, 0x0400}, {0.333333f, 0x3555}, {2.98e-8f, 0x0000}, {1.0009765625f, 0x3c01}};
        for (auto& c : cases) {
            QCOMPARE(fp32_to_fp16(c.f), c.h);
        }
        // round to nearest even at a tie: 1 + 2^-11 lies between 0x3c00 and 0x3c01
        QCOMPARE(fp32_to_fp16(1.0f + 1.0f / 2048), uint16_t(0x3c00));
        QCOMPARE(fp32_to_fp16(1.0f + 3.0f / 2048), uint16_t(0x3c02));
        QVERIFY(std::isnan(fp16_to_fp32(fp32_to_fp16(std::nanf("")))));
        QVERIFY(std::isinf(fp16_to_fp32(0xfc00)) && fp16_to_fp32(0xfc00) < 0);
        // every finite half survives half -> float -> half
        for (uint32_t h = 0; h < 0x10000; ++h) {
            if ((h & 0x7c00) == 0x7c00) continue;
            if (fp32_to_fp16(fp16_to_fp32(uint16_t(h))) != h) QFAIL(qPrintable(QString::number(h, 16)));
        }
        QCOMPARE(bf16_to_fp32(fp32_to_bf16(3.140625f)), 3.140625f);
        QCOMPARE(fp32_to_bf16(1.0f), uint16_t(0x3f80));
    }

    void rowsMustBeWholeBlocks() {
        std::vector<float> x(40, 1.0f);
        std::vector<uint8_t> out(100);
        QVERIFY_THROWS_EXCEPTION(Error, quant::quantize_row(TensorType::Q4_0, x.data(), 40, out.data()));
    }
};

QTEST_GUILESS_MAIN(TestQuantize)
#include "tst_quantize.moc"
