// Workgroup-wide sum and max of one float per invocation. With USE_SUBGROUPS: subgroup
// arithmetic, then one shared slot per subgroup; without: a shared-memory tree (the workgroup
// size must then be a power of two). Every invocation gets the result.
// Requires the spec constant MAX_SUBGROUPS (id 8 by convention) to be declared before inclusion.
#ifndef GLM_REDUCE_GLSL
#define GLM_REDUCE_GLSL

#ifdef USE_SUBGROUPS
#extension GL_KHR_shader_subgroup_basic : require
#extension GL_KHR_shader_subgroup_arithmetic : require
shared float reduce_slots[MAX_SUBGROUPS];

float workgroup_sum(float v) {
    const float s = subgroupAdd(v);
    barrier(); // slots may still be read by a previous reduction
    if (subgroupElect()) reduce_slots[gl_SubgroupID] = s;
    barrier();
    float total = 0.0;
    for (uint i = 0; i < gl_NumSubgroups; ++i) total += reduce_slots[i];
    return total;
}

float workgroup_max(float v) {
    const float s = subgroupMax(v);
    barrier();
    if (subgroupElect()) reduce_slots[gl_SubgroupID] = s;
    barrier();
    float m = reduce_slots[0];
    for (uint i = 1; i < gl_NumSubgroups; ++i) m = max(m, reduce_slots[i]);
    return m;
}
#else
shared float reduce_slots[gl_WorkGroupSize.x];

float workgroup_sum(float v) {
    const uint tid = gl_LocalInvocationIndex;
    barrier();
    reduce_slots[tid] = v;
    barrier();
    for (uint stride = gl_WorkGroupSize.x / 2; stride > 0; stride >>= 1) {
        if (tid < stride) reduce_slots[tid] += reduce_slots[tid + stride];
        barrier();
    }
    return reduce_slots[0];
}

float workgroup_max(float v) {
    const uint tid = gl_LocalInvocationIndex;
    barrier();
    reduce_slots[tid] = v;
    barrier();
    for (uint stride = gl_WorkGroupSize.x / 2; stride > 0; stride >>= 1) {
        if (tid < stride) reduce_slots[tid] = max(reduce_slots[tid], reduce_slots[tid + stride]);
        barrier();
    }
    return reduce_slots[0];
}
#endif

#endif
