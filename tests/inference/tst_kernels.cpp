// Every kernel against its CPU reference on random inputs (never zeros) with awkward sizes:
// rows and columns that are not multiples of the workgroup or tile, K over several blocks,
// 1, 3, 7 and 64 tokens, weights split into several chunks. Quantized weights are compared with
// the CPU dequantization of the same bytes, so the bound is tight: only the fp32 summation
// order differs. Error = Σ(gpu − ref)² / Σ ref² (normalized squared error).
#include "glm/architecture.h"
#include "kernels/argmax_kernel.h"
#include "kernels/attention_kernel.h"
#include "kernels/embed_kernel.h"
#include "kernels/matmul_kernel.h"
#include "kernels/norm_kernel.h"
#include "kernels/rope_kv_kernel.h"
#include "kernels/swiglu_kernel.h"
#include "models/rope_table.h"
#include "quant/fp16.h"
#include "quant/quantize.h"
#include "reference/ops.h"
#include "vulkan_test_support.h"

#include <QtTest>
#include <algorithm>
#include <cmath>
#include <cstring>
#include <random>

using namespace glm;
Q_DECLARE_METATYPE(glm::KvCacheType)
using vk::MemoryUsage;

namespace {

std::mt19937 rng(12345);

std::vector<float> random_floats(size_t n, float lo = -1.0f, float hi = 1.0f) {
    std::uniform_real_distribution<float> u(lo, hi);
    std::vector<float> v(n);
    for (auto& x : v) {
        x = u(rng);
        if (x == 0.0f) x = 0.25f;
    }
    return v;
}

double nmse(const std::vector<float>& got, const std::vector<float>& want) {
    double num = 0, den = 0;
    for (size_t i = 0; i < want.size(); ++i) {
        if (!std::isfinite(got[i])) return INFINITY;
        num += double(got[i] - want[i]) * (got[i] - want[i]);
        den += double(want[i]) * want[i];
    }
    return num / den;
}

vk::Buffer upload(const std::vector<float>& v, const char* what) {
    auto& dev = test::device();
    vk::Buffer b = dev.allocator().allocate(v.size() * 4 + 64, MemoryUsage::DeviceLocal, what);
    dev.upload(b, 0, v.data(), v.size() * 4);
    return b;
}

std::vector<float> download(const vk::Buffer& b, size_t n, size_t offset = 0) {
    std::vector<float> v(n);
    test::device().download(b, offset * 4, v.data(), n * 4);
    return v;
}

// Random weights stored as `type`; `dequantized` receives exactly what the GPU computes with.
DeviceMatrix make_matrix(TensorType type, uint32_t rows, uint32_t k,
                         std::vector<float>& dequantized, uint64_t max_chunk_bytes = 0,
                         RowOrder order = {}) {
    auto w = random_floats(size_t(rows) * k);
    std::vector<uint8_t> bytes(rows * row_bytes(type, k));
    dequantized.resize(w.size());
    for (uint32_t r = 0; r < rows; ++r) {
        quant::quantize_row(type, &w[size_t(r) * k], k, &bytes[r * row_bytes(type, k)]);
        quant::dequantize_row(type, &bytes[r * row_bytes(type, k)], k, &dequantized[size_t(r) * k]);
    }
    return upload_matrix(test::device(), "test matrix", type, rows, k, bytes, max_chunk_bytes,
                         order);
}

void run(const std::function<void(vk::CommandRecorder&)>& body) {
    vk::CommandRecorder rec(test::device());
    rec.begin();
    body(rec);
    rec.end();
    rec.submit_and_wait();
}

// KV-cache rows of D values as the shaders store them (shaders/kv_cache.glsl). `values` is
// rounded in place to what is stored.
std::vector<uint8_t> kv_encode(std::vector<float>& values, KvCacheType t, uint32_t D) {
    const size_t rows = values.size() / D, row_bytes = kv_cache_row_bytes(t, D);
    std::vector<uint8_t> out(rows * row_bytes);
    for (size_t r = 0; r < rows; ++r) {
        float* v = &values[r * D];
        uint8_t* o = &out[r * row_bytes];
        if (t == KvCacheType::F32) {
            std::memcpy(o, v, D * 4);
        } else if (t == KvCacheType::F16) {
            for (uint32_t i = 0; i < D; ++i) {
                const uint16_t h = fp32_to_fp16(v[i]);
                std::memcpy(o + 2 * i, &h, 2);
                v[i] = fp16_to_fp32(h);
            }
        } else {
            for (uint32_t b = 0; b < D / 32; ++b) {
                float amax = 0;
                for (uint32_t i = 0; i < 32; ++i) amax = std::max(amax, std::fabs(v[b * 32 + i]));
                const float scale = amax / 127.0f, inv = amax > 0 ? 127.0f / amax : 0.0f;
                for (uint32_t i = 0; i < 32; ++i) {
                    const auto q = int8_t(std::lround(v[b * 32 + i] * inv));
                    o[b * 32 + i] = uint8_t(q);
                    v[b * 32 + i] = float(q) * scale;
                }
                std::memcpy(o + D + 4 * b, &scale, 4);
            }
        }
    }
    return out;
}

std::vector<float> kv_decode(const std::vector<uint8_t>& bytes, KvCacheType t, uint32_t D) {
    const size_t row_bytes = kv_cache_row_bytes(t, D), rows = bytes.size() / row_bytes;
    std::vector<float> out(rows * D);
    for (size_t r = 0; r < rows; ++r) {
        const uint8_t* in = &bytes[r * row_bytes];
        float* v = &out[r * D];
        for (uint32_t i = 0; i < D; ++i) {
            if (t == KvCacheType::F32) {
                std::memcpy(&v[i], in + 4 * i, 4);
            } else if (t == KvCacheType::F16) {
                uint16_t h;
                std::memcpy(&h, in + 2 * i, 2);
                v[i] = fp16_to_fp32(h);
            } else {
                float scale;
                std::memcpy(&scale, in + D + 4 * (i / 32), 4);
                v[i] = float(int8_t(in[i])) * scale;
            }
        }
    }
    return out;
}

// The matrix kernel variants of the matmul tests (see matmul_data).
void use_variant(KernelConfig& k, const QString& variant) {
    k.fuse_norm = true; // off by default, tested all the same
    if (variant.startsWith("gpu")) {
        k.matvec_rows_per_lane = 0;
        k.matvec_max_cols = 4;
        if (variant == "gpu-nosg") k.subgroups = false;
        k.cooperative_matrix = variant.startsWith("gpu-coopmat");
        k.cooperative_matrix_emulated = variant == "gpu-coopmat-emu"    ? 16
                                        : variant == "gpu-coopmat-emu8" ? 8
                                                                        : 0;
    } else {
        k.matvec_wg = 8;
        k.matvec_rows_per_lane = 4;
        k.prefill_rows_per_lane = 2;
        k.matvec_max_cols = 4;
        k.load64 = variant == "cpu64";
        k.texel_weights = variant.startsWith("cputex");
        k.texel_activations = variant == "cputexx";
    }
}

ModelConfig attention_config(bool glm1, uint32_t heads, uint32_t kv_heads, uint32_t head_dim) {
    ModelConfig c;
    c.generation = glm1 ? Generation::Glm1 : Generation::Glm2;
    c.heads = heads;
    c.kv_heads = kv_heads;
    c.head_dim = head_dim;
    c.hidden = heads * head_dim;
    c.rope_dims = head_dim / 2;
    c.rope_base = glm1 ? 10000.0f : 5e6f;
    c.context_length = 512;
    return c;
}

} // namespace

