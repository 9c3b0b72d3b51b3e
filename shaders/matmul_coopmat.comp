#version 450
// Y = X Wᵀ for many tokens (prefill) on NV cooperative matrices (the matrix units of NVIDIA GPUs;
// Debian 12's glslang compiles GL_NV_cooperative_matrix, not the KHR one). The same job, bindings
// and epilogue as matmul.comp: BM weight rows × BN tokens per workgroup; per step of BK = two
// 32-element blocks, the weights are dequantized and the activations converted to fp16 in shared
// memory, then each of four subgroups multiplies its 32×32 quadrant in tiles of 16 tokens ×
// TILE_N rows × 16 k with fp32 sums. TILE_N is 16 or 8: the extension's first NVIDIA drivers
// offer only 16×8×16 fp16 tiles, later ones 16×16×16 too (the host picks what the device lists).
// Results leave through a small per-subgroup tile in shared memory, so the epilogue (bias, GELU,
// residual; matmul_epilogue.glsl) and the bounds checks are matmul.comp's.
// The host runs 4 × the subgroup size invocations (more, smaller subgroups also work: only the
// first four multiply). fp16 inputs: relative rounding of about 2⁻¹¹ per product, as every fp16
// GEMM (tests/inference/tst_kernels.cpp bounds it); activations beyond the fp16 range saturate
// instead of becoming infinities.
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

#ifndef TILE_N
#define TILE_N 16
#endif
const uint BM = 64;          // weight rows per workgroup
const uint BN = 64;          // tokens per workgroup
const uint BK = 64;          // K per step: two blocks
const uint STRIDE = BK + 8;  // halves per tile row: 144 bytes (tile loads need multiples of 16),
                             // padded so rows do not fall on the same banks
const uint T = 16;           // tokens and k of a cooperative tile
const uint NJ = 32 / TILE_N; // tiles across a quadrant's 32 rows
const uint OUT = T * TILE_N; // results of one tile

shared float16_t w_tile[BM * STRIDE]; // [row][k]
shared float16_t x_tile[BN * STRIDE]; // [token][k]
shared float out_tile[4 * OUT];       // one result tile per multiplying subgroup, [token][row]

#ifndef EMULATE_COOPMAT
#define X_OPERAND fcoopmatNV<16, gl_ScopeSubgroup, T, T>
#define W_OPERAND fcoopmatNV<16, gl_ScopeSubgroup, T, TILE_N>
#define ACCUMULATORS(name) fcoopmatNV<32, gl_ScopeSubgroup, T, TILE_N> name[2 * NJ]
#define ZERO(acc, i) acc[i] = fcoopmatNV<32, gl_ScopeSubgroup, T, TILE_N>(0.0)
#define LOAD_X(m, at) coopMatLoadNV(m, x_tile, at, STRIDE, false)
// Wᵀ: element (k, row) at w_tile[row * STRIDE + k], i.e. column-major.
#define LOAD_W(m, at) coopMatLoadNV(m, w_tile, at, STRIDE, true)
#define MUL_ADD(acc, i, x, w) acc[i] = coopMatMulAddNV(x, w, acc[i])
#define STORE(acc, i, at) coopMatStoreNV(acc[i], out_tile, at, TILE_N, false)
#define K_STEPS [[unroll]]
#else
// A lane holds the results e ≡ lane (mod subgroup size) of a tile (subgroups of ≥ 8); an operand
// is where its tile starts in shared memory.
const uint EMU = T * T / 8;
#define X_OPERAND uint
#define W_OPERAND uint
#define ACCUMULATORS(name) float name[2 * NJ][EMU]
#define ZERO(acc, i) for (uint j = 0; j < EMU; ++j) acc[i][j] = 0.0
#define LOAD_X(m, at) m = (at)
#define LOAD_W(m, at) m = (at)
#define MUL_ADD(acc, i, x, w) emulated_mul_add(acc[i], x, w)
#define STORE(acc, i, at) emulated_store(acc[i], at)
// Unrolled, the emulation takes lavapipe's compiler minutes (it splits shaders at barriers).
#define K_STEPS [[dont_unroll]]
void emulated_mul_add(inout float acc[EMU], uint x_at, uint w_at) {
    [[dont_unroll]] for (uint j = 0; j < EMU; ++j) {
        const uint e = gl_SubgroupInvocationID + j * gl_SubgroupSize, m = e / TILE_N, n = e % TILE_N;
        if (e >= OUT) break;
        float sum = 0.0;
        [[dont_unroll]] for (uint k = 0; k < T; ++k) // row-major X (m, k) times column-major Wᵀ (k, n)
            sum += float(x_tile[x_at + m * STRIDE + k]) * float(w_tile[w_at + n * STRIDE + k]);
        acc[j] += sum;
    }
}
void emulated_store(float acc[EMU], uint at) {
    for (uint j = 0; j < EMU; ++j) {
        const uint e = gl_SubgroupInvocationID + j * gl_SubgroupSize;
        if (e < OUT) out_tile[at + e] = acc[j]; // row-major, stride TILE_N
    }
}
#endif

