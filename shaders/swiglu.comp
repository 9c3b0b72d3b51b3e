#version 450
// GLM2+ feed-forward activation: out[t][i] = silu(up[t][i]) * up[t][F + i], where the fused
// up-projection holds the gate in its first F outputs and the up projection in the next F.
#extension GL_GOOGLE_include_directive : require
#include "common.glsl"

layout(std430, binding = 0) readonly buffer Up { float up[]; };
layout(std430, binding = 1) writeonly buffer Out { float o[]; };

layout(push_constant) uniform Push {
    uint ffn; // F
    uint tokens;
} pc;

void main() {
    const uint i = linear_group_id() * gl_WorkGroupSize.x + gl_LocalInvocationID.x;
    if (i >= pc.ffn * pc.tokens) return;
    const uint t = i / pc.ffn, f = i % pc.ffn;
    const float g = up[t * 2 * pc.ffn + f];
    o[i] = g / (1.0 + exp(-g)) * up[t * 2 * pc.ffn + pc.ffn + f];
}