class TestKernels : public QObject {
    Q_OBJECT
    std::unique_ptr<KernelContext> ctx;

private slots:
    void initTestCase() { ctx = std::make_unique<KernelContext>(test::device()); }
    void cleanup() { GLM_VERIFY_NO_VALIDATION_ERRORS(); }
    void cleanupTestCase() { ctx.reset(); }

    void matmul_data() {
        QTest::addColumn<QString>("variant");
        QTest::addColumn<int>("type");
        QTest::addColumn<int>("rows");
        QTest::addColumn<int>("k");
        QTest::addColumn<int>("tokens");
        QTest::addColumn<bool>("split");
        // Every kernel variant runs here whatever device this is: "gpu" (coalesced mat-vec +
        // tiled mat-mat; "gpu-nosg" reduces through shared memory instead of subgroup arithmetic),
        // "cputexx"/"cputex"/"cpu64"/"cpu32" (row per invocation; weights and
        // activations through texel buffers, only the weights so, 64- or 32-bit storage loads).
        for (const char* v : {"gpu", "gpu-nosg", "cputexx", "cputex", "cpu64", "cpu32"})
            for (TensorType t :
                 {TensorType::F32, TensorType::F16, TensorType::Q8_0, TensorType::Q4_0}) {
                const char* n = to_string(t);
                QTest::addRow("%s %s 37x96 T1", v, n) << v << int(t) << 37 << 96 << 1 << false;
                QTest::addRow("%s %s 130x160 T3", v, n) << v << int(t) << 130 << 160 << 3 << false;
                QTest::addRow("%s %s 67x224 T7", v, n) << v << int(t) << 67 << 224 << 7 << false;
                QTest::addRow("%s %s 200x288 T64 split", v, n)
                    << v << int(t) << 200 << 288 << 64 << true;
                QTest::addRow("%s %s 300x64 T1 split", v, n)
                    << v << int(t) << 300 << 64 << 1 << true;
            }
        // NV cooperative matrices (prefill, fp16 tiles): row chunks, partial token and row tiles,
        // an odd number of blocks (the second half of the last step is zero). "gpu-coopmat" is
        // skipped where the device lacks them (every device this project has had;
        // scripts/gpu-check.sh runs it); "gpu-coopmat-emu" / "-emu8" are the same kernel with
        // its four matrix operations emulated, with 16×16×16 / 16×8×16 tiles, which run here.
        for (const char* v : {"gpu-coopmat", "gpu-coopmat-emu", "gpu-coopmat-emu8"})
            for (TensorType t : {TensorType::F16, TensorType::Q8_0, TensorType::Q4_0}) {
                const char* n = to_string(t);
                QTest::addRow("%s %s 67x224 T7", v, n) << v << int(t) << 67 << 224 << 7 << false;
                QTest::addRow("%s %s 200x288 T64 split", v, n)
                    << v << int(t) << 200 << 288 << 64 << true;
                QTest::addRow("%s %s 130x160 T70", v, n)
                    << v << int(t) << 130 << 160 << 70 << false;
                QTest::addRow("%s %s 77x96 T130", v, n) << v << int(t) << 77 << 96 << 130 << false;
            }
        QTest::addRow("gpu F32 K=48 T1") << "gpu" << int(TensorType::F32) << 33 << 48 << 1 << false;
        QTest::addRow("cpu64 F32 K=48 T1")
            << "cpu64" << int(TensorType::F32) << 33 << 48 << 1 << false;
        QTest::addRow("cputex F32 K=48 T1")
            << "cputex" << int(TensorType::F32) << 33 << 48 << 1 << false;
        QTest::addRow("cputexx F32 K=48 T2")
            << "cputexx" << int(TensorType::F32) << 33 << 48 << 2 << false;
        QTest::addRow("gpu F16 K=52 T9") << "gpu" << int(TensorType::F16) << 45 << 52 << 9 << false;
        QTest::addRow("cpu32 F16 K=52 T9")
            << "cpu32" << int(TensorType::F16) << 45 << 52 << 9 << false;
    }
    void matmul() {
        QFETCH(QString, variant);
        QFETCH(int, type);
        QFETCH(int, rows);
        QFETCH(int, k);
        QFETCH(int, tokens);
        QFETCH(bool, split);
        std::vector<float> w;
        // Force several chunks: 64 rows per chunk.
        const uint64_t chunk = split ? 64 * device_row_words(TensorType(type), k) * 4 : 0;
        DeviceMatrix m = make_matrix(TensorType(type), rows, k, w, chunk);
        if (split) QVERIFY(m.chunks.size() >= 3);
        auto x = random_floats(size_t(tokens) * k);
        auto bias = random_floats(rows);
        auto res = random_floats(size_t(tokens) * rows);
        DeviceVector bias_dev = upload_floats(test::device(), "bias", bias);
        // The input starts 8 floats into its buffer (a texel view of x counts from its memory
        // block's start, so the offsets must add up), after values that must not be read.
        constexpr uint32_t x_at = 8;
        std::vector<float> x_padded = random_floats(x_at, 1e6f, 2e6f);
        x_padded.insert(x_padded.end(), x.begin(), x.end());
        vk::Buffer xb = upload(x_padded, "x"), rb = upload(res, "res");
        const ActView xv = act(xb, k, x_at);
        if (variant == "cputexx" && !xv.buffer.texels) {
            // CPU drivers, where the engine relies on them, must have the views.
            QVERIFY(test::device().info().type != DeviceType::Cpu);
            QSKIP("this device cannot view its memory blocks as texel buffers");
        }
        vk::Buffer yb = test::device().allocator().allocate(size_t(tokens) * rows * 4,
                                                            MemoryUsage::DeviceLocal, "y");
        KernelContext vctx(test::device());
        use_variant(vctx.config, variant);
        MatmulKernel mm(vctx);
        // fp16 inputs round each product by up to 2^-11 relative (nmse ~1e-6 on these inputs);
        // every other kernel sums fp32 products.
        double tolerance = 1e-10;
        if (variant == "gpu-coopmat" && !test::device().enabled().cooperative_matrix_nv) {
            QVERIFY(!mm.uses_cooperative_matrix(m, tokens)); // falls back to the tiled kernel
            QSKIP("this device has no NV cooperative matrices with fp16 16x16x16 or 16x8x16 tiles");
        }
        if (variant.startsWith("gpu-coopmat-emu") && !mm.uses_cooperative_matrix(m, tokens)) {
            QVERIFY(test::device().info().type != DeviceType::Cpu); // lavapipe has what it needs
            QSKIP("this device lacks fp16 arithmetic or subgroups of 8 or more");
        }
        if (variant.startsWith("gpu-coopmat")) {
            QVERIFY(mm.uses_cooperative_matrix(m, tokens));
            tolerance = 1e-5;
        }

        // plain
        std::vector<float> want(size_t(tokens) * rows);
        ref::matmul(w.data(), rows, k, x.data(), tokens, want.data());
        run([&](auto& rec) { mm.record(rec, m, xv, act(yb, rows), tokens); });
        double e = nmse(download(yb, want.size()), want);
        QVERIFY2(e < tolerance, qPrintable(QString("plain nmse %1").arg(e)));

        // bias + GELU
        ref::matmul(w.data(), rows, k, x.data(), tokens, want.data(), bias.data());
        for (auto& v : want) v = ref::gelu(v);
        run([&](auto& rec) { mm.record(rec, m, xv, act(yb, rows), tokens, {&bias_dev, true}); });
        e = nmse(download(yb, want.size()), want);
        QVERIFY2(e < tolerance, qPrintable(QString("gelu nmse %1").arg(e)));

        // bias + α-scaled residual, as GLM1's output projections
        ActView rv = act(rb, rows);
        ref::matmul(w.data(), rows, k, x.data(), tokens, want.data(), bias.data());
        for (size_t i = 0; i < want.size(); ++i)
            want[i] += architecture(Generation::Glm1).residual_scale * res[i];
        run([&](auto& rec) {
            mm.record(rec, m, xv, act(yb, rows), tokens,
                      {.bias = &bias_dev,
                       .residual = &rv,
                       .residual_scale = architecture(Generation::Glm1).residual_scale});
        });
        e = nmse(download(yb, want.size()), want);
        QVERIFY2(e < tolerance, qPrintable(QString("residual nmse %1").arg(e)));

        // The input normalised by the mat-vec kernels themselves (RMSNorm, as GLM2+'s QKV and
        // up-projections; LayerNorm with the bias, as GLM1's head), with the bias epilogue. (The
        // input side does not depend on the weight type: one type keeps the pipelines few.)
        const bool norm_type = TensorType(type) == TensorType::Q4_0;
        if (norm_type && mm.fuses_input_norm(m, tokens)) {
            const auto gain = random_floats(k, 0.5f, 1.5f), shift = random_floats(k);
            const DeviceVector g = upload_floats(test::device(), "norm weight", gain),
                               sh = upload_floats(test::device(), "norm bias", shift);
            // An offset and scale that a norm must remove: x · 3 + 2.
            std::vector<float> xs = x_padded;
            for (size_t i = x_at; i < xs.size(); ++i) xs[i] = xs[i] * 3.0f + 2.0f;
            vk::Buffer xsb = upload(xs, "x, shifted");
            for (bool layer : {false, true}) {
                std::vector<float> xn(x.size());
                for (int t = 0; t < tokens; ++t) {
                    const float* in = &xs[x_at + size_t(t) * k];
                    if (layer)
                        ref::layer_norm(in, k, gain.data(), shift.data(), 1e-5f,
                                        &xn[size_t(t) * k]);
                    else
                        ref::rms_norm(in, k, gain.data(), 1e-5f, &xn[size_t(t) * k]);
                }
                ref::matmul(w.data(), rows, k, xn.data(), tokens, want.data(), bias.data());
                const InputNorm norm{.weight = &g, .bias = layer ? &sh : nullptr, .eps = 1e-5f};
                Epilogue en{.bias = &bias_dev};
                en.input_norm = &norm;
                run([&](auto& rec) {
                    mm.record(rec, m, act(xsb, k, x_at), act(yb, rows), tokens, en);
                });
                e = nmse(download(yb, want.size()), want);
                QVERIFY2(
                    e < 1e-10,
                    qPrintable(
                        QString("%1 input nmse %2").arg(layer ? "layer-norm" : "rms-norm").arg(e)));
            }
        } else if (norm_type) {
            QVERIFY(variant.startsWith("gpu") && !mm.uses_matvec(tokens)); // the tiled kernel
        }

        // SwiGLU in the epilogue, as GLM2+'s up-projection: the gate and up halves are stored
        // interleaved (paired rows) and y gets rows / 2 outputs per token. (The epilogue does not
        // depend on the weight type: two types keep the pipelines to compile few.)
        const bool ffn_type =
            TensorType(type) == TensorType::Q4_0 || TensorType(type) == TensorType::F16;
        if (rows % 2 == 0 && ffn_type) {
            std::vector<float> wp;
            DeviceMatrix paired =
                make_matrix(TensorType(type), rows, k, wp, chunk, {RowOrder::PairedHalves});
            QVERIFY(paired.paired_rows);
            if (mm.fuses_swiglu(paired, tokens)) {
                std::vector<float> full(size_t(tokens) * rows);
                ref::matmul(wp.data(), rows, k, x.data(), tokens, full.data());
                std::vector<float> want_sw(size_t(tokens) * rows / 2);
                ref::swiglu(full.data(), rows / 2, tokens, want_sw.data());
                Epilogue sw;
                sw.swiglu = true;
                run([&](auto& rec) { mm.record(rec, paired, xv, act(yb, rows / 2), tokens, sw); });
                e = nmse(download(yb, want_sw.size()), want_sw);
                QVERIFY2(e < 1e-10, qPrintable(QString("swiglu nmse %1").arg(e)));
            } else {
                QVERIFY(variant.startsWith("gpu") && !mm.uses_matvec(tokens)); // the tiled kernel
            }
        }
    }

