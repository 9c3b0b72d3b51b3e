#version 450
// Sampling pass 3 (one workgroup): sort the candidates by logit (ties: lower id first), keep the
// top k, then the smallest prefix whose probability reaches top-p, and pick one with the host's
// uniform number. Writes the id (or NEED_HOST) and marks it in the seen-token bitmap.
#extension GL_GOOGLE_include_directive : require
#include "common.glsl"
#include "sampling.glsl"

layout(constant_id = 3) const uint CAPACITY = 1024; // a power of two

layout(std430, binding = 0) readonly buffer Params { SamplingParams sp; };
layout(std430, binding = 1) buffer Candidates {
    uint count;
    uint pad[3];
    vec2 entries[];
} cand;
layout(std430, binding = 2) buffer Seen { uint seen[]; };
layout(std430, binding = 3) writeonly buffer Token { uint token[]; };

shared float z_s[CAPACITY];
shared uint id_s[CAPACITY];
shared uint chosen;

bool before(float za, uint ia, float zb, uint ib) { return za > zb || (za == zb && ia < ib); }

void main() {
    const uint tid = gl_LocalInvocationID.x, wg = gl_WorkGroupSize.x;
    const uint n = cand.count;
    if (n > CAPACITY) {
        if (tid == 0) token[0] = NEED_HOST;
        return;
    }
    for (uint i = tid; i < CAPACITY; i += wg) {
        if (i < n) {
            z_s[i] = cand.entries[i].x;
            id_s[i] = floatBitsToUint(cand.entries[i].y);
        } else {
            z_s[i] = -1.0 / 0.0;
            id_s[i] = 0xffffffffu;
        }
    }
    barrier();
    // bitonic sort, descending
    for (uint size = 2; size <= CAPACITY; size <<= 1) {
        for (uint stride = size >> 1; stride > 0; stride >>= 1) {
            for (uint i = tid; i < CAPACITY; i += wg) {
                const uint j = i ^ stride;
                if (j > i) {
                    const bool descending = (i & size) == 0u;
                    const bool swap = descending ? before(z_s[j], id_s[j], z_s[i], id_s[i])
                                                 : before(z_s[i], id_s[i], z_s[j], id_s[j]);
                    if (swap) {
                        const float tz = z_s[i];
                        z_s[i] = z_s[j];
                        z_s[j] = tz;
                        const uint ti = id_s[i];
                        id_s[i] = id_s[j];
                        id_s[j] = ti;
                    }
                }
            }
            barrier();
        }
    }
    if (tid == 0) {
        uint keep = n;
        if (sp.top_k > 0u) keep = min(keep, sp.top_k);
        float total = 0.0;
        for (uint i = 0; i < keep; ++i) total += exp(z_s[i]);
        if (sp.top_p < 1.0) {
            float cum = 0.0;
            for (uint i = 0; i < keep; ++i) {
                cum += exp(z_s[i]) / total;
                if (cum >= sp.top_p) {
                    keep = i + 1;
                    break;
                }
            }
        }
        float kept = 0.0;
        for (uint i = 0; i < keep; ++i) kept += exp(z_s[i]);
        const float u = sp.random * kept;
        float acc = 0.0;
        uint pick = id_s[keep - 1];
        for (uint i = 0; i < keep; ++i) {
            acc += exp(z_s[i]);
            if (u < acc) {
                pick = id_s[i];
                break;
            }
        }
        token[0] = pick;
        if (sp.history_bits != 0u) seen[pick >> 5] |= 1u << (pick & 31u);
    }
}
