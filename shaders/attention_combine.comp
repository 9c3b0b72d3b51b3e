#version 450
// Merges the per-slice partial results of attention.comp: out = Σ_s e^(m_s − M) o_s / Σ_s e^(m_s − M) l_s.
// One workgroup per (query, head); output rows are [query][head * head_dim], the layout the
// output projection reads.
#extension GL_GOOGLE_include_directive : require
#include "common.glsl"
layout(constant_id = 3) const uint HEAD_DIM = 128;

layout(std430, binding = 0) readonly buffer Partial { float partial[]; };
layout(std430, binding = 1) writeonly buffer Out { float o[]; };

#define GLM_PUSH_ATTENTION_COMBINE
#include "push_constants.h"

void main() {
    const uint qid = linear_group_id();
    if (qid >= pc.tokens * pc.heads) return;
    const uint base = qid * pc.slices * (HEAD_DIM + 2);
    float M = -1.0 / 0.0;
    for (uint s = 0; s < pc.slices; ++s) M = max(M, partial[base + s * (HEAD_DIM + 2)]);
    float L = 0.0;
    for (uint s = 0; s < pc.slices; ++s) {
        const float ms = partial[base + s * (HEAD_DIM + 2)];
        if (ms > -1.0 / 0.0) L += exp(ms - M) * partial[base + s * (HEAD_DIM + 2) + 1];
    }
    const float inv = L > 0.0 ? 1.0 / L : 0.0;
    for (uint d = gl_LocalInvocationID.x; d < HEAD_DIM; d += gl_WorkGroupSize.x) {
        float acc = 0.0;
        for (uint s = 0; s < pc.slices; ++s) {
            const float ms = partial[base + s * (HEAD_DIM + 2)];
            if (ms > -1.0 / 0.0) acc += exp(ms - M) * partial[base + s * (HEAD_DIM + 2) + 2 + d];
        }
        o[qid * HEAD_DIM + d] = acc * inv;
    }
}
