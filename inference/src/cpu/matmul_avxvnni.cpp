// The AVX2 path on CPUs with AVX-VNNI (Alder Lake and later Intel client CPUs, Zen 5): the
// VEX-encoded dpbusd replaces maddubs + madd + the sign trick. Compiled with those flags only here.
#define GLM_X86_NS avxvnni
#define GLM_X86_VNNI 1
#define GLM_X86_REGS 16
#include "cpu/matmul_x86.h"

namespace glm::cpu::detail {

void matmul_tile_avxvnni(const MatmulJob& job, uint32_t r0, uint32_t r1, uint32_t t0, uint32_t t1) {
    avxvnni::tile_any(job, r0, r1, t0, t1);
}

} // namespace glm::cpu::detail
