// The x86-64 kernels, written once and compiled four times (matmul_avx2.cpp, matmul_avxvnni.cpp,
// matmul_avx512.cpp, matmul_avx512vnni.cpp), each with its own ISA flags. The including file
// defines:
//   GLM_X86_NS    the namespace of its copy
//   GLM_X86_VNNI  1: VNNI's dpbusd does the integer dot products (else maddubs + madd)
//   GLM_X86_REGS  vector registers the tile shapes may use (16 for AVX2, 32 for AVX-512)
// Everything is in an anonymous namespace: no copy may be shared with another ISA's file.
//
// A kernel computes R rows × T tokens at once: each weight block is loaded (and unpacked) once
// for T tokens, each activation block once for R rows. Decoding (one token) runs 4 rows at a
// time, which streams each weight byte once; prefill runs the widest tile the registers hold.
#pragma once

#if !defined(__AVX2__) || !defined(__FMA__) || !defined(__F16C__)
#error "matmul_x86.h needs -mavx2 -mfma -mf16c (set per file in cpu/sources.cmake)"
#endif

// GCC 12 reports the undefined upper half of its own 256-to-512-bit casts (avx512fintrin.h) as
// "(may be) used uninitialized" (GCC bug 105593); the pragma must precede the intrinsics' header.
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#pragma GCC diagnostic ignored "-Wuninitialized"
#endif

#include "cpu/matmul_paths.h"

#include <cstring>
#include <immintrin.h>
#include <utility>

