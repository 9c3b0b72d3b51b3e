#version 450
// Y = X Wᵀ for many tokens (prefill) on NV cooperative matrices (the matrix units of NVIDIA GPUs;
// Debian 12's glslang compiles GL_NV_cooperative_matrix, not the KHR one). The same job, bindings
// and epilogue as matmul.comp: BM weight rows × BN tokens per workgroup; per step of BK = two
// 32-element blocks, the weights are dequantized and the activations converted to fp16 in shared
// memory, then each of four subgroups multiplies its 32×32 quadrant as 2×2 tiles of 16×16×16
// with fp32 sums. Results leave through a small per-subgroup tile in shared memory, so the
// epilogue (bias, GELU, residual; matmul_epilogue.glsl) and the bounds checks are matmul.comp's.
// The host runs 4 × the subgroup size invocations (more, smaller subgroups also work: only the
// first four multiply). fp16 inputs: relative rounding of about 2⁻¹¹ per product, as every fp16
// GEMM (tests/inference/tst_kernels.cpp bounds it).
// EMULATE_COOPMAT (tests only): the four matrix operations done by hand from shared memory, with
// the extension's documented semantics, so that everything around them — tiles, strides,
// quadrants, the odd last block, the epilogue — is tested on devices without matrix units.
#extension GL_GOOGLE_include_directive : require
#ifndef EMULATE_COOPMAT
#extension GL_NV_cooperative_matrix : require
#extension GL_KHR_memory_scope_semantics : require
#endif
#extension GL_EXT_shader_explicit_arithmetic_types_float16 : require
#extension GL_KHR_shader_subgroup_basic : require
#include "common.glsl"
#include "weights.glsl"
#include "matmul_epilogue.glsl"

const uint BM = 64;          // weight rows per workgroup
const uint BN = 64;          // tokens per workgroup
const uint BK = 64;          // K per step: two blocks
const uint STRIDE = BK + 8;  // halves per tile row: 144 bytes (tile loads need multiples of 16),
                             // padded so rows do not fall on the same banks
const uint T = 16;           // the cooperative tile: 16×16×16

shared float16_t w_tile[BM * STRIDE]; // [row][k]
shared float16_t x_tile[BN * STRIDE]; // [token][k]
shared float out_tile[4 * T * T];     // one 16×16 result per multiplying subgroup, [token][row]

#ifndef EMULATE_COOPMAT
#define OPERAND fcoopmatNV<16, gl_ScopeSubgroup, T, T>
#define ACCUMULATORS(name) fcoopmatNV<32, gl_ScopeSubgroup, T, T> name[4]
#define ZERO(acc, i) acc[i] = fcoopmatNV<32, gl_ScopeSubgroup, T, T>(0.0)
#define LOAD_X(m, at) coopMatLoadNV(m, x_tile, at, STRIDE, false)
// Wᵀ: element (k, row) at w_tile[row * STRIDE + k], i.e. column-major.
#define LOAD_W(m, at) coopMatLoadNV(m, w_tile, at, STRIDE, true)
#define MUL_ADD(acc, i, x, w) acc[i] = coopMatMulAddNV(x, w, acc[i])
#define STORE(acc, i, at) coopMatStoreNV(acc[i], out_tile, at, T, false)
#define K_STEPS [[unroll]]
#else
// A lane holds the results e ≡ lane (mod subgroup size) of a 16×16 tile (subgroups of ≥ 8); an
// operand is where its tile starts in shared memory.
const uint EMU = T * T / 8;
#define OPERAND uint
#define ACCUMULATORS(name) float name[4][EMU]
#define ZERO(acc, i) for (uint j = 0; j < EMU; ++j) acc[i][j] = 0.0
#define LOAD_X(m, at) m = (at)
#define LOAD_W(m, at) m = (at)
#define MUL_ADD(acc, i, x, w) emulated_mul_add(acc[i], x, w)
#define STORE(acc, i, at) emulated_store(acc[i], at)
// Unrolled, the emulation takes lavapipe's compiler minutes (it splits shaders at barriers).
#define K_STEPS [[dont_unroll]]
void emulated_mul_add(inout float acc[EMU], uint x_at, uint w_at) {
    [[dont_unroll]] for (uint j = 0; j < EMU; ++j) {
        const uint e = gl_SubgroupInvocationID + j * gl_SubgroupSize, m = e / T, n = e % T;
        if (e >= T * T) break;
        float sum = 0.0;
        [[dont_unroll]] for (uint k = 0; k < T; ++k) // row-major X (m, k) times column-major Wᵀ (k, n)
            sum += float(x_tile[x_at + m * STRIDE + k]) * float(w_tile[w_at + n * STRIDE + k]);
        acc[j] += sum;
    }
}
void emulated_store(float acc[EMU], uint at) {
    for (uint j = 0; j < EMU; ++j) {
        const uint e = gl_SubgroupInvocationID + j * gl_SubgroupSize;
        if (e < T * T) out_tile[at + e] = acc[j]; // row-major, stride T
    }
}
#endif

