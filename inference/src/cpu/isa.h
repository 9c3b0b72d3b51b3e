// Which vector instructions the CPU backend's kernels use, chosen at run time: one binary runs on
// every CPU (the build never assumes the build machine's ISA), and GLM_CPU_ISA lowers the level
// so every path can be tested on one machine.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace glm::cpu {

enum class Isa : uint8_t {
    Scalar, // portable C++, any CPU
    Avx2,   // x86-64 with AVX2, FMA and F16C (+ AVX-VNNI where present)
    Avx512, // x86-64 with AVX-512 F/BW/VL (+ VNNI where present)
    Neon,   // ARM64 with NEON and the dot-product extension
};

const char* to_string(Isa isa) noexcept;
std::optional<Isa> isa_from_string(std::string_view s); // "scalar", "avx2", "avx512", "neon"

// The best level both this CPU (CPUID / hwcaps) and this build support.
Isa detected_isa();
// detected_isa(), or the lower level GLM_CPU_ISA names (a higher or unknown one is ignored
// with a message on stderr). What the kernels use unless told otherwise.
Isa active_isa();
// What active_isa() does with GLM_CPU_ISA's value (null: unset): the level it names when this
// machine can run it, otherwise `detected` with a message for stderr in *warning.
Isa lowered_isa(Isa detected, const char* requested, std::string* warning = nullptr);
// Whether a machine whose best level is `detected` can run `isa`.
bool can_run(Isa detected, Isa isa) noexcept;
// Every level this machine can run, lowest first (always starts with Scalar): for tests.
std::vector<Isa> available_isas();

// Cores without their SMT siblings (at least 1): the default thread count.
unsigned physical_cores();
// Installed RAM, and what the system could give now without swapping (0 when unknown).
uint64_t physical_memory_bytes();
uint64_t available_memory_bytes();

} // namespace glm::cpu