namespace glm::cpu::detail::GLM_X86_NS {
namespace {

constexpr int kMaxRows = 4, kMaxTokens = 4; // the largest tile any shape below uses

constexpr bool is_quantized(TensorType t) {
    return t == TensorType::Q4_0 || t == TensorType::Q8_0;
}

// Prefill tile shapes, sized so accumulators, unpacked weights and one activation fit the
// registers (16 ymm for AVX2; AVX-512 reaches 32).
template <TensorType TT> constexpr int prefill_rows() {
    if (GLM_X86_REGS < 32) return is_quantized(TT) ? 2 : 3;
    return 4;
}
// Decoding: one row at a time, so each thread reads one sequential stream (measured much faster
// than 2 or 4 interleaved rows), except F32, whose rows are read faster 4 side by side.
template <TensorType TT> constexpr int decode_rows() {
    return TT == TensorType::F32 ? 4 : 1;
}
template <TensorType TT> constexpr int prefill_tokens() {
    if (GLM_X86_REGS < 32) return (is_quantized(TT) && !GLM_X86_VNNI) ? 3 : 4;
    return (is_quantized(TT) && !GLM_X86_VNNI) ? 3 : 4;
}

inline float hsum(__m256 v) {
    __m128 s = _mm_add_ps(_mm256_castps256_ps128(v), _mm256_extractf128_ps(v, 1));
    s = _mm_add_ps(s, _mm_movehl_ps(s, s));
    s = _mm_add_ss(s, _mm_movehdup_ps(s));
    return _mm_cvtss_f32(s);
}

inline float load_half(const uint8_t* p) {
    uint16_t h;
    std::memcpy(&h, p, 2);
    return _cvtsh_ss(h);
}

// ---- quantized weights (Q4_0, Q8_0) against 8-bit activations ----

constexpr size_t block_size(TensorType t) {
    return t == TensorType::Q4_0 ? 18 : 34;
}

// One weight block ready for dot products with any activation block.
// maddubs multiplies unsigned by signed bytes: u = |w| and the activation takes w's sign.
// dpbusd does the same without the int16 step, so u can be the unsigned form of w (nibble, or
// w + 128) and the offset is taken back through the accumulator's start value (see dot()).
struct Prepared {
    __m256i u;
#if !GLM_X86_VNNI
    __m256i s;
#endif
};

template <TensorType TT> inline Prepared prepare(const uint8_t* qs) {
    Prepared p;
    if constexpr (TT == TensorType::Q4_0) {
        // Byte j holds element j (low nibble) and element j + 16 (high nibble).
        const __m128i raw = _mm_loadu_si128(reinterpret_cast<const __m128i*>(qs));
        const __m256i nibbles =
            _mm256_and_si256(_mm256_set_m128i(_mm_srli_epi16(raw, 4), raw), _mm256_set1_epi8(0x0f));
#if GLM_X86_VNNI
        p.u = nibbles;
#else
        p.s = _mm256_sub_epi8(nibbles, _mm256_set1_epi8(8));
        p.u = _mm256_abs_epi8(p.s);
#endif
    } else {
        const __m256i w = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(qs));
#if GLM_X86_VNNI
        p.u = _mm256_xor_si256(w, _mm256_set1_epi8(char(0x80)));
#else
        p.s = w;
        p.u = _mm256_abs_epi8(w);
#endif
    }
    return p;
}

// What the accumulator of one activation block starts at: with dpbusd the weights are offset
// by +8 (Q4_0) or +128 (Q8_0), so Σ w·q = Σ u·q − offset · Σ q; spread over the 8 lanes.
template <TensorType TT> inline __m256i dot_start(int32_t block_sum) {
#if GLM_X86_VNNI
    return _mm256_set1_epi32(-(TT == TensorType::Q4_0 ? 1 : 16) * block_sum);
#else
    (void)block_sum;
    return _mm256_setzero_si256();
#endif
}

// Eight int32 partial sums of the block's Σ w·q.
inline __m256i dot(const Prepared& w, __m256i q, __m256i start) {
#if GLM_X86_VNNI && GLM_X86_REGS < 32
    return _mm256_dpbusd_avx_epi32(start, w.u, q); // AVX-VNNI (VEX encoded)
#elif GLM_X86_VNNI
    return _mm256_dpbusd_epi32(start, w.u, q);
#else
    (void)start;
    const __m256i pairs = _mm256_maddubs_epi16(w.u, _mm256_sign_epi8(q, w.s));
    return _mm256_madd_epi16(pairs, _mm256_set1_epi16(1));
#endif
}

#define GLM_X86_INLINE inline __attribute__((always_inline))

// Decoding reads each weight once: asking for the bytes a little ahead keeps more memory requests
// in flight (measured: 5-15% on one thread, the bandwidth floor is reached with two).
constexpr size_t kPrefetchDistance = 512;
inline void prefetch(const uint8_t* p) {
    _mm_prefetch(reinterpret_cast<const char*>(p + kPrefetchDistance), _MM_HINT_T0);
}

// One block of R rows against T tokens, into 8-lane accumulators.
template <TensorType TT, int R, int T>
GLM_X86_INLINE void
quantized_block(const uint8_t* const (&w)[R], const ActivationBlock* const (&x)[T],
                const int32_t* const (&sums)[T], uint32_t b, __m256 (&acc)[R][T]) {
    constexpr size_t bytes = block_size(TT);
    Prepared p[R];
    __m256 dw[R];
    for (int i = 0; i < R; ++i) {
        const uint8_t* block = w[i] + b * bytes;
        if constexpr (T == 1) prefetch(block);
        dw[i] = _mm256_set1_ps(load_half(block));
        p[i] = prepare<TT>(block + 2);
    }
    for (int k = 0; k < T; ++k) {
        const __m256i q = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(x[k][b].q));
        const __m256 dx = _mm256_set1_ps(x[k][b].scale);
        const __m256i start = dot_start<TT>(sums[k][b]);
        for (int i = 0; i < R; ++i) {
            const __m256 d = _mm256_cvtepi32_ps(dot(p[i], q, start));
            acc[i][k] = _mm256_fmadd_ps(d, _mm256_mul_ps(dw[i], dx), acc[i][k]);
        }
    }
}

