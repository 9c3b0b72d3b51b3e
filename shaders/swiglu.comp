#version 450
// GLM2+ feed-forward activation: out[t][i] = silu(up[t][2i]) * up[t][2i + 1]: the device holds the
// fused up-projection's gate and up rows interleaved (DeviceMatrix::paired_rows), so its output
// alternates gate and up values. (Mat-vec passes fuse this into the projection instead.)
#extension GL_GOOGLE_include_directive : require
#include "common.glsl"

layout(std430, binding = 0) readonly buffer Up { float up[]; };
layout(std430, binding = 1) writeonly buffer Out { float o[]; };

#define GLM_PUSH_SWIGLU
#include "push_constants.h"

void main() {
    const uint i = linear_group_id() * gl_WorkGroupSize.x + gl_LocalInvocationID.x;
    if (i >= pc.ffn * pc.tokens) return;
    const uint t = i / pc.ffn, f = i % pc.ffn;
    const float g = up[t * 2 * pc.ffn + 2 * f];
    o[i] = g / (1.0 + exp(-g)) * up[t * 2 * pc.ffn + 2 * f + 1];
}
