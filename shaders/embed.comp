#version 450
// Token embedding: out[t] = dequantized row ids[t] of the embedding table. Dispatched once per
// chunk of the (possibly split) table; a chunk writes only the tokens whose rows it holds.
#extension GL_GOOGLE_include_directive : require
#include "common.glsl"
#include "weights.glsl"

layout(std430, binding = 2) readonly buffer Ids { int ids[]; };
layout(std430, binding = 3) writeonly buffer Out { vec4 out4[]; };

#define GLM_PUSH_EMBED
#include "push_constants.h"

void main() {
    const uint t = gl_WorkGroupID.x;
    const int id = ids[pc.ids_offset + t];
    if (id < int(pc.row_begin) || id >= int(pc.row_begin + pc.rows)) return;
    const uint row = uint(id) - pc.row_begin;
    const uint blocks = (pc.K + 31) / 32; // rows are zero-padded to whole blocks on the device
    const uint o = (pc.out_offset + t * pc.out_stride) / 4;
    for (uint b = gl_LocalInvocationID.x; b < blocks; b += gl_WorkGroupSize.x) {
        vec4 w[8];
        load_block(row, b, blocks, w);
        const float d = block_scale(row, b, blocks);
        [[unroll]] for (uint i = 0; i < 8; ++i)
            if (b * 32 + 4 * i < pc.K) out4[o + b * 8 + i] = w[i] * d;
    }
}