    void norms_data() {
        QTest::addColumn<bool>("layer");
        QTest::addColumn<int>("n");
        QTest::addColumn<int>("rows");
        QTest::newRow("layernorm 4096 x3") << true << 4096 << 3;
        QTest::newRow("layernorm 100 x7") << true << 100 << 7;
        QTest::newRow("rmsnorm 4096 x1") << false << 4096 << 1;
        QTest::newRow("rmsnorm 36 x64") << false << 36 << 64;
    }
    void norms() {
        QFETCH(bool, layer);
        QFETCH(int, n);
        QFETCH(int, rows);
        auto x =
            random_floats(size_t(n) * rows, -3.0f, 5.0f); // a mean far from 0 tests the variance
        auto w = random_floats(n), b = random_floats(n);
        DeviceVector wd = upload_floats(test::device(), "w", w),
                     bd = upload_floats(test::device(), "b", b);
        vk::Buffer xb = upload(x, "x");
        vk::Buffer yb =
            test::device().allocator().allocate(x.size() * 4, MemoryUsage::DeviceLocal, "y");
        NormKernel nk(*ctx);
        run([&](auto& rec) {
            nk.record(rec, act(xb, n), act(yb, n), rows, n, wd, layer ? &bd : nullptr, 1e-5f);
        });
        std::vector<float> want(x.size());
        for (int r = 0; r < rows; ++r) {
            if (layer)
                ref::layer_norm(&x[size_t(r) * n], n, w.data(), b.data(), 1e-5f,
                                &want[size_t(r) * n]);
            else
                ref::rms_norm(&x[size_t(r) * n], n, w.data(), 1e-5f, &want[size_t(r) * n]);
        }
        const double e = nmse(download(yb, want.size()), want);
        QVERIFY2(e < 1e-11, qPrintable(QString("nmse %1").arg(e)));
    }

