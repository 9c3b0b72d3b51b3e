// The ARM64 path: NEON with the dot-product extension (sdot, ARMv8.2 and later: Apple Silicon,
// Cortex-A55/A76 and later, Graviton 2+, Snapdragon laptops). Compiled with
// -march=armv8.2-a+dotprod only here (cpu_kernels.cmake); isa.cpp reports Isa::Neon only where
// the CPU has the extension, so the rest of the library still runs on any ARMv8-A core.
// Everything is in an anonymous namespace: no copy may be shared with the baseline files (see
// matmul_paths.h).
//
// The same tile design as the x86 kernels (matmul_x86.h): a kernel computes R rows × T tokens,
// each weight block loaded (and unpacked) once for T tokens, each activation block once for R
// rows. Decoding (one token) runs one row at a time, so each thread reads one sequential stream,
// and asks for the bytes ahead of it.
#if !defined(__aarch64__) || !defined(__ARM_FEATURE_DOTPROD)
#error "matmul_neon.cpp needs an AArch64 target with -march=armv8.2-a+dotprod (cpu_kernels.cmake)"
#endif

#include "cpu/matmul_paths.h"

#include <arm_neon.h>
#include <cstring>
#include <utility>

namespace glm::cpu::detail {
namespace {

#define GLM_NEON_INLINE inline __attribute__((always_inline))
#define GLM_NEON_LAMBDA __attribute__((always_inline))

constexpr int kMaxRows = 4, kMaxTokens = 4; // the largest tile any shape below uses

constexpr bool is_quantized(TensorType t) {
    return t == TensorType::Q4_0 || t == TensorType::Q8_0;
}

// Prefill tile shapes, the largest whose loop GCC 12 compiles without spilling accumulators to
// the stack (checked in the assembly): quantized 3 × 3 (9 accumulators, 6 unpacked weight
// registers, one activation block, the scales and the dot products in flight); float 4 × 4 (16
// accumulators, 4 weight registers, one activation). Both row steps divide 12 (matmul.cpp).
template <TensorType TT> constexpr int prefill_rows() {
    return is_quantized(TT) ? 3 : 4;
}
template <TensorType TT> constexpr int prefill_tokens() {
    return is_quantized(TT) ? 3 : 4;
}
// Decoding: one row at a time, one sequential stream per thread.
template <TensorType> constexpr int decode_rows() {
    return 1;
}

// Decoding reads each weight once: asking for the bytes a little ahead keeps more memory requests
// in flight (as on x86).
constexpr size_t kPrefetchDistance = 512;
GLM_NEON_INLINE void prefetch(const uint8_t* p) {
    __builtin_prefetch(p + kPrefetchDistance, 0, 3);
}

// Up to four fp16 values (the rest 0) as fp32 lanes: fp16 conversion is baseline ARMv8.
GLM_NEON_INLINE float32x4_t widen_halves(const uint16_t (&h)[4]) {
    return vcvt_f32_f16(vreinterpret_f16_u16(vld1_u16(h)));
}

// Calls f(std::integral_constant<int, 0>()) … f(…<N − 1>()): the tiles' loops over rows and
// tokens written out at any optimisation level, so the accumulators stay in registers and a lane
// number is a constant (GCC unrolls the plain loops only partly, keeping the tile on the stack).
template <int N, typename F> GLM_NEON_INLINE void unroll(F&& f) {
    [&]<int... I>(std::integer_sequence<int, I...>) GLM_NEON_LAMBDA {
        (f(std::integral_constant<int, I>()), ...);
    }
    (std::make_integer_sequence<int, N>());
}

// ---- quantized weights (Q4_0, Q8_0) against 8-bit activations ----

constexpr size_t block_size(TensorType t) {
    return t == TensorType::Q4_0 ? 18 : 34;
}

// One weight block's 32 signed values: elements 0-15 and 16-31.
struct Unpacked {
    int8x16_t lo, hi;
};

template <TensorType TT> GLM_NEON_INLINE Unpacked unpack(const uint8_t* qs) {
    if constexpr (TT == TensorType::Q4_0) {
        // Byte j holds element j (low nibble) and element j + 16 (high nibble), offset by 8.
        const uint8x16_t raw = vld1q_u8(qs);
        const int8x16_t eight = vdupq_n_s8(8);
        return {vsubq_s8(vreinterpretq_s8_u8(vandq_u8(raw, vdupq_n_u8(0x0f))), eight),
                vsubq_s8(vreinterpretq_s8_u8(vshrq_n_u8(raw, 4)), eight)};
    } else {
        const int8_t* q = reinterpret_cast<const int8_t*>(qs);
        return {vld1q_s8(q), vld1q_s8(q + 16)};
    }
}

// Four int32 partial sums of one block's Σ w·q (exact: |Σ| ≤ 32 · 128 · 127).
GLM_NEON_INLINE int32x4_t dot(const Unpacked& w, int8x16_t q_lo, int8x16_t q_hi) {
    return vdotq_s32(vdotq_s32(vdupq_n_s32(0), w.lo, q_lo), w.hi, q_hi);
}

// One block of R rows against T tokens, into 4-lane accumulators.
template <TensorType TT, int R, int T>
GLM_NEON_INLINE void quantized_block(const uint8_t* const (&w)[R],
                                     const ActivationBlock* const (&x)[T], uint32_t b,
                                     float32x4_t (&acc)[R][T]) {
    constexpr size_t bytes = block_size(TT);
    Unpacked u[R];
    uint16_t scale_bits[4] = {0, 0, 0, 0};
    unroll<R>([&](auto i) GLM_NEON_LAMBDA {
        const uint8_t* block = w[i] + b * bytes;
        if constexpr (T == 1) prefetch(block);
        std::memcpy(&scale_bits[i], block, 2);
        u[i] = unpack<TT>(block + 2);
    });
    const float32x4_t dw = widen_halves(scale_bits); // lane i: row i's block scale
    unroll<T>([&](auto k) GLM_NEON_LAMBDA {
        const ActivationBlock& a = x[k][b];
        const int8x16_t q_lo = vld1q_s8(a.q), q_hi = vld1q_s8(a.q + 16);
        const float32x4_t scales = vmulq_n_f32(dw, a.scale);
        unroll<R>([&](auto i) GLM_NEON_LAMBDA {
            acc[i][k] = vfmaq_laneq_f32(acc[i][k], vcvtq_f32_s32(dot(u[i], q_lo, q_hi)), scales,
                                        decltype(i)::value);
        });
    });
}

template <TensorType TT, int R, int T>
void quantized_kernel(const MatmulJob& job, uint32_t r, uint32_t t) {
    const uint32_t blocks = job.W.cols / 32;
    const uint8_t* w[R];
    unroll<R>([&](auto i) GLM_NEON_LAMBDA { w[i] = job.W.data + (r + i) * job.row_bytes; });
    const ActivationBlock* x[T];
    unroll<T>([&](auto k) GLM_NEON_LAMBDA { x[k] = job.xq + size_t(t + k) * blocks; });
    // Every access to the tile is unrolled: indexed by a variable, it would live on the stack.
    float32x4_t acc[R][T];
    unroll<R * T>([&](auto j) GLM_NEON_LAMBDA { acc[j / T][j % T] = vdupq_n_f32(0.0f); });
    uint32_t b = 0;
    if constexpr (R * T == 1) {
        // Decoding: one accumulator would wait on its own FMA latency each step; two chains keep
        // the core ahead of memory.
        float32x4_t other[1][1] = {{vdupq_n_f32(0.0f)}};
        for (; b + 2 <= blocks; b += 2) {
            quantized_block<TT, R, T>(w, x, b, acc);
            quantized_block<TT, R, T>(w, x, b + 1, other);
        }
        acc[0][0] = vaddq_f32(acc[0][0], other[0][0]);
    }
    for (; b < blocks; ++b) quantized_block<TT, R, T>(w, x, b, acc);
    unroll<R * T>([&](auto j) GLM_NEON_LAMBDA {
        constexpr int i = j / T, k = j % T;
        job.y[size_t(t + k) * job.W.rows + r + i] =
            vaddvq_f32(acc[i][k]) + (job.bias ? job.bias[r + i] : 0.0f);
    });
}

// ---- F32, F16 and BF16 weights against fp32 activations ----

// Four weights from column k on.
template <TensorType TT> GLM_NEON_INLINE float32x4_t load4(const uint8_t* row, uint32_t k) {
    if constexpr (TT == TensorType::F32) {
        return vreinterpretq_f32_u8(vld1q_u8(row + 4 * size_t(k)));
    } else {
        const uint16x4_t h = vreinterpret_u16_u8(vld1_u8(row + 2 * size_t(k)));
        if constexpr (TT == TensorType::F16) return vcvt_f32_f16(vreinterpret_f16_u16(h));
        return vreinterpretq_f32_u32(vshll_n_u16(h, 16)); // BF16: the high half of an fp32
    }
}

// One weight (the column tails), converted by the same instructions as load4.
template <TensorType TT> GLM_NEON_INLINE float load1(const uint8_t* row, uint32_t k) {
    if constexpr (TT == TensorType::F32) {
        float f;
        std::memcpy(&f, row + 4 * size_t(k), 4);
        return f;
    } else {
        uint16_t h;
        std::memcpy(&h, row + 2 * size_t(k), 2);
        const uint16x4_t v = vdup_n_u16(h);
        if constexpr (TT == TensorType::F16)
            return vgetq_lane_f32(vcvt_f32_f16(vreinterpret_f16_u16(v)), 0);
        return vgetq_lane_f32(vreinterpretq_f32_u32(vshll_n_u16(v, 16)), 0);
    }
}

template <TensorType TT, int R, int T>
void float_kernel(const MatmulJob& job, uint32_t r, uint32_t t) {
    const uint32_t cols = job.W.cols;
    const uint8_t* w[R];
    unroll<R>([&](auto i) GLM_NEON_LAMBDA { w[i] = job.W.data + (r + i) * job.row_bytes; });
    const float* x[T];
    unroll<T>([&](auto k) GLM_NEON_LAMBDA { x[k] = job.x + size_t(t + k) * cols; });
    // Every access to the tile is unrolled: indexed by a variable, it would live on the stack.
    float32x4_t acc[R][T];
    unroll<R * T>([&](auto j) GLM_NEON_LAMBDA { acc[j / T][j % T] = vdupq_n_f32(0.0f); });

    uint32_t c = 0;
    if constexpr (R * T == 1) { // decoding one row: four FMA chains, so latency does not limit it
        constexpr size_t weight_bytes = TT == TensorType::F32 ? 4 : 2;
        float32x4_t chain[4] = {vdupq_n_f32(0.0f), vdupq_n_f32(0.0f), vdupq_n_f32(0.0f),
                                vdupq_n_f32(0.0f)};
        for (; c + 16 <= cols; c += 16) {
            prefetch(w[0] + weight_bytes * c);
            unroll<4>([&](auto j) GLM_NEON_LAMBDA {
                chain[j] =
                    vfmaq_f32(chain[j], load4<TT>(w[0], c + 4 * j), vld1q_f32(x[0] + c + 4 * j));
            });
        }
        acc[0][0] = vaddq_f32(vaddq_f32(chain[0], chain[1]), vaddq_f32(chain[2], chain[3]));
    }
    for (; c + 4 <= cols; c += 4) {
        float32x4_t wv[R];
        unroll<R>([&](auto i) GLM_NEON_LAMBDA { wv[i] = load4<TT>(w[i], c); });
        unroll<T>([&](auto k) GLM_NEON_LAMBDA {
            const float32x4_t xv = vld1q_f32(x[k] + c);
            unroll<R>([&](auto i) GLM_NEON_LAMBDA { acc[i][k] = vfmaq_f32(acc[i][k], wv[i], xv); });
        });
    }
    float tail[R][T] = {};
    for (; c < cols; ++c)
        unroll<R * T>([&](auto j) GLM_NEON_LAMBDA {
            constexpr int i = j / T, k = j % T;
            tail[i][k] += load1<TT>(w[i], c) * x[k][c];
        });
    unroll<R * T>([&](auto j) GLM_NEON_LAMBDA {
        constexpr int i = j / T, k = j % T;
        job.y[size_t(t + k) * job.W.rows + r + i] =
            vaddvq_f32(acc[i][k]) + tail[i][k] + (job.bias ? job.bias[r + i] : 0.0f);
    });
}

// ---- tiles ----

#include "cpu/matmul_tiles.h"

// ---- activation quantization: exactly quantize_activation_scalar's arithmetic ----

void quantize(const float* x, uint32_t n, ActivationBlock* out, int32_t* sums) {
    const int32x4_t hi = vdupq_n_s32(127), lo = vdupq_n_s32(-127);
    for (uint32_t b = 0; b < n / 32; ++b, x += 32) {
        float32x4_t v[8];
        for (int i = 0; i < 8; ++i) v[i] = vld1q_f32(x + 4 * i);
        // maxnm, like fmax, ignores a NaN (the scalar path's std::fmax from 0: a block of NaN
        // has scale 0).
        float32x4_t m = vdupq_n_f32(0.0f);
        for (int i = 0; i < 8; ++i) m = vmaxnmq_f32(m, vabsq_f32(v[i]));
        const float d = vmaxnmvq_f32(m) / 127.0f;
        const float id = d != 0.0f ? 1.0f / d : 0.0f;
        // Round to nearest, ties to even; NaN becomes 0 and ±inf saturates, as in the scalar
        // path, and the clamp gives its ±127.
        int32x4_t q[8];
        for (int i = 0; i < 8; ++i)
            q[i] = vmaxq_s32(vminq_s32(vcvtnq_s32_f32(vmulq_n_f32(v[i], id)), hi), lo);
        if (sums) {
            int32x4_t s = vaddq_s32(vaddq_s32(q[0], q[1]), vaddq_s32(q[2], q[3]));
            s = vaddq_s32(s, vaddq_s32(vaddq_s32(q[4], q[5]), vaddq_s32(q[6], q[7])));
            sums[b] = vaddvq_s32(s);
        }
        out[b].scale = d;
        for (int h = 0; h < 2; ++h) {
            const int16x8_t a = vcombine_s16(vmovn_s32(q[4 * h]), vmovn_s32(q[4 * h + 1]));
            const int16x8_t c = vcombine_s16(vmovn_s32(q[4 * h + 2]), vmovn_s32(q[4 * h + 3]));
            vst1q_s8(out[b].q + 16 * h, vcombine_s8(vmovn_s16(a), vmovn_s16(c)));
        }
    }
}

} // namespace

void matmul_tile_neon(const MatmulJob& job, uint32_t r0, uint32_t r1, uint32_t t0, uint32_t t1) {
    tile_any(job, r0, r1, t0, t1);
}

void quantize_activation_neon(const float* x, uint32_t n, ActivationBlock* out, int32_t* sums) {
    quantize(x, n, out, sums);
}

} // namespace glm::cpu::detail
