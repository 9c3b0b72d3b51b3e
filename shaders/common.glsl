// Shared by every kernel: version, extensions and the workgroup-size specialization constants
// (ids 0, 1, 2 — see inference/src/vulkan/pipeline.h). Kernel-specific constants start at id 3.
#ifndef GLM_COMMON_GLSL
#define GLM_COMMON_GLSL

#extension GL_EXT_shader_16bit_storage : require
#extension GL_EXT_control_flow_attributes : enable

layout(local_size_x_id = 0, local_size_y_id = 1, local_size_z_id = 2) in;

#endif
