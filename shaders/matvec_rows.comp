#version 450
// y = W x for a few tokens, one weight row per invocation (RPL rows each), every invocation
// walking the same K blocks in step: the activation loads have the same address across the
// subgroup and no cross-invocation reduction is needed. This suits CPU drivers (lavapipe), which
// turn each non-uniform buffer load into per-lane work; GPUs prefer matvec.comp (coalesced).
#extension GL_GOOGLE_include_directive : require
#include "common.glsl"
#include "weights.glsl"
#include "matmul_epilogue.glsl"

#ifdef X_TEXELS
// The activations through a uniform texel buffer too (R32G32B32A32_UINT over the whole memory
// block; push constant x_offset counts from the block's start): every invocation reads the same
// x, and a CPU driver fetches a texel with one vector gather where a storage-buffer vec4 costs
// four per-lane scalar loads. With weights and activations as texels the Q4_0 mat-vec runs ~2x
// faster on lavapipe (docs/performance.md).
layout(binding = MATMUL_BINDING_X) uniform utextureBuffer x_tex;
#endif

#if defined(LOAD64) && !defined(TEXEL_WEIGHTS)
// 64-bit views of the weights and activations: CPU drivers load buffers one component per lane,
// so 16 bytes in two 64-bit components cost half of four 32-bit ones. Needs shaderInt64.
#extension GL_EXT_shader_explicit_arithmetic_types_int64 : require
layout(std430, binding = MATMUL_BINDING_WEIGHTS) readonly buffer WeightData64 { u64vec2 w_data64[]; };
layout(std430, binding = MATMUL_BINDING_X) readonly buffer X64 { u64vec2 x64[]; };

uvec4 unpack16(u64vec2 v) { return uvec4(unpackUint2x32(v.x), unpackUint2x32(v.y)); }

vec4 load_x(uint index) { return uintBitsToFloat(unpack16(x64[index])); }

void load_block64(uint row, uint block, uint blocks_per_row, out vec4 w[8]) {
    const uint base = (row * blocks_per_row + block) * (WORDS_PER_BLOCK / 4);
#if defined(WEIGHT_F32)
    [[unroll]] for (uint i = 0; i < 8; ++i) w[i] = uintBitsToFloat(unpack16(w_data64[base + i]));
#elif defined(WEIGHT_F16)
    [[unroll]] for (uint i = 0; i < 4; ++i) {
        const uvec4 q = unpack16(w_data64[base + i]);
        w[2 * i] = vec4(unpackHalf2x16(q.x), unpackHalf2x16(q.y));
        w[2 * i + 1] = vec4(unpackHalf2x16(q.z), unpackHalf2x16(q.w));
    }
#elif defined(WEIGHT_Q8_0)
    [[unroll]] for (uint i = 0; i < 2; ++i) {
        const ivec4 q = ivec4(unpack16(w_data64[base + i]));
        [[unroll]] for (uint j = 0; j < 4; ++j)
            w[4 * i + j] = vec4(bitfieldExtract(q[j], 0, 8), bitfieldExtract(q[j], 8, 8), bitfieldExtract(q[j], 16, 8),
                                bitfieldExtract(q[j], 24, 8));
    }
#elif defined(WEIGHT_Q4_0)
    const uvec4 q4 = unpack16(w_data64[base]);
    [[unroll]] for (uint i = 0; i < 4; ++i) {
        const uint q = q4[i];
        w[i] = vec4(q & 15u, (q >> 8) & 15u, (q >> 16) & 15u, (q >> 24) & 15u) - 8.0;
        w[i + 4] = vec4((q >> 4) & 15u, (q >> 12) & 15u, (q >> 20) & 15u, q >> 28) - 8.0;
    }
#endif
}
#define LOAD_X(i) load_x(i)
#define LOAD_BLOCK load_block64
#elif defined(X_TEXELS)
#define LOAD_X(i) uintBitsToFloat(texelFetch(x_tex, int(i)))
#define LOAD_BLOCK load_block
#else
#define LOAD_X(i) x4[i]
#define LOAD_BLOCK load_block
#endif

layout(constant_id = MATVEC_ROWS_ID_RPL) const uint RPL = 1;  // rows per invocation
layout(constant_id = MATVEC_ID_COLS) const uint COLS = 1; // tokens per pass
layout(constant_id = MATVEC_ID_MAX_SUBGROUPS) const uint MAX_SUBGROUPS = 64; // (for reduce.glsl; no subgroups here)
#include "matvec_input_norm.glsl"

void main() {
    const uint row0 = (linear_group_id() * gl_WorkGroupSize.x + gl_LocalInvocationID.x) * RPL;
    const uint tok0 = gl_WorkGroupID.z * COLS;
    const uint blocks = (pc.K + 31) / 32;
    float acc[RPL * COLS];
    [[unroll]] for (uint i = 0; i < RPL * COLS; ++i) acc[i] = 0.0;
    vec2 stats[COLS];
    if (INPUT_NORM != 0)
        [[unroll]] for (uint c = 0; c < COLS; ++c) stats[c] = input_stats(min(tok0 + c, pc.tokens - 1));
    for (uint b = 0; b < blocks; ++b) {
        vec4 xs[COLS * 8];
        [[unroll]] for (uint c = 0; c < COLS; ++c) {
            const uint t = min(tok0 + c, pc.tokens - 1);
            const uint xb = (pc.x_offset + t * pc.x_stride) / 4 + b * 8;
            [[unroll]] for (uint i = 0; i < 8; ++i) {
                vec4 v = vec4(0.0);
                if (b * 32 + 4 * i < pc.K) {
                    v = LOAD_X(xb + i);
                    if (INPUT_NORM != 0) v = normalized_input(v, b * 8 + i, stats[c]);
                }
                xs[c * 8 + i] = v;
            }
        }
        [[unroll]] for (uint r = 0; r < RPL; ++r) {
            const uint row = min(row0 + r, pc.rows - 1);
            vec4 w[8];
            LOAD_BLOCK(row, b, blocks, w);
            const float d = block_scale(row, b, blocks);
            [[unroll]] for (uint c = 0; c < COLS; ++c) {
                float s = 0.0;
                [[unroll]] for (uint i = 0; i < 8; ++i) s += dot(w[i], xs[c * 8 + i]);
                acc[r * COLS + c] += s * d;
            }
        }
    }
    if (PAIRED_ROWS) { // RPL is even: row0 is an even row
        [[unroll]] for (uint r = 0; r + 1 < RPL; r += 2)
            [[unroll]] for (uint c = 0; c < COLS; ++c)
                if (row0 + r + 1 < pc.rows && tok0 + c < pc.tokens)
                    store_pair(row0 + r, tok0 + c, acc[r * COLS + c], acc[(r + 1) * COLS + c]);
        return;
    }
    [[unroll]] for (uint r = 0; r < RPL; ++r)
        [[unroll]] for (uint c = 0; c < COLS; ++c)
            if (row0 + r < pc.rows && tok0 + c < pc.tokens) store_output(row0 + r, tok0 + c, acc[r * COLS + c]);
}