// Tile i of a quadrant: tokens (i / NJ) · 16, rows (i % NJ) · TILE_N. Every index below is a
// constant: arrays of cooperative matrices are not indexed by loop variables.
#define MUL_W(j)                                                                                   \
    W_OPERAND w##j;                                                                                \
    LOAD_W(w##j, (qr + j * TILE_N) * STRIDE + kk);                                                 \
    MUL_ADD(acc, j, x0, w##j);                                                                     \
    MUL_ADD(acc, NJ + j, x1, w##j)
#define FLUSH(i)                                                                                   \
    STORE(acc, i, sg * OUT);                                                                       \
    subgroupMemoryBarrierShared();                                                                 \
    subgroupBarrier();                                                                             \
    write_out(tok0 + qt + (i / NJ) * T, row0 + qr + (i % NJ) * TILE_N, sg * OUT);                  \
    subgroupBarrier() // the next tile overwrites out_tile

void write_out(uint t0, uint r0, uint at) {
    for (uint e = gl_SubgroupInvocationID; e < OUT; e += gl_SubgroupSize) {
        const uint t = t0 + e / TILE_N, row = r0 + e % TILE_N;
        if (row < pc.rows && t < pc.tokens) store_output(row, t, out_tile[at + e]);
    }
}

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

    ACCUMULATORS(acc);
    ZERO(acc, 0);
    ZERO(acc, 1);
    ZERO(acc, 2);
    ZERO(acc, 3);
#if TILE_N == 8
    ZERO(acc, 4);
    ZERO(acc, 5);
    ZERO(acc, 6);
    ZERO(acc, 7);
#endif

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
                const f16vec4 h = f16vec4(w[i]); // within range: fp16 scales × small integers
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
            const f16vec4 h = f16vec4(clamp(v, -65504.0, 65504.0));
            x_tile[t * STRIDE + 4 * q + 0] = h.x;
            x_tile[t * STRIDE + 4 * q + 1] = h.y;
            x_tile[t * STRIDE + 4 * q + 2] = h.z;
            x_tile[t * STRIDE + 4 * q + 3] = h.w;
        }
        barrier();
        if (multiplies) {
            K_STEPS for (uint kk = 0; kk < BK; kk += T) {
                X_OPERAND x0, x1;
                LOAD_X(x0, qt * STRIDE + kk);
                LOAD_X(x1, (qt + T) * STRIDE + kk);
                MUL_W(0);
                MUL_W(1);
#if TILE_N == 8
                MUL_W(2);
                MUL_W(3);
#endif
            }
        }
        barrier();
    }
    if (!multiplies) return;
    FLUSH(0);
    FLUSH(1);
    FLUSH(2);
    FLUSH(3);
#if TILE_N == 8
    FLUSH(4);
    FLUSH(5);
    FLUSH(6);
    FLUSH(7);
#endif
}
