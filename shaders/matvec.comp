#version 450
// y = W x for a few tokens (decode): each workgroup computes ROWS rows for up to COLS tokens,
// its invocations striding over the row's 32-element blocks, so each weight byte is read once
// per COLS tokens. Accumulation in fp32; reduction by subgroups (or shared memory without them).
#extension GL_GOOGLE_include_directive : require
#include "common.glsl"
#ifdef USE_SUBGROUPS
#extension GL_KHR_shader_subgroup_basic : require
#extension GL_KHR_shader_subgroup_arithmetic : require
#endif
#include "weights.glsl"
#include "matmul_epilogue.glsl"

layout(constant_id = MATVEC_ID_ROWS) const uint ROWS = 2;
layout(constant_id = MATVEC_ID_COLS) const uint COLS = 1;
layout(constant_id = MATVEC_ID_MAX_SUBGROUPS) const uint MAX_SUBGROUPS = 64; // ceil(workgroup / minimum subgroup size)
#define LOAD_X(i) x4[i]
#include "matvec_input_norm.glsl"

#ifdef USE_SUBGROUPS
shared float partial[MAX_SUBGROUPS * ROWS * COLS];
#else
shared float partial[gl_WorkGroupSize.x];
#endif

void main() {
    const uint row0 = linear_group_id() * ROWS;
    const uint tok0 = gl_WorkGroupID.z * COLS;
    if (row0 >= pc.rows) return; // uniform for the whole workgroup
    const uint blocks = (pc.K + 31) / 32; // rows are zero-padded to whole blocks on the device
    const uint tid = gl_LocalInvocationID.x;

    float acc[ROWS * COLS];
    [[unroll]] for (uint i = 0; i < ROWS * COLS; ++i) acc[i] = 0.0;
    vec2 stats[COLS];
    if (INPUT_NORM != 0)
        [[unroll]] for (uint c = 0; c < COLS; ++c) stats[c] = input_stats(min(tok0 + c, pc.tokens - 1));

    for (uint b = tid; b < blocks; b += gl_WorkGroupSize.x) {
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
        [[unroll]] for (uint r = 0; r < ROWS; ++r) {
            const uint row = min(row0 + r, pc.rows - 1);
            vec4 w[8];
            load_block(row, b, blocks, w);
            const float d = block_scale(row, b, blocks);
            [[unroll]] for (uint c = 0; c < COLS; ++c) {
                float s = 0.0;
                [[unroll]] for (uint i = 0; i < 8; ++i) s += dot(w[i], xs[c * 8 + i]);
                acc[r * COLS + c] += s * d;
            }
        }
    }

#ifdef USE_SUBGROUPS
    [[unroll]] for (uint i = 0; i < ROWS * COLS; ++i) {
        const float s = subgroupAdd(acc[i]);
        if (subgroupElect()) partial[gl_SubgroupID * ROWS * COLS + i] = s;
    }
    barrier();
    if (PAIRED_ROWS) { // ROWS is even: row0 is an even row; each invocation finishes pairs
        for (uint i = tid; i < ROWS / 2 * COLS; i += gl_WorkGroupSize.x) {
            const uint r = 2 * (i / COLS), c = i % COLS;
            float a = 0.0, b = 0.0;
            for (uint g = 0; g < gl_NumSubgroups; ++g) {
                a += partial[g * ROWS * COLS + r * COLS + c];
                b += partial[g * ROWS * COLS + (r + 1) * COLS + c];
            }
            if (row0 + r + 1 < pc.rows && tok0 + c < pc.tokens) store_pair(row0 + r, tok0 + c, a, b);
        }
        return;
    }
    // A workgroup may be smaller than ROWS × COLS: each invocation finishes several outputs.
    for (uint i = tid; i < ROWS * COLS; i += gl_WorkGroupSize.x) {
        float s = 0.0;
        for (uint g = 0; g < gl_NumSubgroups; ++g) s += partial[g * ROWS * COLS + i];
        const uint r = i / COLS, c = i % COLS;
        if (row0 + r < pc.rows && tok0 + c < pc.tokens) store_output(row0 + r, tok0 + c, s);
    }
#else
    float firsts[COLS]; // PAIRED_ROWS: invocation 0 holds each token's even row until the odd one is summed
    for (uint i = 0; i < ROWS * COLS; ++i) {
        partial[tid] = acc[i];
        barrier();
        for (uint stride = gl_WorkGroupSize.x / 2; stride > 0; stride >>= 1) {
            if (tid < stride) partial[tid] += partial[tid + stride];
            barrier();
        }
        if (tid == 0) {
            const uint r = i / COLS, c = i % COLS;
            if (!PAIRED_ROWS) {
                if (row0 + r < pc.rows && tok0 + c < pc.tokens) store_output(row0 + r, tok0 + c, partial[0]);
            } else if ((r & 1u) == 0) {
                firsts[c] = partial[0]; // the odd row follows COLS outputs later
            } else if (row0 + r < pc.rows && tok0 + c < pc.tokens) {
                store_pair(row0 + r - 1, tok0 + c, firsts[c], partial[0]);
            }
        }
        barrier();
    }
#endif
}
