// The AVX-512 path on CPUs with VNNI (Ice Lake, Zen 4 and later): one dpbusd per block and token
// replaces maddubs + madd + the sign trick. A file of its own because the VNNI flag must not
// reach code that AVX-512 CPUs without VNNI run.
#define GLM_X86_NS avx512vnni
#define GLM_X86_VNNI 1
#define GLM_X86_REGS 32
#include "cpu/matmul_x86.h"

namespace glm::cpu::detail {

void matmul_tile_avx512vnni(const MatmulJob& job, uint32_t r0, uint32_t r1, uint32_t t0,
                            uint32_t t1) {
    avx512vnni::tile_any(job, r0, r1, t0, t1);
}

} // namespace glm::cpu::detail
