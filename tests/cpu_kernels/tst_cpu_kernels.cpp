// The CPU backend's kernel layer: ISA levels and their override, the thread pool, and the matrix
// products of every weight type on every ISA path this machine can run, against the reference
// on awkward shapes (odd rows, token and column tails, more tasks than threads and fewer).
// Plain C++ (check.h): it also runs on ARM64 under qemu-user (scripts/cross-test-aarch64.sh).
#include "check.h"
#include "cpu/isa.h"
#include "cpu/matmul.h"
#include "cpu/matmul_paths.h"
#include "cpu/thread_pool.h"
#include "glm/error.h"
#include "quant/fp16.h"
#include "quant/quantize.h"

#include <algorithm>
#include <atomic>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <mutex>
#include <optional>
#include <random>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

using namespace glm;
using namespace glm::cpu;

namespace {

std::vector<float> random_values(size_t n, uint32_t seed, float scale = 1.0f) {
    std::mt19937 rng(seed);
    std::normal_distribution<float> dist(0.0f, scale);
    std::vector<float> v(n);
    for (auto& x : v) x = dist(rng);
    return v;
}

// The weights in `type`'s bytes, row by row.
std::vector<uint8_t> encode(TensorType type, const std::vector<float>& w, uint32_t rows,
                            uint32_t cols) {
    const size_t rb = row_bytes(type, cols);
    std::vector<uint8_t> bytes(rb * rows);
    for (uint32_t r = 0; r < rows; ++r) {
        const float* src = w.data() + size_t(r) * cols;
        uint8_t* dst = bytes.data() + r * rb;
        if (type == TensorType::BF16) {
            for (uint32_t k = 0; k < cols; ++k) {
                const uint16_t h = fp32_to_bf16(src[k]);
                std::memcpy(dst + 2 * k, &h, 2);
            }
        } else {
            quant::quantize_row(type, src, cols, dst);
        }
    }
    return bytes;
}

std::vector<float> decode(TensorType type, const std::vector<uint8_t>& bytes, uint32_t rows,
                          uint32_t cols) {
    std::vector<float> w(size_t(rows) * cols);
    for (uint32_t r = 0; r < rows; ++r)
        quant::dequantize_row(type, bytes.data() + r * row_bytes(type, cols), cols,
                              w.data() + size_t(r) * cols);
    return w;
}

// quantize_activation's definition, written out: scale = max|x| / 127, q = x · (1 / scale)
// rounded to nearest, ties to even.
std::vector<ActivationBlock> quantize_definition(const float* x, uint32_t n) {
    std::vector<ActivationBlock> out(n / 32);
    for (uint32_t b = 0; b < n / 32; ++b) {
        float amax = 0;
        for (int j = 0; j < 32; ++j) amax = std::max(amax, std::fabs(x[b * 32 + j]));
        const float d = amax / 127.0f;
        const float id = d != 0.0f ? 1.0f / d : 0.0f;
        out[b].scale = d;
        for (int j = 0; j < 32; ++j) out[b].q[j] = int8_t(std::nearbyint(x[b * 32 + j] * id));
    }
    return out;
}

struct Shape {
    uint32_t rows, cols, tokens;
};

std::string describe(Isa isa, unsigned threads, TensorType type, const Shape& s, bool bias) {
    return std::string(to_string(isa)) + ", " + std::to_string(threads) + " threads, " +
           glm::to_string(type) + ", " + std::to_string(s.rows) + " rows × " +
           std::to_string(s.cols) + " cols × " + std::to_string(s.tokens) + " tokens" +
           (bias ? ", bias" : "");
}

std::string number(double v) {
    char text[32];
    std::snprintf(text, sizeof text, "%.9g", v);
    return text;
}
std::string element(uint32_t t, uint32_t r) {
    return "y[" + std::to_string(t) + "][" + std::to_string(r) + "]";
}
std::string upper(std::string s) {
    for (char& c : s) c = char(std::toupper(static_cast<unsigned char>(c)));
    return s;
}

// The fp32 product in double precision: y = x · Wᵀ (+ bias).
void reference_matmul(const float* W, uint32_t rows, uint32_t cols, const float* x, uint32_t tokens,
                      float* y, const float* bias) {
    for (uint32_t t = 0; t < tokens; ++t)
        for (uint32_t r = 0; r < rows; ++r) {
            double sum = bias ? bias[r] : 0.0;
            for (uint32_t k = 0; k < cols; ++k)
                sum += double(W[size_t(r) * cols + k]) * x[size_t(t) * cols + k];
            y[size_t(t) * rows + r] = float(sum);
        }
}

// Shapes with odd rows (kernel row tails, strips that do not divide by the thread count),
// token tails of every tile width, and one wide product that runs on several tasks.
const Shape kQuantizedShapes[] = {{1, 32, 1},    {7, 96, 2},    {33, 160, 5},
                                  {67, 96, 17},  {131, 160, 1}, {131, 32, 17},
                                  {67, 4096, 1}, {5, 4096, 3},  {40, 288, 33}};
// F32/F16/BF16 take any column count: tails of the 8-wide vectors too.
const Shape kFloatShapes[] = {{1, 1, 1},      {7, 37, 3},    {33, 5, 17},  {67, 160, 2},
                              {131, 1003, 5}, {13, 4096, 1}, {40, 96, 33}, {131, 64, 17},
                              {9, 1003, 1},   {5, 200, 1}};

void checkFloat(Isa isa, ThreadPool& pool, TensorType type, const Shape& s, bool with_bias) {
    const uint32_t seed = s.rows * 1000003u + s.cols * 101u + s.tokens;
    const std::vector<uint8_t> bytes =
        encode(type, random_values(size_t(s.rows) * s.cols, seed), s.rows, s.cols);
    const std::vector<float> w = decode(type, bytes, s.rows, s.cols);
    const std::vector<float> x = random_values(size_t(s.tokens) * s.cols, seed + 1);
    const std::vector<float> bias = random_values(s.rows, seed + 2);
    const float* b = with_bias ? bias.data() : nullptr;

    std::vector<float> want(size_t(s.tokens) * s.rows), got(want.size(), NAN);
    reference_matmul(w.data(), s.rows, s.cols, x.data(), s.tokens, want.data(), b);
    matmul({type, bytes.data(), s.rows, s.cols}, x.data(), s.tokens, got.data(), b, pool, isa);
    for (uint32_t t = 0; t < s.tokens; ++t)
        for (uint32_t r = 0; r < s.rows; ++r) {
            // fp32 sums in another order: bounded by the magnitude of the terms.
            double magnitude = b ? std::fabs(b[r]) : 0.0;
            for (uint32_t k = 0; k < s.cols; ++k)
                magnitude +=
                    std::fabs(double(w[size_t(r) * s.cols + k]) * x[size_t(t) * s.cols + k]);
            const size_t i = size_t(t) * s.rows + r;
            CHECK_MSG(std::fabs(double(got[i]) - want[i]) <= 1e-5 * magnitude + 1e-30,
                      describe(isa, pool.size(), type, s, with_bias) + ": " + element(t, r) +
                          " = " + number(got[i]) + ", expected " + number(want[i]));
        }
}

// Against the exact product of the weights with the activations quantized as the kernels
// do (tight), and against the fp32 product within the activation rounding's own bound.
void checkQuantizedBytes(Isa isa, ThreadPool& pool, TensorType type,
                         const std::vector<uint8_t>& bytes, const Shape& s,
                         const std::vector<float>& x, const float* b) {
    const std::vector<float> w = decode(type, bytes, s.rows, s.cols);
    const uint32_t blocks = s.cols / 32;
    std::vector<float> got(size_t(s.tokens) * s.rows, NAN), fp32(got.size());
    matmul({type, bytes.data(), s.rows, s.cols}, x.data(), s.tokens, got.data(), b, pool, isa);
    reference_matmul(w.data(), s.rows, s.cols, x.data(), s.tokens, fp32.data(), b);
    const size_t rb = row_bytes(type, s.cols);
    for (uint32_t t = 0; t < s.tokens; ++t) {
        const std::vector<ActivationBlock> xq =
            quantize_definition(x.data() + size_t(t) * s.cols, s.cols);
        for (uint32_t r = 0; r < s.rows; ++r) {
            double exact = b ? b[r] : 0.0, magnitude = b ? std::fabs(b[r]) : 0.0, rounding = 0;
            for (uint32_t blk = 0; blk < blocks; ++blk) {
                const uint8_t* block = bytes.data() + r * rb + blk * block_bytes(type);
                uint16_t h;
                std::memcpy(&h, block, 2);
                const double dw = fp16_to_fp32(h);
                int64_t dot = 0, dot_abs = 0;
                double wabs = 0;
                for (int j = 0; j < 32; ++j) {
                    const int qw = type == TensorType::Q8_0 ? int(int8_t(block[2 + j]))
                                   : j < 16                 ? (block[2 + j] & 0x0f) - 8
                                                            : (block[2 + j - 16] >> 4) - 8;
                    dot += int64_t(qw) * xq[blk].q[j];
                    dot_abs += std::abs(int64_t(qw) * xq[blk].q[j]);
                    wabs += std::fabs(w[size_t(r) * s.cols + blk * 32 + j]);
                }
                exact += dw * xq[blk].scale * double(dot);
                // The kernels sum partial dot products in fp32: their rounding scales
                // with the terms, not with the (possibly cancelling) total.
                magnitude += std::fabs(dw * xq[blk].scale) * double(dot_abs);
                rounding += wabs * xq[blk].scale * 0.5; // |x − scale·q| ≤ scale / 2
            }
            const size_t i = size_t(t) * s.rows + r;
            const std::string where = describe(isa, pool.size(), type, s, b != nullptr) + ": " +
                                      element(t, r) + " = " + number(got[i]);
            CHECK_MSG(std::fabs(got[i] - exact) <= 1e-4 * magnitude + 1e-30,
                      where + ", exact " + number(exact));
            CHECK_MSG(std::fabs(double(got[i]) - fp32[i]) <=
                          rounding * 1.001 + 1e-4 * magnitude + 1e-30,
                      where + ", fp32 " + number(fp32[i]) + ", bound " + number(rounding));
        }
    }
}

void checkQuantized(Isa isa, ThreadPool& pool, TensorType type, const Shape& s, bool with_bias) {
    const uint32_t seed = s.rows * 1000003u + s.cols * 101u + s.tokens + 17;
    const std::vector<uint8_t> bytes =
        encode(type, random_values(size_t(s.rows) * s.cols, seed), s.rows, s.cols);
    const std::vector<float> x = random_values(size_t(s.tokens) * s.cols, seed + 1, 2.0f);
    const std::vector<float> bias = random_values(s.rows, seed + 2);
    checkQuantizedBytes(isa, pool, type, bytes, s, x, with_bias ? bias.data() : nullptr);
}

// ---- ISA levels ----

void isaNamesRoundTrip() {
    for (Isa isa : {Isa::Scalar, Isa::Avx2, Isa::Avx512, Isa::Neon}) {
        CHECK((isa_from_string(to_string(isa))) == (std::optional<Isa>(isa)));
        CHECK((isa_from_string(upper(to_string(isa)))) == (std::optional<Isa>(isa)));
    }
    CHECK((isa_from_string("avx")) == (std::nullopt));
    CHECK((isa_from_string("")) == (std::nullopt));
}

void isaOverrideOnlyLowers() {
    std::string warning;
    CHECK((lowered_isa(Isa::Avx512, nullptr, &warning)) == (Isa::Avx512));
    CHECK((lowered_isa(Isa::Avx512, "", &warning)) == (Isa::Avx512));
    CHECK(warning.empty());
    CHECK((lowered_isa(Isa::Avx512, "avx2", &warning)) == (Isa::Avx2));
    CHECK((lowered_isa(Isa::Avx512, "SCALAR", &warning)) == (Isa::Scalar));
    CHECK((lowered_isa(Isa::Avx2, "scalar", &warning)) == (Isa::Scalar));
    CHECK((lowered_isa(Isa::Neon, "scalar", &warning)) == (Isa::Scalar));
    CHECK(warning.empty());
    // Higher levels, other families and unknown names are ignored, with a message.
    CHECK((lowered_isa(Isa::Avx2, "avx512", &warning)) == (Isa::Avx2));
    CHECK(warning.find("avx512") != std::string::npos);
    warning.clear();
    CHECK((lowered_isa(Isa::Scalar, "avx2", &warning)) == (Isa::Scalar));
    CHECK(!warning.empty());
    warning.clear();
    CHECK((lowered_isa(Isa::Avx512, "neon", &warning)) == (Isa::Avx512));
    CHECK(!warning.empty());
    warning.clear();
    CHECK((lowered_isa(Isa::Avx2, "sse9", &warning)) == (Isa::Avx2));
    CHECK(warning.find("sse9") != std::string::npos);
    // active_isa() is what the environment asks of this machine.
    CHECK((active_isa()) == (lowered_isa(detected_isa(), std::getenv("GLM_CPU_ISA"))));
}

void availableIsasAreRunnable() {
    const std::vector<Isa> isas = available_isas();
    CHECK(!isas.empty());
    CHECK((isas.front()) == (Isa::Scalar));
    CHECK((isas.back()) == (detected_isa()));
    for (Isa isa : isas) CHECK(can_run(detected_isa(), isa));
    std::printf("detected ISA: %s (AVX-VNNI %d, AVX-512 VNNI %d), active: %s, %u physical cores\n",
                to_string(detected_isa()), detail::has_avx_vnni(), detail::has_avx512_vnni(),
                to_string(active_isa()), physical_cores());
}

void machineFacts() {
    CHECK(physical_cores() >= 1);
    CHECK(physical_cores() <= std::max(1u, std::thread::hardware_concurrency()));
#ifdef __linux__
    CHECK(physical_memory_bytes() > 0);
    CHECK(available_memory_bytes() > 0);
    CHECK(available_memory_bytes() <= physical_memory_bytes());
#endif
}

// ---- thread pool ----

void threadPoolHasRequestedSize() {
    for (unsigned n : {1u, 2u, 3u, 5u}) CHECK((ThreadPool(n).size()) == (n));
    CHECK((ThreadPool(0).size()) == (1u));
}

void threadPoolRunsEveryTaskOnce() {
    for (unsigned threads : {1u, 2u, 3u}) {
        ThreadPool pool(threads);
        for (size_t tasks : {size_t(0), size_t(1), size_t(2), size_t(3), size_t(7), size_t(1000)}) {
            std::vector<std::atomic<int>> count(tasks);
            pool.run(tasks, [&](size_t t) { count[t].fetch_add(1); });
            for (size_t t = 0; t < tasks; ++t) CHECK((count[t].load()) == (1));
        }
    }
}

void threadPoolParallelForCoversRangeOnce() {
    for (unsigned threads : {1u, 2u, 3u}) {
        ThreadPool pool(threads);
        for (size_t n : {size_t(0), size_t(1), size_t(5), size_t(17), size_t(100), size_t(1001)}) {
            for (size_t grain : {size_t(0), size_t(1), size_t(3), size_t(16), size_t(2000)}) {
                std::mutex m;
                std::vector<std::pair<size_t, size_t>> ranges;
                pool.parallel_for(n, grain, [&](size_t b, size_t e) {
                    std::lock_guard lock(m);
                    ranges.emplace_back(b, e);
                });
                std::sort(ranges.begin(), ranges.end());
                const std::string where = std::to_string(threads) + " threads, n " +
                                          std::to_string(n) + ", grain " + std::to_string(grain);
                CHECK_MSG(ranges.size() <= pool.size(), where);
                size_t next = 0;
                for (auto [b, e] : ranges) {
                    CHECK_MSG(b == next && e > b, where);
                    if (e != n) CHECK_MSG(e - b >= std::max<size_t>(grain, 1), where);
                    next = e;
                }
                CHECK_MSG(next == n, where);
            }
        }
    }
}

void threadPoolRethrowsFirstException() {
    for (unsigned threads : {1u, 2u, 3u}) {
        ThreadPool pool(threads);
        for (int round = 0; round < 3; ++round) {
            bool caught = false;
            try {
                pool.run(100, [](size_t t) {
                    if (t == 37) throw std::runtime_error("task 37");
                });
            } catch (const std::runtime_error& e) {
                caught = std::string(e.what()) == "task 37";
            }
            CHECK(caught);
            // The pool stays usable.
            std::atomic<size_t> sum{0};
            pool.run(50, [&](size_t t) { sum += t; });
            CHECK((sum.load()) == (size_t(49 * 50 / 2)));
        }
    }
}

void threadPoolRefusesNestedLoop() {
    ThreadPool pool(2);
    bool caught = false;
    try {
        pool.run(4, [&](size_t) { pool.run(2, [](size_t) {}); });
    } catch (const std::logic_error&) {
        caught = true;
    }
    CHECK(caught);
    std::atomic<int> n{0};
    pool.run(3, [&](size_t) { ++n; });
    CHECK((n.load()) == (3));
}

void threadPoolManyLoopsInARow() {
    ThreadPool pool(3);
    std::vector<uint64_t> partial(8);
    for (uint64_t loop = 0; loop < 3000; ++loop) {
        pool.run(partial.size(), [&](size_t t) { partial[t] = loop * 8 + t; });
        uint64_t sum = 0;
        for (uint64_t v : partial) sum += v;
        CHECK((sum) == (loop * 64 + 28));
    }
}

// ---- activation quantization ----

void quantizeActivationMatchesDefinition() {
    std::vector<float> x = random_values(32 * 40, 7, 3.0f);
    std::fill(x.begin() + 64, x.begin() + 96, 0.0f); // a block of zeros: scale 0
    x[200] = 1e-30f;                                 // a tiny block element
    for (int j = 0; j < 32; ++j)                     // scale 1: halves are ties of the rounding
        x[320 + j] = j == 0 ? 127.0f : float(j - 16) + 0.5f;
    // Values that x · (1 / scale) rounds differently when fused with the rounding's add into one
    // multiply-add (GCC's default on ARM64): the scalar path must not contract it.
    const float fused[] = {3.0f, -0x1.02850ap+1f, -0x1.b66cdcp+0f, 0x1.29d3a8p+1f};
    std::fill(x.begin() + 640, x.begin() + 672, 0.0f);
    std::copy(std::begin(fused), std::end(fused), x.begin() + 640);
    const std::vector<ActivationBlock> want = quantize_definition(x.data(), uint32_t(x.size()));
    auto check = [&](const std::vector<ActivationBlock>& got, const char* what) {
        for (size_t b = 0; b < want.size(); ++b) {
            CHECK_MSG(got[b].scale == want[b].scale,
                      std::string(what) + " block " + std::to_string(b));
            CHECK_MSG(std::memcmp(got[b].q, want[b].q, 32) == 0,
                      std::string(what) + " block " + std::to_string(b));
        }
    };
    std::vector<ActivationBlock> got(want.size());
    quantize_activation(x.data(), uint32_t(x.size()), got.data());
    check(got, "quantize_activation");
    for (Isa isa : available_isas()) {
        std::vector<ActivationBlock> path(want.size());
        std::vector<int32_t> sums(want.size());
        detail::activation_quantizer(isa)(x.data(), uint32_t(x.size()), path.data(), sums.data());
        check(path, to_string(isa));
        for (size_t b = 0; b < want.size(); ++b) {
            int32_t s = 0;
            for (int8_t q : want[b].q) s += q;
            CHECK((sums[b]) == (s));
        }
    }
    CHECK_THROWS(glm::Error, quantize_activation(x.data(), 33, got.data()));
}

// ---- matrix products ----

void floatWeightsMatchReference() {
    for (Isa isa : available_isas())
        for (unsigned threads : {1u, 2u, 3u}) {
            ThreadPool pool(threads);
            for (TensorType type : {TensorType::F32, TensorType::F16, TensorType::BF16})
                for (const Shape& s : kFloatShapes)
                    for (bool with_bias : {false, true}) checkFloat(isa, pool, type, s, with_bias);
        }
}

void quantizedWeightsMatchExactProduct() {
    for (Isa isa : available_isas())
        for (unsigned threads : {1u, 2u, 3u}) {
            ThreadPool pool(threads);
            for (TensorType type : {TensorType::Q4_0, TensorType::Q8_0})
                for (const Shape& s : kQuantizedShapes)
                    for (bool with_bias : {false, true})
                        checkQuantized(isa, pool, type, s, with_bias);
        }
}

void quantizedWeightsWithoutVnni() {
    // Where the CPU has VNNI the products use it: the kernels without it run too.
    if (!detail::has_avx512_vnni() && !detail::has_avx_vnni())
        SKIP("no VNNI on this CPU: the kernels ran without it above");
    detail::use_vnni(false);
    struct Restore {
        ~Restore() { detail::use_vnni(true); }
    } restore;
    for (Isa isa : available_isas())
        for (unsigned threads : {1u, 3u}) {
            ThreadPool pool(threads);
            for (TensorType type : {TensorType::Q4_0, TensorType::Q8_0})
                for (const Shape& s : kQuantizedShapes) checkQuantized(isa, pool, type, s, true);
        }
}

void quantizedWeightsWithExtremeBlocks() {
    // Q8_0 weights of -128 and Q4_0 nibbles 0 and 15 (-8 and +7) meeting activations of
    // ±127: the largest pair sums the int16 step of maddubs must hold.
    const uint32_t rows = 5, cols = 64, tokens = 3;
    std::vector<float> x(size_t(tokens) * cols);
    for (size_t i = 0; i < x.size(); ++i) x[i] = (i % 3 == 0) ? -1.0f : 1.0f;
    for (TensorType type : {TensorType::Q4_0, TensorType::Q8_0}) {
        std::vector<uint8_t> bytes(row_bytes(type, cols) * rows);
        const size_t bb = block_bytes(type);
        for (size_t b = 0; b < bytes.size() / bb; ++b) {
            uint8_t* block = bytes.data() + b * bb;
            const uint16_t d = fp32_to_fp16(0.5f);
            std::memcpy(block, &d, 2);
            for (size_t j = 2; j < bb; ++j)
                block[j] = type == TensorType::Q8_0 ? ((b + j) % 2 ? 0x80 : 0x7f)
                                                    : ((b + j) % 2 ? 0x0f : 0xf0);
        }
        for (bool vnni : {true, false}) {
            detail::use_vnni(vnni);
            for (Isa isa : available_isas()) {
                ThreadPool pool(2);
                checkQuantizedBytes(isa, pool, type, bytes, {rows, cols, tokens}, x, nullptr);
            }
        }
        detail::use_vnni(true);
    }
}

void rowsFurtherApart() {
    // The first `cols` columns of a wider matrix (attention's values: the first n of `capacity`
    // cache slots) give the product of those columns alone.
    for (Isa isa : available_isas()) {
        ThreadPool pool(2);
        for (TensorType type :
             {TensorType::F32, TensorType::F16, TensorType::BF16, TensorType::Q8_0}) {
            const uint32_t rows = 37, cols = block_elements(type) == 1 ? 77 : 96, wide = 160;
            const std::vector<float> w = random_values(size_t(rows) * wide, 11);
            const std::vector<uint8_t> wide_bytes = encode(type, w, rows, wide);
            std::vector<uint8_t> packed(row_bytes(type, cols) * rows);
            for (uint32_t r = 0; r < rows; ++r)
                std::memcpy(&packed[r * row_bytes(type, cols)],
                            &wide_bytes[r * row_bytes(type, wide)], row_bytes(type, cols));
            for (uint32_t tokens : {1u, 5u}) {
                const std::vector<float> x = random_values(size_t(tokens) * cols, 12);
                std::vector<float> want(size_t(tokens) * rows), got(want.size(), NAN);
                matmul({type, packed.data(), rows, cols}, x.data(), tokens, want.data(), nullptr,
                       pool, isa);
                matmul({type, wide_bytes.data(), rows, cols, row_bytes(type, wide)}, x.data(),
                       tokens, got.data(), nullptr, pool, isa);
                CHECK_MSG(got == want, std::string(to_string(isa)) + ", " + glm::to_string(type) +
                                           ", " + std::to_string(tokens) + " tokens");
            }
        }
    }
}

void productOnThisThreadInsidePoolTasks() {
    // Attention's tasks run products of their own inside the pool's loop: the same results as
    // matmul, without asking the pool again (which refuses nested loops).
    ThreadPool pool(3);
    for (TensorType type : {TensorType::F16, TensorType::F32, TensorType::Q4_0}) {
        const Shape s{131, 160, 17};
        const std::vector<uint8_t> bytes =
            encode(type, random_values(size_t(s.rows) * s.cols, 5), s.rows, s.cols);
        const std::vector<float> x = random_values(size_t(s.tokens) * s.cols, 6);
        const WeightMatrix W{type, bytes.data(), s.rows, s.cols};
        std::vector<float> want(size_t(s.tokens) * s.rows);
        matmul(W, x.data(), s.tokens, want.data(), nullptr, pool);
        std::vector<std::vector<float>> got(4, std::vector<float>(want.size(), NAN));
        pool.run(got.size(), [&](size_t task) {
            matmul_on_this_thread(W, x.data(), s.tokens, got[task].data(), nullptr);
        });
        for (const std::vector<float>& y : got) CHECK_MSG(y == want, glm::to_string(type));
    }
}

void rejectsWhatItCannotCompute() {
    ThreadPool pool(1);
    std::vector<uint8_t> w(row_bytes(TensorType::Q4_0, 64) * 2);
    std::vector<float> x(64), y(4);
    WeightMatrix W{TensorType::Q4_0, w.data(), 2, 48}; // not whole blocks
    CHECK_THROWS(glm::Error, matmul(W, x.data(), 1, y.data(), nullptr, pool));
    W.cols = 64;
    matmul(W, x.data(), 1, y.data(), nullptr, pool, Isa::Scalar);
    for (Isa isa : {Isa::Avx2, Isa::Avx512, Isa::Neon})
        if (!can_run(detected_isa(), isa))
            CHECK_THROWS(glm::Error, matmul(W, x.data(), 1, y.data(), nullptr, pool, isa));
    CHECK_THROWS(glm::Error, matmul(W, nullptr, 1, y.data(), nullptr, pool));
    CHECK_THROWS(glm::Error, matmul(W, x.data(), 1, nullptr, nullptr, pool));
    matmul(W, nullptr, 0, nullptr, nullptr, pool);      // nothing to compute
    W.row_stride = row_bytes(TensorType::Q4_0, 64) - 1; // rows that would overlap
    CHECK_THROWS(glm::Error, matmul(W, x.data(), 1, y.data(), nullptr, pool));
    W.row_stride = 0;
    W.type = TensorType(12); // Q4_K: not (yet) read by this backend
    CHECK_THROWS(glm::Error, matmul(W, x.data(), 1, y.data(), nullptr, pool));
}

} // namespace

