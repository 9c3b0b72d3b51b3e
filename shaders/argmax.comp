#version 450
// Greedy decoding on the device: the index of the largest logit (the lowest index on ties), in
// two passes — per-workgroup winners (FIRST_PASS), then one workgroup over those — so only one
// token id is read back per step.
#extension GL_GOOGLE_include_directive : require
#include "common.glsl"

layout(std430, binding = 0) readonly buffer Values { float values[]; }; // logits or pass-1 maxima
layout(std430, binding = 1) readonly buffer Indices { uint indices[]; }; // pass 2: pass-1 winners
layout(std430, binding = 2) writeonly buffer OutValues { float out_values[]; };
layout(std430, binding = 3) writeonly buffer OutIndices { uint out_indices[]; };

#define GLM_PUSH_ARGMAX
#include "push_constants.h"

shared float best_v[gl_WorkGroupSize.x];
shared uint best_i[gl_WorkGroupSize.x];

bool better(float v, uint i, float bv, uint bi) { return v > bv || (v == bv && i < bi); }

void main() {
    const uint tid = gl_LocalInvocationID.x;
    const uint wg = gl_WorkGroupSize.x;
#ifdef FIRST_PASS
    const uint per_group = (pc.count + gl_NumWorkGroups.x - 1) / gl_NumWorkGroups.x;
    const uint begin = gl_WorkGroupID.x * per_group;
    const uint end = min(begin + per_group, pc.count);
#else
    const uint begin = 0, end = pc.count;
#endif
    float bv = -1.0 / 0.0;
    uint bi = 0xffffffffu;
    for (uint k = begin + tid; k < end; k += wg) {
        const float v = values[k];
#ifdef FIRST_PASS
        const uint idx = k;
#else
        const uint idx = indices[k];
#endif
        if (better(v, idx, bv, bi)) {
            bv = v;
            bi = idx;
        }
    }
    best_v[tid] = bv;
    best_i[tid] = bi;
    barrier();
    for (uint stride = wg / 2; stride > 0; stride >>= 1) {
        if (tid < stride && better(best_v[tid + stride], best_i[tid + stride], best_v[tid], best_i[tid])) {
            best_v[tid] = best_v[tid + stride];
            best_i[tid] = best_i[tid + stride];
        }
        barrier();
    }
    if (tid == 0) {
#ifdef FIRST_PASS
        out_values[gl_WorkGroupID.x] = best_v[0];
        out_indices[gl_WorkGroupID.x] = best_i[0];
#else
        out_values[0] = best_v[0];
        out_indices[pc.out_offset] = best_i[0];
#endif
    }
}
