#version 450
// After the QKV projection: rotary embedding of queries and keys, q scaled by 1/sqrt(head_dim),
// keys and values stored into the KV cache (fp16, fp32 with KV_F32, 8-bit with KV_Q8) at their
// positions. One workgroup per token; each invocation produces two adjacent dimensions of q,
// and of k or v one packed word (fp16, fp32) or one 32-dimension block with its scale (8-bit),
// so no two invocations write the same word.
//   GLM1 (define GLM1): per-head interleaved [q|k|v] rows; each head is two rotary halves of
//     head_dim/2 (rotate-half pairing i <-> i + head_dim/4), the first rotated by the position,
//     the second by the block position. The device stores q and k rows with those partners
//     adjacent (DeviceMatrix::rotary_pairs): dimensions 2i, 2i + 1 of a half are its i and
//     i + head_dim/4, so the pairs are adjacent as in GLM2+, and q and k stay in that order.
//   GLM2+: [all q | all k | all v] rows; only the first head_dim/2 dimensions are rotated, in
//     adjacent pairs (2i, 2i+1), by the position.
#extension GL_GOOGLE_include_directive : require
#include "common.glsl"
#include "step.glsl"
#include "kv_cache.glsl"

layout(std430, binding = 0) readonly buffer QKV { float qkv[]; };
layout(std430, binding = 1) readonly buffer Step { uint step[]; };
layout(std430, binding = 2) readonly buffer Rope { vec2 rope[]; }; // [position][i] = (cos, sin)
layout(std430, binding = 3) writeonly buffer Q { float q[]; };
layout(std430, binding = 4) writeonly buffer KCache { KV_WORD k_cache[]; };
layout(std430, binding = 5) writeonly buffer VCache { KV_WORD v_cache[]; };

#define GLM_PUSH_ROPE_KV
#include "push_constants.h"

float rotated(uint base, uint j, uint pos, uint block_pos) {
    const uint D = pc.head_dim, R = D / 2;
#ifdef GLM1
    const uint p = min(j < R ? pos : block_pos, pc.rope_rows - 1);
#else
    if (j >= R) return qkv[base + j];
    const uint p = min(pos, pc.rope_rows - 1);
#endif
    const vec2 cs = rope[p * (R / 2) + (j % R) / 2];
    if ((j & 1u) == 0u) return qkv[base + j] * cs.x - qkv[base + j + 1] * cs.y;
    return qkv[base + j] * cs.x + qkv[base + j - 1] * cs.y;
}

void main() {
    const uint t = pc.first_token + gl_WorkGroupID.x;
    const uint D = pc.head_dim, W = D / 2; // words (dimension pairs) per head
    const uint pos = step[STEP_POSITIONS + 2 * t];
    const uint block_pos = step[STEP_POSITIONS + 2 * t + 1];
    const uint slot = step[STEP_PAST] + t;
    const uint row = gl_WorkGroupID.x * pc.qkv_stride;
    const uint q_items = pc.heads * W;
#ifdef KV_Q8
    const uint kv_blocks = pc.kv_heads * (D / 32), items = q_items + 2 * kv_blocks;
#else
    const uint kv_items = pc.kv_heads * W, items = q_items + 2 * kv_items;
#endif
    for (uint item = gl_LocalInvocationID.x; item < items; item += gl_WorkGroupSize.x) {
        if (item < q_items) {
            const uint h = item / W, w = item % W;
#ifdef GLM1
            const uint base = row + h * 3 * D;
#else
            const uint base = row + h * D;
#endif
            q[(t * pc.heads + h) * D + 2 * w] = rotated(base, 2 * w, pos, block_pos) * pc.q_scale;
            q[(t * pc.heads + h) * D + 2 * w + 1] = rotated(base, 2 * w + 1, pos, block_pos) * pc.q_scale;
#ifdef KV_Q8
        } else {
            // One block of 32 dimensions of k or v per item: its scale needs all 32 values.
            const uint blocks = D / 32, kv_item = item - q_items;
            const bool is_k = kv_item < kv_blocks;
            const uint g = (kv_item % kv_blocks) / blocks, b = (kv_item % kv_blocks) % blocks;
#ifdef GLM1
            const uint base = row + g * 3 * D + (is_k ? D : 2 * D);
#else
            const uint base = row + pc.heads * D + (is_k ? g * D : pc.kv_heads * D + g * D);
#endif
            float v[32];
            float amax = 0.0;
            for (uint j = 0; j < 32; ++j) {
                v[j] = is_k ? rotated(base, b * 32 + j, pos, block_pos) : qkv[base + b * 32 + j];
                amax = max(amax, abs(v[j]));
            }
            const float scale = amax / 127.0, inv = amax > 0.0 ? 127.0 / amax : 0.0;
            const uint at = (g * pc.capacity + slot) * KV_ROW_WORDS(D);
            if (slot < pc.capacity) {
                for (uint w = 0; w < 8; ++w) {
                    uint word = 0;
                    for (uint k = 0; k < 4; ++k)
                        word |= (uint(int(round(v[w * 4 + k] * inv))) & 0xffu) << (8 * k);
                    if (is_k) k_cache[at + b * 8 + w] = word;
                    else v_cache[at + b * 8 + w] = word;
                }
                if (is_k) k_cache[at + D / 4 + b] = floatBitsToUint(scale);
                else v_cache[at + D / 4 + b] = floatBitsToUint(scale);
            }
        }
#else
        } else if (item < q_items + kv_items) {
            const uint g = (item - q_items) / W, w = (item - q_items) % W;
#ifdef GLM1
            const uint base = row + g * 3 * D + D;
#else
            const uint base = row + pc.heads * D + g * D;
#endif
            const vec2 kv = vec2(rotated(base, 2 * w, pos, block_pos), rotated(base, 2 * w + 1, pos, block_pos));
            if (slot < pc.capacity) k_cache[(g * pc.capacity + slot) * W + w] = KV_PACK(kv);
        } else {
            const uint g = (item - q_items - kv_items) / W, w = (item - q_items - kv_items) % W;
#ifdef GLM1
            const uint base = row + g * 3 * D + 2 * D;
#else
            const uint base = row + pc.heads * D + pc.kv_heads * D + g * D;
#endif
            if (slot < pc.capacity) v_cache[(g * pc.capacity + slot) * W + w] = KV_PACK(vec2(qkv[base + 2 * w], qkv[base + 2 * w + 1]));
        }
#endif
    }
}
