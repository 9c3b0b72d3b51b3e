// Shared by every kernel: the workgroup-size specialization constants (ids 0, 1, 2 — see
// inference/src/vulkan/pipeline.h) and small helpers. Kernel-specific constants start at id 3.
// Kernels use only 32-bit storage types (fp16 data is read as packed pairs with
// unpackHalf2x16), so they need no optional 8/16-bit storage features.
#ifndef GLM_COMMON_GLSL
#define GLM_COMMON_GLSL

#extension GL_EXT_control_flow_attributes : enable

layout(local_size_x_id = 0, local_size_y_id = 1, local_size_z_id = 2) in;

// Workgroups are laid out in 2-D when one dimension would exceed maxComputeWorkGroupCount.
uint linear_group_id() { return gl_WorkGroupID.y * gl_NumWorkGroups.x + gl_WorkGroupID.x; }

float half_at(uint word, uint which) {
    vec2 h = unpackHalf2x16(word);
    return which == 0u ? h.x : h.y;
}

const float GELU_C = 0.7978845608028654; // sqrt(2/pi)
float gelu_tanh(float x) { return 0.5 * x * (1.0 + tanh(GELU_C * (x + 0.044715 * x * x * x))); }

#endif