    // y = residual + RMSNorm(x)·w (sandwich norms), the residual read at an offset and its own
    // row stride.
    void rmsNormAdd_data() {
        QTest::addColumn<int>("n");
        QTest::addColumn<int>("rows");
        QTest::newRow("100 x7") << 100 << 7;
        QTest::newRow("36 x64") << 36 << 64;
        QTest::newRow("4096 x1") << 4096 << 1;
    }
    void rmsNormAdd() {
        QFETCH(int, n);
        QFETCH(int, rows);
        const int stride = n + 3, offset = 5;
        auto x = random_floats(size_t(n) * rows, -3.0f, 5.0f);
        auto w = random_floats(n);
        auto r = random_floats(size_t(offset) + size_t(stride) * rows, -2.0f, 2.0f);
        DeviceVector wd = upload_floats(test::device(), "w", w);
        vk::Buffer xb = upload(x, "x"), rb = upload(r, "residual");
        vk::Buffer yb =
            test::device().allocator().allocate(x.size() * 4, MemoryUsage::DeviceLocal, "y");
        NormKernel nk(*ctx);
        run([&](auto& rec) {
            nk.record_add(rec, act(xb, n), act(rb, stride, offset), act(yb, n), rows, n, wd, 1e-5f);
        });
        std::vector<float> want(x.size());
        for (int row = 0; row < rows; ++row) {
            float* y = &want[size_t(row) * n];
            ref::rms_norm(&x[size_t(row) * n], n, w.data(), 1e-5f, y);
            for (int i = 0; i < n; ++i) y[i] += r[size_t(offset) + size_t(row) * stride + i];
        }
        const double e = nmse(download(yb, want.size()), want);
        QVERIFY2(e < 1e-11, qPrintable(QString("nmse %1").arg(e)));
    }

    void embedding_data() {
        QTest::addColumn<int>("type");
        for (TensorType t : {TensorType::F32, TensorType::F16, TensorType::Q8_0, TensorType::Q4_0})
            QTest::newRow(to_string(t)) << int(t);
    }
    void embedding() {
        QFETCH(int, type);
        const uint32_t vocab = 301, k = 96;
        std::vector<float> table;
        DeviceMatrix m = make_matrix(TensorType(type), vocab, k, table,
                                     64 * device_row_words(TensorType(type), k) * 4);
        QVERIFY(m.chunks.size() >= 4);
        std::vector<int32_t> ids = {0, 300, 64, 63, 128, 7, 299, 0, 191};
        vk::Buffer idb =
            test::device().allocator().allocate(ids.size() * 4, MemoryUsage::DeviceLocal, "ids");
        test::device().upload(idb, 0, ids.data(), ids.size() * 4);
        vk::Buffer out = test::device().allocator().allocate(ids.size() * k * 4,
                                                             MemoryUsage::DeviceLocal, "out");
        EmbedKernel ek(*ctx);
        run([&](auto& rec) {
            ek.record(rec, m, idb.view(), 0, act(out, k), uint32_t(ids.size()));
        });
        auto got = download(out, ids.size() * k);
        for (size_t t = 0; t < ids.size(); ++t)
            for (uint32_t i = 0; i < k; ++i)
                if (got[t * k + i] != table[size_t(ids[t]) * k + i])
                    QFAIL(qPrintable(QString("token %1 dim %2").arg(t).arg(i)));
    }

