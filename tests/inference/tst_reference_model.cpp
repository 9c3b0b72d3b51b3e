// The CPU reference forward pass against the official implementation's golden outputs: first
// the oracle must be right, then the GPU is compared with it.
#include "formats/gguf.h"
#include "golden_models.h"
#include "reference/ops.h"
#include "reference/reference_model.h"
#include "relative_error.h"
#include "test_files.h"

#include <QTemporaryDir>
#include <QtTest>
#include <cmath>

using namespace glm;

class TestReferenceModel : public QObject {
    Q_OBJECT
    QTemporaryDir dir;

private slots:
    void goldenSteps_data() {
        QTest::addColumn<QString>("gen");
        for (const char* g : {"glm", "glm2", "glm3", "glm4"}) QTest::newRow(g) << g;
    }
    void goldenSteps() {
        QFETCH(QString, gen);
        auto path = std::filesystem::path(dir.path().toStdString()) / (gen.toStdString() + ".gguf");
        test::GoldenSteps g = test::write_golden_gguf(gen.toStdString(), path);
        GgufFile f = GgufFile::open(path);
        ReferenceModel m(f);
        auto cache = m.new_cache(16);
        auto y1 = m.forward(g.x1, cache);
        auto y2 = m.forward(g.x2, cache);
        auto y3 = m.forward(g.x3, cache);
        const double e1 = test::relative_error(y1, {g.y1.data(), y1.size()});
        const double e2 = test::relative_error(y2, {g.y2.data(), y2.size()});
        const double e3 = test::relative_error(y3, {g.y3.data(), y3.size()});
        qInfo("%s relative error y1 %.2e y2 %.2e y3 %.2e", qPrintable(gen), e1, e2, e3);
        QVERIFY(e1 < 1e-5 && e2 < 1e-5 && e3 < 1e-5);
    }

    void singleOps() {
        auto lin = test::read_file(test::conformance_dir() / "linear.data");
        const float* p = reinterpret_cast<const float*>(lin.data());
        const float *W = p, *b = p + 32 * 64, *x = b + 32, *y = x + 2 * 64;
        std::vector<float> got(2 * 32);
        ref::matmul(W, 32, 64, x, 2, got.data(), b);
        QVERIFY(test::relative_error({got.data(), 64}, {y, 64}) < 1e-6);
        auto ln = test::read_file(test::conformance_dir() / "layer_norm.data");
        p = reinterpret_cast<const float*>(ln.data());
        std::vector<float> out(64);
        for (int r = 0; r < 3; ++r) {
            ref::layer_norm(p + 128 + r * 64, 64, p, p + 64, 1e-5f, out.data());
            QVERIFY(test::relative_error({out.data(), 64}, {p + 128 + 3 * 64 + r * 64, 64}) < 1e-6);
        }
        auto rms = test::read_file(test::conformance_dir() / "rms_norm.data");
        p = reinterpret_cast<const float*>(rms.data());
        for (int r = 0; r < 3; ++r) {
            ref::rms_norm(p + 64 + r * 64, 64, p, 1e-5f, out.data());
            QVERIFY(test::relative_error({out.data(), 64}, {p + 64 + 3 * 64 + r * 64, 64}) < 1e-6);
        }
    }
};

QTEST_GUILESS_MAIN(TestReferenceModel)
#include "tst_reference_model.moc"