#if GLM_X86_REGS >= 32
// AVX-512: two blocks per 512-bit register, half the instructions per multiply-add.
struct Prepared2 {
    __m512i u;
#if !GLM_X86_VNNI
    __mmask64 negative; // the weights below zero: their activations change sign
#endif
};

inline __m512i join(__m256i lo, __m256i hi) {
    return _mm512_inserti64x4(_mm512_castsi256_si512(lo), hi, 1);
}
inline __m512 join(__m256 lo, __m256 hi) {
    return _mm512_castpd_ps(
        _mm512_insertf64x4(_mm512_castpd256_pd512(_mm256_castps_pd(lo)), _mm256_castps_pd(hi), 1));
}
inline __m256 fold(__m512 v) {
    return _mm256_add_ps(_mm512_castps512_ps256(v),
                         _mm256_castpd_ps(_mm512_extractf64x4_pd(_mm512_castps_pd(v), 1)));
}

// Blocks b and b + 1 of a row (`block` points at b).
template <TensorType TT> GLM_X86_INLINE Prepared2 prepare2(const uint8_t* block) {
    constexpr size_t bytes = block_size(TT);
    __m512i w;
    if constexpr (TT == TensorType::Q4_0) {
        // Each 16 bytes twice, the second copy shifted right by 4: low then high nibbles.
        const __m256i a = _mm256_broadcastsi128_si256(
            _mm_loadu_si128(reinterpret_cast<const __m128i*>(block + 2)));
        const __m256i b = _mm256_broadcastsi128_si256(
            _mm_loadu_si128(reinterpret_cast<const __m128i*>(block + bytes + 2)));
        w = _mm512_and_si512(
            _mm512_srlv_epi64(join(a, b), _mm512_setr_epi64(0, 0, 4, 4, 0, 0, 4, 4)),
            _mm512_set1_epi8(0x0f));
#if !GLM_X86_VNNI
        w = _mm512_sub_epi8(w, _mm512_set1_epi8(8));
#endif
    } else {
        w = join(_mm256_loadu_si256(reinterpret_cast<const __m256i*>(block + 2)),
                 _mm256_loadu_si256(reinterpret_cast<const __m256i*>(block + bytes + 2)));
    }
    Prepared2 p;
#if GLM_X86_VNNI
    p.u = TT == TensorType::Q4_0 ? w : _mm512_xor_si512(w, _mm512_set1_epi8(char(0x80)));
#else
    p.u = _mm512_abs_epi8(w);
    p.negative = _mm512_movepi8_mask(w);
#endif
    return p;
}

template <TensorType TT, int R, int T>
GLM_X86_INLINE void quantized_block2(const uint8_t* const (&w)[R],
                                     const WideActivation* const (&x)[T], uint32_t b,
                                     __m512 (&acc)[R][T]) {
    constexpr size_t bytes = block_size(TT);
    Prepared2 p[R];
    __m512 dw[R];
    for (int i = 0; i < R; ++i) {
        const uint8_t* block = w[i] + b * bytes;
        if constexpr (T == 1) prefetch(block);
        uint16_t h0, h1;
        std::memcpy(&h0, block, 2);
        std::memcpy(&h1, block + bytes, 2);
        dw[i] =
            _mm512_cvtph_ps(_mm256_set_m128i(_mm_set1_epi16(short(h1)), _mm_set1_epi16(short(h0))));
        p[i] = prepare2<TT>(block);
    }
    for (int k = 0; k < T; ++k) {
        const WideActivation& a = x[k][b / 2];
        const __m512i q = _mm512_load_si512(a.q);
        const __m512 dx = _mm512_load_ps(a.scale);
#if GLM_X86_VNNI
        const __m512i start = _mm512_load_si512(a.start);
#endif
        for (int i = 0; i < R; ++i) {
#if GLM_X86_VNNI
            const __m512i d = _mm512_dpbusd_epi32(start, p[i].u, q);
#else
            const __m512i signed_q =
                _mm512_mask_sub_epi8(q, p[i].negative, _mm512_setzero_si512(), q);
            const __m512i d =
                _mm512_madd_epi16(_mm512_maddubs_epi16(p[i].u, signed_q), _mm512_set1_epi16(1));
#endif
            acc[i][k] = _mm512_fmadd_ps(_mm512_cvtepi32_ps(d), _mm512_mul_ps(dw[i], dx), acc[i][k]);
        }
    }
}
#endif

