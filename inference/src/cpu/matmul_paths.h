// Inside the CPU matrix product: the job every ISA path computes a tile of, and the paths' entry
// points. Each path lives in its own file compiled for its ISA (sources.cmake); matmul.cpp calls
// one only when the CPU can run it. Those files must not define inline functions or templates
// outside their own namespace: the linker could pick their copy for everyone (an AVX-512
// instruction in code the scalar path runs).
#pragma once

#include "cpu/matmul.h"

#include <cstddef>
#include <cstdint>

namespace glm::cpu::detail {

// Two activation blocks laid out for 512-bit registers, so the AVX-512 kernels load each part
// with one instruction: the 64 values, each block's scale 8 times, and the start value of
// VNNI's accumulator for the weight type (see matmul_x86.h, dot_start).
struct alignas(64) WideActivation {
    int8_t q[64];
    float scale[16];
    int32_t start[16];
};

// One product's operands as the kernels see them.
struct MatmulJob {
    WeightMatrix W;
    size_t row_bytes = 0;                // bytes of one weight row
    const float* x = nullptr;            // tokens × cols activations (F32/F16/BF16 weights)
    const ActivationBlock* xq = nullptr; // tokens × cols/32 quantized activations (Q4_0/Q8_0)
    const int32_t* xsum = nullptr;       // Σ q of each block of xq
    const WideActivation* xw = nullptr;  // tokens × cols/64 (the AVX-512 paths)
    uint32_t tokens = 0;
    float* y = nullptr; // tokens × rows
    const float* bias = nullptr;
};

// Computes y for rows [r0, r1) and tokens [t0, t1).
using TileFn = void (*)(const MatmulJob& job, uint32_t r0, uint32_t r1, uint32_t t0, uint32_t t1);
// quantize_activation into `out`, and Σ q of each block into `sums` (when not null).
using QuantizeFn = void (*)(const float* x, uint32_t n, ActivationBlock* out, int32_t* sums);

// Fills `out` (n / 64 entries) from the blocks and sums quantize_activation gave.
void widen_activation(TensorType weights, const ActivationBlock* xq, const int32_t* sums,
                      uint32_t n, WideActivation* out);

void matmul_tile_scalar(const MatmulJob& job, uint32_t r0, uint32_t r1, uint32_t t0, uint32_t t1);
void quantize_activation_scalar(const float* x, uint32_t n, ActivationBlock* out, int32_t* sums);

#if GLM_CPU_X86_KERNELS
void matmul_tile_avx2(const MatmulJob& job, uint32_t r0, uint32_t r1, uint32_t t0, uint32_t t1);
void quantize_activation_avx2(const float* x, uint32_t n, ActivationBlock* out, int32_t* sums);
// The AVX2 kernels with AVX-VNNI's dpbusd (Alder Lake and later Intel client CPUs, Zen 5).
void matmul_tile_avxvnni(const MatmulJob& job, uint32_t r0, uint32_t r1, uint32_t t0, uint32_t t1);
void matmul_tile_avx512(const MatmulJob& job, uint32_t r0, uint32_t r1, uint32_t t0, uint32_t t1);
// The AVX-512 kernels with VNNI's dpbusd as the integer dot product (Ice Lake, Zen 4 and later).
void matmul_tile_avx512vnni(const MatmulJob& job, uint32_t r0, uint32_t r1, uint32_t t0,
                            uint32_t t1);
#endif

#if GLM_CPU_NEON_KERNELS
// ARM64 NEON with the dot-product extension (sdot); matmul_neon.cpp.
void matmul_tile_neon(const MatmulJob& job, uint32_t r0, uint32_t r1, uint32_t t0, uint32_t t1);
void quantize_activation_neon(const float* x, uint32_t n, ActivationBlock* out, int32_t* sums);
#endif

// The activation quantizer the products on `isa` use (all give identical blocks): for tests.
QuantizeFn activation_quantizer(Isa isa);

// Whether the CPU has AVX-512 VNNI (besides Isa::Avx512's F/BW/VL), and AVX-VNNI (besides
// Isa::Avx2's AVX2/FMA/F16C).
bool has_avx512_vnni();
bool has_avx_vnni();
// Whether products use VNNI where the CPU has it (default true). For tests: the kernels without
// VNNI run on such a CPU only when this is off.
void use_vnni(bool use);

} // namespace glm::cpu::detail
