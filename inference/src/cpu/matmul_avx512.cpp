// The AVX-512 F/BW/VL path (Skylake-X and later): the x86 kernels with 32 vector registers, so
// wider prefill tiles. Compiled with those flags only here.
#define GLM_X86_NS avx512
#define GLM_X86_VNNI 0
#define GLM_X86_REGS 32
#include "cpu/matmul_x86.h"

namespace glm::cpu::detail {

void matmul_tile_avx512(const MatmulJob& job, uint32_t r0, uint32_t r1, uint32_t t0, uint32_t t1) {
    avx512::tile_any(job, r0, r1, t0, t1);
}

} // namespace glm::cpu::detail