    void ropeAndKvWrite_data() {
        QTest::addColumn<bool>("glm1");
        QTest::addColumn<KvCacheType>("kv");
        QTest::addColumn<int>("heads");
        QTest::addColumn<int>("kv_heads");
        QTest::addColumn<int>("head_dim");
        QTest::addColumn<int>(
            "split"); // > 0: recorded as two chunks, the first of this many tokens
        const auto f16 = KvCacheType::F16, f32 = KvCacheType::F32, q8 = KvCacheType::Q8_0;
        QTest::newRow("glm1 fp16 cache") << true << f16 << 3 << 3 << 128 << 0;
        QTest::newRow("glm1 fp32 cache") << true << f32 << 2 << 2 << 64 << 0;
        QTest::newRow("glm2 gqa fp16") << false << f16 << 4 << 2 << 128 << 0;
        QTest::newRow("glm2 gqa fp32") << false << f32 << 6 << 2 << 16 << 0;
        QTest::newRow("glm1 in chunks of 2 + 3") << true << f16 << 3 << 3 << 128 << 2;
        QTest::newRow("glm2 in chunks of 4 + 1") << false << f32 << 6 << 2 << 16 << 4;
        QTest::newRow("glm1 q8 cache") << true << q8 << 3 << 3 << 128 << 0;
        QTest::newRow("glm2 gqa q8 cache, head 64") << false << q8 << 6 << 2 << 64 << 2;
    }
    void ropeAndKvWrite() {
        QFETCH(bool, glm1);
        QFETCH(KvCacheType, kv);
        QFETCH(int, heads);
        QFETCH(int, kv_heads);
        QFETCH(int, head_dim);
        QFETCH(int, split);
        ModelConfig c = attention_config(glm1, heads, kv_heads, head_dim);
        const uint32_t T = 5, past = 37, cap = 64, D = head_dim;
        const uint32_t qkv_dim = glm1 ? 3 * heads * D : (heads + 2 * kv_heads) * D;
        auto qkv = random_floats(size_t(T) * qkv_dim);
        std::vector<uint32_t> step = {past, T, 0, 0};
        std::vector<TokenPosition> pos;
        for (uint32_t t = 0; t < T; ++t) {
            pos.push_back({glm1 ? 30u : past + t, glm1 ? 2 + t * 3 : 0});
            step.push_back(pos.back().pos);
            step.push_back(pos.back().block);
        }
        auto table = build_rope_table(c, 200);
        auto& dev = test::device();
        vk::Buffer qkvb = upload(qkv, "qkv"), tb = upload(table, "rope");
        vk::Buffer sb = dev.allocator().allocate(step.size() * 4, MemoryUsage::DeviceLocal, "step");
        dev.upload(sb, 0, step.data(), step.size() * 4);
        vk::Buffer qb =
            dev.allocator().allocate(size_t(T) * heads * D * 4, MemoryUsage::DeviceLocal, "q");
        const size_t cache_bytes = size_t(kv_heads) * cap * kv_cache_row_bytes(kv, D);
        vk::Buffer kb = dev.allocator().allocate(cache_bytes, MemoryUsage::DeviceLocal, "k");
        vk::Buffer vb = dev.allocator().allocate(cache_bytes, MemoryUsage::DeviceLocal, "v");
        dev.fill_zero(kb);
        dev.fill_zero(vb);
        RopeKvKernel rk(*ctx);
        KvCacheView cache{kb.view(), vb.view(), cap, kv};
        if (split == 0) {
            run([&](auto& rec) {
                rk.record(rec, c, qkvb.view(), qkv_dim, sb.view(), tb.view(), 200, qb.view(), cache,
                          T, 0);
            });
        } else {
            // Each chunk's qkv rows start at its own buffer's row 0; q, positions and cache
            // slots are those of the whole pass.
            const std::vector<float> rest(qkv.begin() + long(split) * qkv_dim, qkv.end());
            vk::Buffer second = upload(rest, "qkv of the second chunk");
            run([&](auto& rec) {
                rk.record(rec, c, qkvb.view(), qkv_dim, sb.view(), tb.view(), 200, qb.view(), cache,
                          uint32_t(split), 0);
                rk.record(rec, c, second.view(), qkv_dim, sb.view(), tb.view(), 200, qb.view(),
                          cache, T - uint32_t(split), uint32_t(split));
            });
        }

        auto q = download(qb, size_t(T) * heads * D);
        std::vector<uint8_t> k_bytes(cache_bytes), v_bytes(cache_bytes);
        dev.download(kb, 0, k_bytes.data(), cache_bytes);
        dev.download(vb, 0, v_bytes.data(), cache_bytes);
        const auto k_cache = kv_decode(k_bytes, kv, D), v_cache = kv_decode(v_bytes, kv, D);
        const float scale = 1.0f / std::sqrt(float(D));
        // GLM1's rows arrive in the device's order (DeviceMatrix::rotary_pairs), and q and k
        // leave in it: the reference rotates the checkpoint's order.
        const RowOrder order = glm1 ? RowOrder{RowOrder::Glm1RotaryPairs, D} : RowOrder{};
        auto source_dim = [&](uint32_t head_row, uint32_t j) {
            return uint32_t(order.source_row(head_row + j, qkv_dim) - head_row);
        };
        std::vector<float> want_q(q.size()), got_k, want_k, got_v, want_v;
        for (uint32_t t = 0; t < T; ++t) {
            std::vector<float> row(qkv_dim);
            for (uint32_t r = 0; r < qkv_dim; ++r)
                row[order.source_row(r, qkv_dim)] = qkv[size_t(t) * qkv_dim + r];
            for (int h = 0; h < heads; ++h) {
                const uint32_t at = glm1 ? h * 3 * D : h * D;
                std::vector<float> v(row.begin() + at, row.begin() + at + D);
                ref::rope_head(c, table.data(), 200, v.data(), pos[t]);
                for (uint32_t i = 0; i < D; ++i)
                    want_q[(size_t(t) * heads + h) * D + i] = v[source_dim(at, i)] * scale;
            }
            for (int g = 0; g < kv_heads; ++g) {
                const uint32_t k_at = glm1 ? g * 3 * D + D : (heads + g) * D;
                const float* kp = row.data() + k_at;
                const float* vp =
                    row.data() + (glm1 ? g * 3 * D + 2 * D : (heads + kv_heads + g) * D);
                std::vector<float> key(kp, kp + D);
                ref::rope_head(c, table.data(), 200, key.data(), pos[t]);
                const size_t slot = (size_t(g) * cap + past + t) * D;
                for (uint32_t i = 0; i < D; ++i) {
                    want_k.push_back(key[source_dim(k_at, i)]);
                    got_k.push_back(k_cache[slot + i]);
                    want_v.push_back(vp[i]);
                    got_v.push_back(v_cache[slot + i]);
                }
            }
        }
        const double eq = nmse(q, want_q), ek = nmse(got_k, want_k), ev = nmse(got_v, want_v);
        // fp16 storage: ~2^-11 relative per element; 8-bit: half a step of amax/127 per block.
        const double bound = kv == KvCacheType::F32 ? 1e-12 : kv == KvCacheType::F16 ? 1e-6 : 1e-4;
        QVERIFY2(eq < 1e-12 && ek < bound && ev < bound,
                 qPrintable(QString("q %1 k %2 v %3").arg(eq).arg(ek).arg(ev)));
        if (kv == KvCacheType::Q8_0) {
            // Exactly the host's 8-bit encoding of the values the fp32 cache would hold (up to
            // one step where GPU and host round a value on either side of a half step).
            auto k_host = want_k, v_host = want_v;
            kv_encode(k_host, kv, D);
            kv_encode(v_host, kv, D);
            QVERIFY(nmse(got_k, k_host) < 1e-5 && nmse(got_v, v_host) < 1e-5);
        }
        // Nothing written outside this step's slots.
        for (int g = 0; g < kv_heads; ++g)
            for (uint32_t i = 0; i < D; ++i)
                QCOMPARE(k_cache[(size_t(g) * cap + past - 1) * D + i], 0.0f);
    }