template <TensorType TT, int R, int T>
void quantized_kernel(const MatmulJob& job, uint32_t r, uint32_t t) {
    const uint32_t blocks = job.W.cols / 32;
    const uint8_t* w[R];
    for (int i = 0; i < R; ++i) w[i] = job.W.data + (r + i) * job.row_bytes;
    const ActivationBlock* x[T];
    const int32_t* sums[T];
    for (int k = 0; k < T; ++k) {
        x[k] = job.xq + size_t(t + k) * blocks;
        sums[k] = job.xsum + size_t(t + k) * blocks;
    }
    __m256 acc[R][T];
    for (int i = 0; i < R; ++i)
        for (int k = 0; k < T; ++k) acc[i][k] = _mm256_setzero_ps();
    uint32_t b = 0;
#if GLM_X86_REGS >= 32
    if (blocks >= 2) {
        __m512 wide[R][T];
        for (int i = 0; i < R; ++i)
            for (int k = 0; k < T; ++k) wide[i][k] = _mm512_setzero_ps();
        const WideActivation* xw[T];
        for (int k = 0; k < T; ++k) xw[k] = job.xw + size_t(t + k) * (blocks / 2);
        if constexpr (R * T == 1) {
            // Decoding: one accumulator would wait on its own FMA latency each step; two
            // chains keep the core ahead of memory.
            __m512 other[1][1] = {{_mm512_setzero_ps()}};
            for (; b + 4 <= blocks; b += 4) {
                quantized_block2<TT, R, T>(w, xw, b, wide);
                quantized_block2<TT, R, T>(w, xw, b + 2, other);
            }
            wide[0][0] = _mm512_add_ps(wide[0][0], other[0][0]);
        }
        for (; b + 2 <= blocks; b += 2) quantized_block2<TT, R, T>(w, xw, b, wide);
        for (int i = 0; i < R; ++i)
            for (int k = 0; k < T; ++k) acc[i][k] = fold(wide[i][k]);
    }
#endif
    if constexpr (R * T == 1) { // decoding: two FMA chains, as above
        __m256 other[1][1] = {{_mm256_setzero_ps()}};
        for (; b + 2 <= blocks; b += 2) {
            quantized_block<TT, R, T>(w, x, sums, b, acc);
            quantized_block<TT, R, T>(w, x, sums, b + 1, other);
        }
        acc[0][0] = _mm256_add_ps(acc[0][0], other[0][0]);
    }
    for (; b < blocks; ++b) quantized_block<TT, R, T>(w, x, sums, b, acc);
    for (int k = 0; k < T; ++k)
        for (int i = 0; i < R; ++i)
            job.y[size_t(t + k) * job.W.rows + r + i] =
                hsum(acc[i][k]) + (job.bias ? job.bias[r + i] : 0.0f);
}

// ---- F32, F16 and BF16 weights against fp32 activations ----

template <TensorType TT> inline __m256 load8(const uint8_t* row, uint32_t k) {
    if constexpr (TT == TensorType::F32) {
        return _mm256_loadu_ps(reinterpret_cast<const float*>(row) + k);
    } else {
        const __m128i h = _mm_loadu_si128(reinterpret_cast<const __m128i*>(row + 2 * size_t(k)));
        if constexpr (TT == TensorType::F16) return _mm256_cvtph_ps(h);
        return _mm256_castsi256_ps(_mm256_slli_epi32(_mm256_cvtepu16_epi32(h), 16)); // BF16
    }
}

