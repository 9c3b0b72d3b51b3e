#version 450
// Runtime self-test kernel: y[i] = x[i] * scale + OFFSET over one chunk of rows.
// Exercises specialization constants (workgroup size, OFFSET) and push constants; used by the
// Vulkan runtime tests and by `glm-cli devices --check`.
#extension GL_GOOGLE_include_directive : require
#include "common.glsl"

layout(constant_id = 3) const uint OFFSET = 0;

layout(std430, binding = 0) readonly buffer X { uint x[]; };
layout(std430, binding = 1) writeonly buffer Y { uint y[]; };

layout(push_constant) uniform Push {
    uint count;
    uint scale;
} pc;

void main() {
    // 2D grid so that more than maxComputeWorkGroupCount[0] groups can be addressed.
    const uint i = (gl_WorkGroupID.y * gl_NumWorkGroups.x + gl_WorkGroupID.x) * gl_WorkGroupSize.x +
                   gl_LocalInvocationID.x;
    if (i < pc.count) y[i] = x[i] * pc.scale + OFFSET;
}
