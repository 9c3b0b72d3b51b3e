// Epilogue::input_norm for the mat-vec kernels: the pass normalises its input itself, as
// norm.comp would (RMSNorm: x · inv · w; LayerNorm: (x − mean) · inv · w + b, with inv =
// 1/sqrt(variance + eps), two passes for an accurate variance), so the norm needs no dispatch of
// its own and its output no round trip through memory. Every workgroup computes its tokens'
// statistics again: K floats per token, little next to the weight rows it reads.
// Include after matmul_epilogue.glsl, with LOAD_X(i) reading vec4 i of the input and the spec
// constant MAX_SUBGROUPS (MATVEC_ID_MAX_SUBGROUPS) declared.
#ifndef GLM_MATVEC_INPUT_NORM_GLSL
#define GLM_MATVEC_INPUT_NORM_GLSL
#include "reduce.glsl"

layout(std430, binding = MATMUL_BINDING_NORM_WEIGHT) readonly buffer NormWeight { vec4 norm_w4[]; };
layout(std430, binding = MATMUL_BINDING_NORM_BIAS) readonly buffer NormBias { vec4 norm_b4[]; };
layout(constant_id = MATMUL_ID_INPUT_NORM) const uint INPUT_NORM = 0; // 0 none, 1 RMSNorm, 2 LayerNorm

// (mean, inv) of token t's input; every invocation of the workgroup must call it.
vec2 input_stats(uint t) {
    const uint base = (pc.x_offset + t * pc.x_stride) / 4, n4 = pc.K / 4;
    float mean = 0.0;
    if (INPUT_NORM == 2) {
        float s = 0.0;
        for (uint i = gl_LocalInvocationIndex; i < n4; i += gl_WorkGroupSize.x) {
            const vec4 v = LOAD_X(base + i);
            s += (v.x + v.y) + (v.z + v.w);
        }
        mean = workgroup_sum(s) / float(pc.K);
    }
    float s2 = 0.0;
    for (uint i = gl_LocalInvocationIndex; i < n4; i += gl_WorkGroupSize.x) {
        const vec4 d = LOAD_X(base + i) - mean;
        s2 += dot(d, d);
    }
    return vec2(mean, inversesqrt(workgroup_sum(s2) / float(pc.K) + pc.norm_eps));
}

// Input vec4 `i4` of a row (elements 4·i4 ..) as the norm would have stored it.
vec4 normalized_input(vec4 x, uint i4, vec2 stats) {
    vec4 y = (x - stats.x) * stats.y * norm_w4[i4];
    if (INPUT_NORM == 2) y += norm_b4[i4];
    return y;
}

#endif