#if GLM_X86_REGS >= 32
template <TensorType TT> inline __m512 load16(const uint8_t* row, uint32_t k) {
    if constexpr (TT == TensorType::F32) {
        return _mm512_loadu_ps(reinterpret_cast<const float*>(row) + k);
    } else {
        const __m256i h = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(row + 2 * size_t(k)));
        if constexpr (TT == TensorType::F16) return _mm512_cvtph_ps(h);
        return _mm512_castsi512_ps(_mm512_slli_epi32(_mm512_cvtepu16_epi32(h), 16)); // BF16
    }
}
#endif

template <TensorType TT> inline float load1(const uint8_t* row, uint32_t k) {
    if constexpr (TT == TensorType::F32) {
        float f;
        std::memcpy(&f, row + 4 * size_t(k), 4);
        return f;
    } else {
        uint16_t h;
        std::memcpy(&h, row + 2 * size_t(k), 2);
        if constexpr (TT == TensorType::F16) return _cvtsh_ss(h);
        const uint32_t bits = uint32_t(h) << 16;
        float f;
        std::memcpy(&f, &bits, 4);
        return f;
    }
}

template <TensorType TT, int R, int T>
void float_kernel(const MatmulJob& job, uint32_t r, uint32_t t) {
    const uint32_t cols = job.W.cols;
    const uint8_t* w[R];
    for (int i = 0; i < R; ++i) w[i] = job.W.data + (r + i) * job.row_bytes;
    const float* x[T];
    for (int k = 0; k < T; ++k) x[k] = job.x + size_t(t + k) * cols;
    __m256 acc[R][T];
    for (int i = 0; i < R; ++i)
        for (int k = 0; k < T; ++k) acc[i][k] = _mm256_setzero_ps();

    uint32_t c = 0;
    if constexpr (R * T == 1) { // decoding one row: four FMA chains, so latency does not limit it
#if GLM_X86_REGS >= 32
        __m512 chain[4] = {_mm512_setzero_ps(), _mm512_setzero_ps(), _mm512_setzero_ps(),
                           _mm512_setzero_ps()};
        for (; c + 64 <= cols; c += 64)
            for (int j = 0; j < 4; ++j)
                chain[j] = _mm512_fmadd_ps(load16<TT>(w[0], c + 16 * j),
                                           _mm512_loadu_ps(x[0] + c + 16 * j), chain[j]);
        acc[0][0] = fold(
            _mm512_add_ps(_mm512_add_ps(chain[0], chain[1]), _mm512_add_ps(chain[2], chain[3])));
#else
        __m256 chain[4] = {_mm256_setzero_ps(), _mm256_setzero_ps(), _mm256_setzero_ps(),
                           _mm256_setzero_ps()};
        for (; c + 32 <= cols; c += 32)
            for (int j = 0; j < 4; ++j)
                chain[j] = _mm256_fmadd_ps(load8<TT>(w[0], c + 8 * j),
                                           _mm256_loadu_ps(x[0] + c + 8 * j), chain[j]);
        acc[0][0] =
            _mm256_add_ps(_mm256_add_ps(chain[0], chain[1]), _mm256_add_ps(chain[2], chain[3]));
#endif
    }
#if GLM_X86_REGS >= 32
    if (cols - c >= 16) { // AVX-512: 16 columns per register
        __m512 wide[R][T];
        for (int i = 0; i < R; ++i)
            for (int k = 0; k < T; ++k) wide[i][k] = _mm512_setzero_ps();
        for (; c + 16 <= cols; c += 16) {
            __m512 wv[R];
            for (int i = 0; i < R; ++i) wv[i] = load16<TT>(w[i], c);
            for (int k = 0; k < T; ++k) {
                const __m512 xv = _mm512_loadu_ps(x[k] + c);
                for (int i = 0; i < R; ++i) wide[i][k] = _mm512_fmadd_ps(wv[i], xv, wide[i][k]);
            }
        }
        for (int i = 0; i < R; ++i)
            for (int k = 0; k < T; ++k) acc[i][k] = _mm256_add_ps(acc[i][k], fold(wide[i][k]));
    }
#endif
    for (; c + 8 <= cols; c += 8) {
        __m256 wv[R];
        for (int i = 0; i < R; ++i) wv[i] = load8<TT>(w[i], c);
        for (int k = 0; k < T; ++k) {
            const __m256 xv = _mm256_loadu_ps(x[k] + c);
            for (int i = 0; i < R; ++i) acc[i][k] = _mm256_fmadd_ps(wv[i], xv, acc[i][k]);
        }
    }
    float tail[R][T] = {};
    for (; c < cols; ++c)
        for (int i = 0; i < R; ++i)
            for (int k = 0; k < T; ++k) tail[i][k] += load1<TT>(w[i], c) * x[k][c];
    for (int k = 0; k < T; ++k)
        for (int i = 0; i < R; ++i)
            job.y[size_t(t + k) * job.W.rows + r + i] =
                hsum(acc[i][k]) + tail[i][k] + (job.bias ? job.bias[r + i] : 0.0f);
}