int main(int argc, char** argv) {
    return check::run_tests(
        {
            {"isaNamesRoundTrip", isaNamesRoundTrip},
            {"isaOverrideOnlyLowers", isaOverrideOnlyLowers},
            {"availableIsasAreRunnable", availableIsasAreRunnable},
            {"machineFacts", machineFacts},
            {"threadPoolHasRequestedSize", threadPoolHasRequestedSize},
            {"threadPoolRunsEveryTaskOnce", threadPoolRunsEveryTaskOnce},
            {"threadPoolParallelForCoversRangeOnce", threadPoolParallelForCoversRangeOnce},
            {"threadPoolRethrowsFirstException", threadPoolRethrowsFirstException},
            {"threadPoolRefusesNestedLoop", threadPoolRefusesNestedLoop},
            {"threadPoolManyLoopsInARow", threadPoolManyLoopsInARow},
            {"quantizeActivationMatchesDefinition", quantizeActivationMatchesDefinition},
            {"floatWeightsMatchReference", floatWeightsMatchReference},
            {"quantizedWeightsMatchExactProduct", quantizedWeightsMatchExactProduct},
            {"quantizedWeightsWithoutVnni", quantizedWeightsWithoutVnni},
            {"quantizedWeightsWithExtremeBlocks", quantizedWeightsWithExtremeBlocks},
            {"rowsFurtherApart", rowsFurtherApart},
            {"productOnThisThreadInsidePoolTasks", productOnThisThreadInsidePoolTasks},
            {"rejectsWhatItCannotCompute", rejectsWhatItCannotCompute},
        },
        argc, argv);
}
