#version 450
// One row per workgroup: LayerNorm (mean/variance, weight and bias; GLM1) or RMSNorm (weight;
// GLM2+), fp32 throughout, two passes over the row for an accurate variance. RMSNorm may add a
// residual to its output (ADD_RESIDUAL: a sandwich norm before its residual add, GLM-4-0414),
// read from binding 3, which LayerNorm uses for its bias.
#extension GL_GOOGLE_include_directive : require
#include "common.glsl"
layout(constant_id = 8) const uint MAX_SUBGROUPS = 64;
layout(constant_id = 9) const bool ADD_RESIDUAL = false;
#include "reduce.glsl"

layout(std430, binding = 0) readonly buffer X { float x[]; };
layout(std430, binding = 1) writeonly buffer Y { float y[]; };
layout(std430, binding = 2) readonly buffer W { float w[]; };
layout(std430, binding = 3) readonly buffer B { float b[]; };

#define GLM_PUSH_NORM
#include "push_constants.h"

void main() {
    const uint row = gl_WorkGroupID.x;
    const uint tid = gl_LocalInvocationID.x;
    const uint xo = pc.x_offset + row * pc.x_stride;
    const uint yo = pc.y_offset + row * pc.y_stride;
#ifdef LAYER_NORM
    float s = 0.0;
    for (uint i = tid; i < pc.n; i += gl_WorkGroupSize.x) s += x[xo + i];
    const float mean = workgroup_sum(s) / float(pc.n);
    float v = 0.0;
    for (uint i = tid; i < pc.n; i += gl_WorkGroupSize.x) {
        const float d = x[xo + i] - mean;
        v += d * d;
    }
    const float inv = inversesqrt(workgroup_sum(v) / float(pc.n) + pc.eps);
    for (uint i = tid; i < pc.n; i += gl_WorkGroupSize.x) y[yo + i] = (x[xo + i] - mean) * inv * w[i] + b[i];
#else
    float s = 0.0;
    for (uint i = tid; i < pc.n; i += gl_WorkGroupSize.x) s += x[xo + i] * x[xo + i];
    const float inv = inversesqrt(workgroup_sum(s) / float(pc.n) + pc.eps);
    const uint ro = pc.r_offset + row * pc.r_stride;
    for (uint i = tid; i < pc.n; i += gl_WorkGroupSize.x)
        y[yo + i] = x[xo + i] * inv * w[i] + (ADD_RESIDUAL ? b[ro + i] : 0.0);
#endif
}