    // The QKV projection rotating q and k and writing the cache in its epilogue gives what the
    // projection followed by RopeKvKernel gives (each checked against the CPU reference above).
    void ropeKvEpilogue_data() {
        QTest::addColumn<QString>("variant");
        QTest::addColumn<bool>("glm1");
        QTest::addColumn<KvCacheType>("kv");
        QTest::addColumn<int>("tokens");
        QTest::addColumn<bool>("split"); // the matrix in chunks of 64 rows
        const auto f16 = KvCacheType::F16, f32 = KvCacheType::F32;
        for (const char* v : {"gpu", "gpu-nosg", "cputexx", "cputex", "cpu64"}) {
            QTest::addRow("%s glm1 fp16 T1", v) << v << true << f16 << 1 << false;
            QTest::addRow("%s glm2 gqa fp32 T3", v) << v << false << f32 << 3 << false;
        }
        QTest::addRow("cputexx glm1 fp32 T2 split") << "cputexx" << true << f32 << 2 << true;
        QTest::addRow("gpu glm2 gqa fp16 T1 split") << "gpu" << false << f16 << 1 << true;
    }
    void ropeKvEpilogue() {
        QFETCH(QString, variant);
        QFETCH(bool, glm1);
        QFETCH(KvCacheType, kv);
        QFETCH(int, tokens);
        QFETCH(bool, split);
        const uint32_t heads = glm1 ? 3 : 4, kv_heads = glm1 ? 3 : 2, D = 64, K = 96;
        const uint32_t T = tokens, past = 37, cap = 48;
        ModelConfig c = attention_config(glm1, heads, kv_heads, D);
        const uint32_t rows = glm1 ? 3 * heads * D : (heads + 2 * kv_heads) * D;
        auto& dev = test::device();
        KernelContext vctx(dev);
        use_variant(vctx.config, variant);
        MatmulKernel mm(vctx);
        RopeKvKernel rk(vctx);

        std::vector<float> w;
        const uint64_t chunk = split ? 64 * device_row_words(TensorType::Q4_0, K) * 4 : 0;
        const RowOrder order = glm1 ? RowOrder{RowOrder::Glm1RotaryPairs, D} : RowOrder{};
        DeviceMatrix m = make_matrix(TensorType::Q4_0, rows, K, w, chunk, order);
        QCOMPARE(m.rotary_pairs, glm1);
        if (split) QVERIFY(m.chunks.size() >= 3);
        QVERIFY(mm.fuses_rope_kv(m, c, kv, T));
        QVERIFY(!mm.fuses_rope_kv(m, c, KvCacheType::Q8_0, T)); // blocks of 32, not pairs
        DeviceVector bias = upload_floats(dev, "bias", random_floats(rows));
        constexpr uint32_t x_at = 8; // as in matmul(): a texel view of x counts from its block
        std::vector<float> x = random_floats(x_at + size_t(T) * K);
        vk::Buffer xb = upload(x, "x");
        if (variant == "cputexx" && !xb.view().texels) {
            QVERIFY(dev.info().type != DeviceType::Cpu);
            QSKIP("this device cannot view its memory blocks as texel buffers");
        }
        std::vector<uint32_t> step = {past, T, 0, 0};
        for (uint32_t t = 0; t < T; ++t) {
            step.push_back(glm1 ? 30u : past + t);
            step.push_back(glm1 ? 2 + t * 3 : 0);
        }
        vk::Buffer sb = dev.allocator().allocate(step.size() * 4, MemoryUsage::DeviceLocal, "step");
        dev.upload(sb, 0, step.data(), step.size() * 4);
        vk::Buffer tb = upload(build_rope_table(c, 200), "rope");
        vk::Buffer qkv =
            dev.allocator().allocate(size_t(T) * rows * 4, MemoryUsage::DeviceLocal, "qkv");
        const size_t cache_bytes = size_t(kv_heads) * cap * kv_cache_row_bytes(kv, D);
        struct Out {
            vk::Buffer q, k, v;
        } out[2];
        for (auto& o : out) {
            o.q =
                dev.allocator().allocate(size_t(T) * heads * D * 4, MemoryUsage::DeviceLocal, "q");
            o.k = dev.allocator().allocate(cache_bytes, MemoryUsage::DeviceLocal, "k");
            o.v = dev.allocator().allocate(cache_bytes, MemoryUsage::DeviceLocal, "v");
            dev.fill_zero(o.k);
            dev.fill_zero(o.v);
        }
        const ActView xv = act(xb, K, x_at);
        const KvCacheView separate{out[0].k.view(), out[0].v.view(), cap, kv};
        const KvCacheView fused{out[1].k.view(), out[1].v.view(), cap, kv};
        const RopeKvTarget target{.config = &c,
                                  .step = sb.view(),
                                  .rope = tb.view(),
                                  .rope_rows = 200,
                                  .q = out[1].q.view(),
                                  .cache = fused,
                                  .first_token = 0};
        Epilogue e{.bias = &bias};
        e.rope_kv = &target;
        run([&](auto& rec) {
            mm.record(rec, m, xv, act(qkv, rows), T, {&bias});
            rk.record(rec, c, qkv.view(), rows, sb.view(), tb.view(), 200, out[0].q.view(),
                      separate, T, 0);
            mm.record(rec, m, xv, act(qkv, rows), T, e);
        });
        auto cache = [&](const vk::Buffer& b) {
            std::vector<uint8_t> bytes(cache_bytes);
            dev.download(b, 0, bytes.data(), cache_bytes);
            return kv_decode(bytes, kv, D);
        };
        const size_t qn = size_t(T) * heads * D;
        const double eq = nmse(download(out[1].q, qn), download(out[0].q, qn));
        const auto k0 = cache(out[0].k), k1 = cache(out[1].k), v0 = cache(out[0].v),
                   v1 = cache(out[1].v);
        const double ek = nmse(k1, k0), ev = nmse(v1, v0);
        // The same sums, rotated by the same formula (an fp16 cache may round a value apart).
        const double bound = kv == KvCacheType::F32 ? 1e-12 : 1e-7;
        QVERIFY2(eq < 1e-12 && ek < bound && ev < bound,
                 qPrintable(QString("q %1 k %2 v %3").arg(eq).arg(ek).arg(ev)));
        // Only this step's slots are written.
        for (uint32_t g = 0; g < kv_heads; ++g)
            for (uint32_t slot = 0; slot < cap; ++slot) {
                const bool written = slot >= past && slot < past + T;
                const size_t at = (size_t(g) * cap + slot) * D;
                float sum = 0;
                for (uint32_t i = 0; i < D; ++i) sum += std::abs(k1[at + i]) + std::abs(v1[at + i]);
                QVERIFY2(written == (sum > 0),
                         qPrintable(QString("head %1 slot %2").arg(g).arg(slot)));
            }
    }