// ---- tiles ----

#include "cpu/matmul_tiles.h"

// ---- activation quantization: exactly quantize_activation_scalar's arithmetic ----

inline void quantize(const float* x, uint32_t n, ActivationBlock* out, int32_t* sums) {
    const __m256 sign = _mm256_set1_ps(-0.0f);
    for (uint32_t b = 0; b < n / 32; ++b, x += 32) {
        __m256 v[4];
        for (int i = 0; i < 4; ++i) v[i] = _mm256_loadu_ps(x + 8 * i);
        __m256 m = _mm256_max_ps(
            _mm256_max_ps(_mm256_andnot_ps(sign, v[0]), _mm256_andnot_ps(sign, v[1])),
            _mm256_max_ps(_mm256_andnot_ps(sign, v[2]), _mm256_andnot_ps(sign, v[3])));
        __m128 m4 = _mm_max_ps(_mm256_castps256_ps128(m), _mm256_extractf128_ps(m, 1));
        m4 = _mm_max_ps(m4, _mm_movehl_ps(m4, m4));
        m4 = _mm_max_ss(m4, _mm_movehdup_ps(m4));
        const float d = _mm_cvtss_f32(m4) / 127.0f;
        const __m256 id = _mm256_set1_ps(d != 0.0f ? 1.0f / d : 0.0f);
        __m256i q[4];
        for (int i = 0; i < 4; ++i) q[i] = _mm256_cvtps_epi32(_mm256_mul_ps(v[i], id));
        if (sums) {
            const __m256i s =
                _mm256_add_epi32(_mm256_add_epi32(q[0], q[1]), _mm256_add_epi32(q[2], q[3]));
            __m128i s4 = _mm_add_epi32(_mm256_castsi256_si128(s), _mm256_extracti128_si256(s, 1));
            s4 = _mm_add_epi32(s4, _mm_shuffle_epi32(s4, 0x4e));
            s4 = _mm_add_epi32(s4, _mm_shuffle_epi32(s4, 0xb1));
            sums[b] = _mm_cvtsi128_si32(s4);
        }
        // packs work within 128-bit lanes: the permute puts the 32 bytes back in order.
        const __m256i q16a = _mm256_packs_epi32(q[0], q[1]), q16b = _mm256_packs_epi32(q[2], q[3]);
        const __m256i q8 = _mm256_permutevar8x32_epi32(_mm256_packs_epi16(q16a, q16b),
                                                       _mm256_setr_epi32(0, 4, 1, 5, 2, 6, 3, 7));
        out[b].scale = d;
        _mm256_storeu_si256(reinterpret_cast<__m256i*>(out[b].q), q8);
    }
}

} // namespace
} // namespace glm::cpu::detail::GLM_X86_NS
