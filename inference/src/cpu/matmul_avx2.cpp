// The AVX2 + FMA + F16C path (Haswell, Zen 1 and later); compiled with those flags only here.
#define GLM_X86_NS avx2
#define GLM_X86_VNNI 0
#define GLM_X86_REGS 16
#include "cpu/matmul_x86.h"

namespace glm::cpu::detail {

void matmul_tile_avx2(const MatmulJob& job, uint32_t r0, uint32_t r1, uint32_t t0, uint32_t t1) {
    avx2::tile_any(job, r0, r1, t0, t1);
}

void quantize_activation_avx2(const float* x, uint32_t n, ActivationBlock* out, int32_t* sums) {
    avx2::quantize(x, n, out, sums);
}

} // namespace glm::cpu::detail