    void attention_data() {
        QTest::addColumn<int>("tokens");
        QTest::addColumn<int>("past");
        QTest::addColumn<int>("prefix");
        QTest::addColumn<int>("slices");
        QTest::addColumn<int>("heads");
        QTest::addColumn<int>("kv_heads");
        QTest::addColumn<int>("head_dim");
        QTest::addColumn<KvCacheType>("kv");
        QTest::addColumn<int>("chunk");   // tokens per recorded call (0: all)
        QTest::addColumn<bool>("texels"); // the cache through texel views (CPU drivers)
        const auto f16 = KvCacheType::F16, f32 = KvCacheType::F32, q8 = KvCacheType::Q8_0;
        QTest::newRow("prefill causal 7 tok")
            << 7 << 0 << 0 << 1 << 4 << 2 << 128 << f32 << 0 << false;
        QTest::newRow("prefill glm1 prefix 5 of 9")
            << 9 << 0 << 5 << 1 << 3 << 3 << 64 << f32 << 0 << false;
        QTest::newRow("prefill 64 tok gqa 16:2")
            << 64 << 0 << 0 << 1 << 16 << 2 << 32 << f16 << 0 << false;
        QTest::newRow("prefill 64 tok gqa 16:2, texels")
            << 64 << 0 << 0 << 1 << 16 << 2 << 32 << f16 << 0 << true;
        QTest::newRow("decode 1 at 300, 3 slices")
            << 1 << 300 << 0 << 3 << 4 << 2 << 128 << f16 << 0 << false;
        QTest::newRow("decode 1 at 300, 3 slices, texels")
            << 1 << 300 << 0 << 3 << 4 << 2 << 128 << f16 << 0 << true;
        QTest::newRow("decode 1 at 1000, 16 slices")
            << 1 << 1000 << 0 << 16 << 2 << 1 << 64 << f32 << 0 << false;
        QTest::newRow("decode glm1 after prefix")
            << 1 << 113 << 100 << 4 << 2 << 2 << 128 << f32 << 0 << false;
        QTest::newRow("continue 3 tok, 2 slices")
            << 3 << 50 << 0 << 2 << 2 << 2 << 4 << f32 << 0 << false;
        // A pass recorded in chunks: every chunk's queries see the whole bidirectional prefix.
        QTest::newRow("glm1 prefix 5 of 9 in chunks of 4")
            << 9 << 0 << 5 << 1 << 3 << 3 << 64 << f32 << 4 << false;
        QTest::newRow("causal 7 tok after 20 in chunks of 3")
            << 7 << 20 << 0 << 1 << 4 << 2 << 128 << f16 << 3 << false;
        QTest::newRow("causal 7 tok after 20 in chunks of 3, texels")
            << 7 << 20 << 0 << 1 << 4 << 2 << 128 << f16 << 3 << true;
        // Awkward head sizes for the texel kernel: 5 texels per row; more texels than invocations.
        QTest::newRow("decode glm1 after prefix, D=40, texels")
            << 1 << 113 << 100 << 4 << 3 << 3 << 40 << f16 << 0 << true;
        QTest::newRow("prefill 3 tok after 70, D=264, texels")
            << 3 << 70 << 0 << 2 << 2 << 1 << 264 << f16 << 0 << true;
        QTest::newRow("q8 cache, prefill glm1 prefix 5 of 9")
            << 9 << 0 << 5 << 1 << 3 << 3 << 64 << q8 << 0 << false;
        QTest::newRow("q8 cache, decode 1 at 1000, 16 slices")
            << 1 << 1000 << 0 << 16 << 4 << 2 << 128 << q8 << 0 << false;
        // The 8-bit cache through texels: rows of whole texels need head_dim % 128 == 0.
        QTest::newRow("q8 cache, decode 1 at 1000, 16 slices, texels")
            << 1 << 1000 << 0 << 16 << 4 << 2 << 128 << q8 << 0 << true;
        QTest::newRow("q8 cache, prefill glm1 prefix 5 of 9, D=256, texels")
            << 9 << 0 << 5 << 1 << 3 << 3 << 256 << q8 << 0 << true;
        QTest::newRow("q8 cache, 7 tok after 20 in chunks of 3, texels")
            << 7 << 20 << 0 << 2 << 4 << 2 << 128 << q8 << 3 << true;
        QTest::newRow("q8 cache, D=64 falls back to buffers")
            << 3 << 50 << 0 << 2 << 2 << 2 << 64 << q8 << 0 << true;
    }
    void attention() {
        QFETCH(int, tokens);
        QFETCH(int, past);
        QFETCH(int, prefix);
        QFETCH(int, slices);
        QFETCH(int, heads);
        QFETCH(int, kv_heads);
        QFETCH(int, head_dim);
        QFETCH(KvCacheType, kv);
        QFETCH(int, chunk);
        QFETCH(bool, texels);
        const uint32_t cap = 1040, D = head_dim;
        ModelConfig c = attention_config(prefix > 0, heads, kv_heads, head_dim);
        auto q = random_floats(size_t(tokens) * heads * D, -0.5f, 0.5f);
        auto k = random_floats(size_t(kv_heads) * cap * D, -2.0f, 2.0f);
        auto v = random_floats(size_t(kv_heads) * cap * D);
        auto& dev = test::device();
        // The reference sees what the GPU stores.
        const auto k_bytes = kv_encode(k, kv, D), v_bytes = kv_encode(v, kv, D);
        vk::Buffer kb = dev.allocator().allocate(k_bytes.size(), MemoryUsage::DeviceLocal, "k");
        vk::Buffer vb = dev.allocator().allocate(v_bytes.size(), MemoryUsage::DeviceLocal, "v");
        dev.upload(kb, 0, k_bytes.data(), k_bytes.size());
        dev.upload(vb, 0, v_bytes.data(), v_bytes.size());
        std::vector<uint32_t> step = {uint32_t(past), uint32_t(tokens), uint32_t(prefix), 0};
        vk::Buffer sb = dev.allocator().allocate(step.size() * 4, MemoryUsage::DeviceLocal, "step");
        dev.upload(sb, 0, step.data(), step.size() * 4);
        vk::Buffer qb = upload(q, "q");
        KernelContext actx(dev);
        actx.config.texel_attention = texels;
        if (texels && !(qb.view().texels && kb.view().texels)) {
            QVERIFY(dev.info().type != DeviceType::Cpu); // CPU drivers must have the views
            QSKIP("this device cannot view its memory blocks as texel buffers");
        }
        AttentionKernel ak(actx);
        KvCacheView cache{kb.view(), vb.view(), cap, kv};
        // Partials and output hold one call's tokens; q and the step are the whole pass's.
        std::vector<float> got;
        const int per_call = chunk > 0 ? chunk : tokens;
        for (int t0 = 0; t0 < tokens; t0 += per_call) {
            const int n = std::min(per_call, tokens - t0);
            vk::Buffer pb =
                dev.allocator().allocate(AttentionKernel::partial_floats(c, n, slices) * 4,
                                         MemoryUsage::DeviceLocal, "partial");
            vk::Buffer ob =
                dev.allocator().allocate(size_t(n) * heads * D * 4, MemoryUsage::DeviceLocal, "o");
            run([&](auto& rec) {
                ak.record(rec, c, qb.view(), sb.view(), cache, pb.view(), ob.view(), n, t0, slices);
            });
            const auto part = download(ob, size_t(n) * heads * D);
            got.insert(got.end(), part.begin(), part.end());
        }
        std::vector<float> want(q.size());
        const uint32_t group = heads / kv_heads;
        for (int t = 0; t < tokens; ++t) {
            const uint32_t visible =
                std::min<uint32_t>(std::max<uint32_t>(prefix, past + t + 1), cap);
            for (int h = 0; h < heads; ++h) {
                const size_t g = h / group;
                ref::attention_head(&q[(size_t(t) * heads + h) * D], &k[g * cap * D],
                                    &v[g * cap * D], visible, D,
                                    &want[(size_t(t) * heads + h) * D]);
            }
        }
        const double e = nmse(got, want);
        QVERIFY2(e < 1e-10, qPrintable(QString("nmse %1").arg(e)));
    }

