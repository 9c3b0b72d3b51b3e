#version 450
// Y = X Wᵀ for many tokens (prefill): BM weight rows × BN tokens per workgroup, K in steps of one
// 32-element block. Weight blocks are dequantized into shared memory once per tile and reused by
// all BN tokens; each invocation accumulates a TM × TN sub-tile in fp32 registers.
#extension GL_GOOGLE_include_directive : require
#include "common.glsl"
#include "weights.glsl"
#include "matmul_epilogue.glsl"

layout(constant_id = MATMUL_ID_BM) const uint BM = 64;
layout(constant_id = MATMUL_ID_BN) const uint BN = 64;
layout(constant_id = MATMUL_ID_TM) const uint TM = 4;
layout(constant_id = MATMUL_ID_TN) const uint TN = 4;

shared float a_tile[32 * (BM + 1)]; // [k][row], padded against bank conflicts
shared float b_tile[32 * (BN + 1)]; // [k][token]

void main() {
    const uint tid = gl_LocalInvocationID.x;
    const uint wg = gl_WorkGroupSize.x; // = (BM / TM) * (BN / TN)
    const uint row0 = linear_group_id() * BM;
    const uint tok0 = gl_WorkGroupID.z * BN;
    if (row0 >= pc.rows) return;
    const uint blocks = (pc.K + 31) / 32; // rows are zero-padded to whole blocks on the device
    const uint ty = tid / (BN / TN), tx = tid % (BN / TN);

    float acc[TM * TN];
    [[unroll]] for (uint i = 0; i < TM * TN; ++i) acc[i] = 0.0;

    for (uint b = 0; b < blocks; ++b) {
        for (uint r = tid; r < BM; r += wg) {
            const uint row = row0 + r;
            vec4 w[8];
            if (row < pc.rows) {
                load_block(row, b, blocks, w);
                const float d = block_scale(row, b, blocks);
                [[unroll]] for (uint i = 0; i < 8; ++i) w[i] *= d;
            } else {
                [[unroll]] for (uint i = 0; i < 8; ++i) w[i] = vec4(0.0);
            }
            [[unroll]] for (uint i = 0; i < 8; ++i) {
                a_tile[(4 * i + 0) * (BM + 1) + r] = w[i].x;
                a_tile[(4 * i + 1) * (BM + 1) + r] = w[i].y;
                a_tile[(4 * i + 2) * (BM + 1) + r] = w[i].z;
                a_tile[(4 * i + 3) * (BM + 1) + r] = w[i].w;
            }
        }
        for (uint i = tid; i < BN * 8; i += wg) {
            const uint t = i / 8, q = i % 8;
            vec4 v = vec4(0.0);
            if (tok0 + t < pc.tokens && b * 32 + 4 * q < pc.K) v = x4[(pc.x_offset + (tok0 + t) * pc.x_stride) / 4 + b * 8 + q];
            b_tile[(4 * q + 0) * (BN + 1) + t] = v.x;
            b_tile[(4 * q + 1) * (BN + 1) + t] = v.y;
            b_tile[(4 * q + 2) * (BN + 1) + t] = v.z;
            b_tile[(4 * q + 3) * (BN + 1) + t] = v.w;
        }
        barrier();
        for (uint k = 0; k < 32; ++k) {
            float a[TM], bv[TN];
            [[unroll]] for (uint i = 0; i < TM; ++i) a[i] = a_tile[k * (BM + 1) + ty * TM + i];
            [[unroll]] for (uint j = 0; j < TN; ++j) bv[j] = b_tile[k * (BN + 1) + tx * TN + j];
            [[unroll]] for (uint i = 0; i < TM; ++i)
                [[unroll]] for (uint j = 0; j < TN; ++j) acc[i * TN + j] += a[i] * bv[j];
        }
        barrier();
    }
    [[unroll]] for (uint i = 0; i < TM; ++i) {
        const uint row = row0 + ty * TM + i;
        [[unroll]] for (uint j = 0; j < TN; ++j) {
            const uint t = tok0 + tx * TN + j;
            if (row < pc.rows && t < pc.tokens) store_output(row, t, acc[i * TN + j]);
        }
    }
}
