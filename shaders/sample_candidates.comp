#version 450
// Sampling pass 2: every token within CANDIDATE_CUTOFF of the best (after the temperature) is
// appended to a candidate list with an atomic counter. The order is arbitrary; pass 3 sorts.
#extension GL_GOOGLE_include_directive : require
#include "common.glsl"
#include "sampling.glsl"

layout(constant_id = 3) const uint CAPACITY = 1024;

layout(std430, binding = 0) readonly buffer Logits { float logits[]; };
layout(std430, binding = 1) readonly buffer Params { SamplingParams sp; };
layout(std430, binding = 2) readonly buffer GroupMax { float group_max[]; };
layout(std430, binding = 3) buffer Candidates {
    uint count;
    uint pad[3];
    vec2 entries[]; // (z, id as float bits)
} cand;

#define GLM_PUSH_SAMPLE_CANDIDATES
#include "push_constants.h"

void main() {
    float m = -1.0 / 0.0;
    for (uint g = 0; g < pc.groups; ++g) m = max(m, group_max[g]);
    const uint per_group = (sp.vocab + gl_NumWorkGroups.x - 1) / gl_NumWorkGroups.x;
    const uint begin = gl_WorkGroupID.x * per_group, end = min(begin + per_group, sp.vocab);
    for (uint i = begin + gl_LocalInvocationID.x; i < end; i += gl_WorkGroupSize.x) {
        const float z = (logits[i] - m) * sp.inv_temperature;
        if (z > CANDIDATE_CUTOFF) {
            const uint slot = atomicAdd(cand.count, 1u);
            if (slot < CAPACITY) cand.entries[slot] = vec2(z, uintBitsToFloat(i));
        }
    }
}