    void swiglu() {
        const uint32_t F = 333, T = 5;
        auto up = random_floats(size_t(T) * 2 * F, -4.0f, 4.0f); // gate half, then up half
        // The device's up-projection output alternates gate and up (DeviceMatrix::paired_rows).
        std::vector<float> paired(up.size());
        for (uint32_t t = 0; t < T; ++t)
            for (uint32_t f = 0; f < F; ++f) {
                paired[size_t(t) * 2 * F + 2 * f] = up[size_t(t) * 2 * F + f];
                paired[size_t(t) * 2 * F + 2 * f + 1] = up[size_t(t) * 2 * F + F + f];
            }
        vk::Buffer ub = upload(paired, "up");
        vk::Buffer ob =
            test::device().allocator().allocate(size_t(T) * F * 4, MemoryUsage::DeviceLocal, "out");
        SwigluKernel sk(*ctx);
        run([&](auto& rec) { sk.record(rec, ub.view(), ob.view(), F, T); });
        std::vector<float> want(size_t(T) * F);
        ref::swiglu(up.data(), F, T, want.data());
        const double e = nmse(download(ob, want.size()), want);
        QVERIFY2(e < 1e-12, qPrintable(QString("nmse %1").arg(e)));
    }

    void argmax() {
        auto& dev = test::device();
        for (uint32_t n : {1u, 7u, 1000u, 130528u}) {
            auto v = random_floats(n, -10.0f, 10.0f);
            const uint32_t best = n / 3;
            v[best] = 11.0f;
            if (n > 10) v[n - 1] = 11.0f; // a tie: the lower index wins
            vk::Buffer vb = upload(v, "values");
            vk::Buffer scratch = dev.allocator().allocate(ArgmaxKernel::scratch_bytes(),
                                                          MemoryUsage::DeviceLocal, "scratch");
            vk::Buffer result = dev.allocator().allocate(16, MemoryUsage::DeviceLocal, "result");
            ArgmaxKernel ak(*ctx);
            run([&](auto& rec) { ak.record(rec, vb.view(), n, scratch, result.view(), 2); });
            uint32_t got[4];
            dev.download(result, 0, got, 16);
            QCOMPARE(got[2], best);
        }
    }
};

QTEST_GUILESS_MAIN(TestKernels)
#include "tst_kernels.moc"