void main() {
    const uint tid = gl_LocalInvocationID.x, wg = gl_WorkGroupSize.x;
    const uint row0 = linear_group_id() * BM;
    const uint tok0 = gl_WorkGroupID.z * BN;
    if (row0 >= pc.rows) return; // the whole workgroup
    const uint blocks = (pc.K + 31) / 32; // rows are zero-padded to whole blocks on the device
    // Subgroup s < 4 owns tokens 32 (s / 2) .. +32 and rows 32 (s % 2) .. +32 of the tile.
    const uint sg = gl_SubgroupID;
    const bool multiplies = sg < 4;
    const uint qt = (sg / 2) * 32, qr = (sg % 2) * 32;

    ACCUMULATORS(acc); // [tokens qt / qt + 16][rows qr / qr + 16]
    [[unroll]] for (uint i = 0; i < 4; ++i) ZERO(acc, i);

    for (uint b = 0; b < blocks; b += 2) {
        for (uint task = tid; task < BM * 2; task += wg) { // one block of one row each
            const uint r = task / 2, half_block = task % 2, block = b + half_block;
            vec4 w[8];
            if (row0 + r < pc.rows && block < blocks) {
                load_block(row0 + r, block, blocks, w);
                const float d = block_scale(row0 + r, block, blocks);
                [[unroll]] for (uint i = 0; i < 8; ++i) w[i] *= d;
            } else {
                [[unroll]] for (uint i = 0; i < 8; ++i) w[i] = vec4(0.0);
            }
            const uint at = r * STRIDE + half_block * 32;
            [[unroll]] for (uint i = 0; i < 8; ++i) {
                const f16vec4 h = f16vec4(w[i]);
                w_tile[at + 4 * i + 0] = h.x;
                w_tile[at + 4 * i + 1] = h.y;
                w_tile[at + 4 * i + 2] = h.z;
                w_tile[at + 4 * i + 3] = h.w;
            }
        }
        for (uint i = tid; i < BN * (BK / 4); i += wg) {
            const uint t = i / (BK / 4), q = i % (BK / 4), k = b * 32 + 4 * q;
            vec4 v = vec4(0.0);
            if (tok0 + t < pc.tokens && k < pc.K) v = x4[(pc.x_offset + (tok0 + t) * pc.x_stride) / 4 + k / 4];
            const f16vec4 h = f16vec4(v);
            x_tile[t * STRIDE + 4 * q + 0] = h.x;
            x_tile[t * STRIDE + 4 * q + 1] = h.y;
            x_tile[t * STRIDE + 4 * q + 2] = h.z;
            x_tile[t * STRIDE + 4 * q + 3] = h.w;
        }
        barrier();
        if (multiplies) {
            K_STEPS for (uint kk = 0; kk < BK; kk += T) {
                OPERAND x0, x1, w0, w1;
                LOAD_X(x0, qt * STRIDE + kk);
                LOAD_X(x1, (qt + T) * STRIDE + kk);
                LOAD_W(w0, qr * STRIDE + kk);
                LOAD_W(w1, (qr + T) * STRIDE + kk);
                MUL_ADD(acc, 0, x0, w0);
                MUL_ADD(acc, 1, x0, w1);
                MUL_ADD(acc, 2, x1, w0);
                MUL_ADD(acc, 3, x1, w1);
            }
        }
        barrier();
    }
    if (!multiplies) return;
    [[unroll]] for (uint i = 0; i < 4; ++i) {
        STORE(acc, i, sg * T * T);
        subgroupMemoryBarrierShared();
        subgroupBarrier();
        const uint t0 = tok0 + qt + (i / 2) * T, r0 = row0 + qr + (i % 2) * T;
        for (uint e = gl_SubgroupInvocationID; e < T * T; e += gl_SubgroupSize) {
            const uint t = t0 + e / T, row = r0 + e % T;
            if (row < pc.rows && t < pc.tokens) store_output(row, t, out_tile[sg * T * T + e]);
        }
        subgroupBarrier(); // the next tile overwrites out_tile
    }
}
