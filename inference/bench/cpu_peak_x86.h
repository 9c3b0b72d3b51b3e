// The timing loop of cpu_peak.h, written once and compiled per ISA (cpu_peak_*.cpp, each with its
// own flags, like the matrix kernels). The including file defines GLM_PEAK_NAME (the function),
// GLM_PEAK_512 (zmm registers, else ymm) and GLM_PEAK_VNNI (vpdpbusd, else the AVX2/AVX-512BW
// pair maddubs + madd that the kernels without VNNI use, with its add).
#include "cpu_peak.h"

#include <immintrin.h>

#if GLM_PEAK_512
#define GLM_PEAK_VEC __m512i
#define GLM_PEAK_SET1 _mm512_set1_epi32
#define GLM_PEAK_ADD _mm512_add_epi32
#define GLM_PEAK_MADDUBS _mm512_maddubs_epi16
#define GLM_PEAK_MADD _mm512_madd_epi16
#define GLM_PEAK_SET1_16 _mm512_set1_epi16
#define GLM_PEAK_DPBUSD _mm512_dpbusd_epi32
#define GLM_PEAK_LOW _mm512_cvtsi512_si32
#else
#define GLM_PEAK_VEC __m256i
#define GLM_PEAK_SET1 _mm256_set1_epi32
#define GLM_PEAK_ADD _mm256_add_epi32
#define GLM_PEAK_MADDUBS _mm256_maddubs_epi16
#define GLM_PEAK_MADD _mm256_madd_epi16
#define GLM_PEAK_SET1_16 _mm256_set1_epi16
#define GLM_PEAK_DPBUSD _mm256_dpbusd_avx_epi32
#define GLM_PEAK_LOW _mm256_cvtsi256_si32
#endif

namespace glm::detail {

double GLM_PEAK_NAME(long iterations, int* sink) {
    // More chains than dpbusd's latency × throughput (5 × 2) keeps it busy; few enough that
    // accumulators, operands and temporaries fit 16 registers.
    constexpr int kChains = 10;
    // Operands from memory the compiler cannot see through, so nothing is folded away.
    volatile int seed = *sink | 0x01020304;
    GLM_PEAK_VEC a = GLM_PEAK_SET1(seed);
    const GLM_PEAK_VEC b = GLM_PEAK_SET1(seed ^ 0x7f7f7f7f);
    GLM_PEAK_VEC acc[kChains];
    for (int i = 0; i < kChains; ++i) acc[i] = GLM_PEAK_SET1(i);
    for (long n = 0; n < iterations; ++n)
        for (int i = 0; i < kChains; ++i) {
            // To the compiler `a` changes here: no product is hoisted out or shared by chains.
            __asm__("" : "+v"(a));
#if GLM_PEAK_VNNI
            acc[i] = GLM_PEAK_DPBUSD(acc[i], a, b);
#else
            acc[i] =
                GLM_PEAK_ADD(acc[i], GLM_PEAK_MADD(GLM_PEAK_MADDUBS(a, b), GLM_PEAK_SET1_16(1)));
#endif
        }
    unsigned sum = 0; // the lanes wrapped around long ago: unsigned, so the sum may wrap too
    for (int i = 0; i < kChains; ++i) sum += unsigned(GLM_PEAK_LOW(acc[i]));
    *sink = int(sum);
    return double(iterations) * kChains * sizeof(GLM_PEAK_VEC); // one 8-bit product per byte
}

} // namespace glm::detail
