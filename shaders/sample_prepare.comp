#version 450
// Sampling pass 1: the repetition penalty on every token seen so far (a bitmap of the prompt
// and generated ids), in place, and each workgroup's maximum logit.
#extension GL_GOOGLE_include_directive : require
#include "common.glsl"
#include "sampling.glsl"

layout(std430, binding = 0) buffer Logits { float logits[]; };
layout(std430, binding = 1) readonly buffer Params { SamplingParams sp; };
layout(std430, binding = 2) readonly buffer Seen { uint seen[]; };
layout(std430, binding = 3) writeonly buffer GroupMax { float group_max[]; };

shared float best[gl_WorkGroupSize.x];

void main() {
    const uint tid = gl_LocalInvocationID.x;
    const uint per_group = (sp.vocab + gl_NumWorkGroups.x - 1) / gl_NumWorkGroups.x;
    const uint begin = gl_WorkGroupID.x * per_group, end = min(begin + per_group, sp.vocab);
    float m = -1.0 / 0.0;
    for (uint i = begin + tid; i < end; i += gl_WorkGroupSize.x) {
        float l = logits[i];
        if (sp.penalty != 1.0 && ((seen[i >> 5] >> (i & 31u)) & 1u) != 0u) {
            l = l > 0.0 ? l / sp.penalty : l * sp.penalty;
            logits[i] = l;
        }
        m = max(m, l);
    }
    best[tid] = m;
    barrier();
    for (uint s = gl_WorkGroupSize.x / 2; s > 0; s >>= 1) {
        if (tid < s) best[tid] = max(best[tid], best[tid + s]);
        barrier();
    }
    if (tid == 0) group_max[gl_WorkGroupID.x] = best[0];
}
