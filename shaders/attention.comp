#version 450
// Attention for one (query token, head) per workgroup row and one slice of the keys per
// workgroup z: online softmax over blocks of keys, scores and accumulation in fp32 (q arrives
// pre-scaled by 1/sqrt(head_dim)). Each slice writes a partial result (max, sum, weighted values)
// that attention_combine.comp merges, so a long KV cache is spread over many workgroups when
// decoding one token. Query i sees key j iff j < max(prefix, i + 1): causal, plus GLM1's
// bidirectional context before <sop>. Query head h reads key/value head h / (heads / kv_heads).
#extension GL_GOOGLE_include_directive : require
#include "common.glsl"
#include "step.glsl"
#include "kv_cache.glsl"
layout(constant_id = 3) const uint HEAD_DIM = 128;
layout(constant_id = 8) const uint MAX_SUBGROUPS = 64;
#include "reduce.glsl"

#ifdef KV_TEXELS
// The cache and the queries through texel views of their memory blocks (16-byte texels: eight
// fp16 dimensions, sixteen int8 ones, or four fp32 queries), from the texel bases in the push
// constants. CPU drivers fetch a texel with one vector gather where every storage-buffer load is
// per-lane scalar work. The 8-bit cache's rows (kv_cache.glsl) are whole texels when HEAD_DIM is
// a multiple of 128: HEAD_DIM / 16 texels of values, then HEAD_DIM / 128 texels of four scales.
layout(binding = 0) uniform utextureBuffer q_tex;
layout(binding = 2) uniform utextureBuffer k_tex;
layout(binding = 3) uniform utextureBuffer v_tex;
#else
layout(std430, binding = 0) readonly buffer Q { float q[]; };
layout(std430, binding = 2) readonly buffer KCache { KV_WORD k_cache[]; };
layout(std430, binding = 3) readonly buffer VCache { KV_WORD v_cache[]; };
#endif
layout(std430, binding = 1) readonly buffer Step { uint step[]; };
layout(std430, binding = 4) writeonly buffer Partial { float partial[]; }; // [query][head][slice][2 + D]

#define GLM_PUSH_ATTENTION
#include "push_constants.h"

const uint WG = gl_WorkGroupSize.x;
const uint DPT = (HEAD_DIM + WG - 1) / WG; // output dimensions per invocation
const uint W = HEAD_DIM / 2;
#if defined(KV_TEXELS) && defined(KV_Q8)
const uint TD = 16;                      // dimensions per value texel
const uint VT = HEAD_DIM / TD;           // value texels per cache row (HEAD_DIM % 128 == 0)
const uint RT = VT + HEAD_DIM / 128;     // texels per cache row, with the scales
#elif defined(KV_TEXELS)
const uint TD = 8;
const uint VT = HEAD_DIM / TD;           // texels per cache row (HEAD_DIM is a multiple of 8)
const uint RT = VT;
#endif
#ifdef KV_TEXELS
const uint TV = TD / 4;                  // vec4 accumulators per value texel
const uint TPI = (VT + WG - 1) / WG;     // cache-row texels per invocation when summing values

// Texel `i` of a cache row as TV vec4s of dimensions (not yet scaled, for the 8-bit cache).
void texel_values(uvec4 t, out vec4 v[TV]) {
#ifdef KV_Q8
    [[unroll]] for (uint c = 0; c < 4; ++c) {
        const int w = int(t[c]);
        v[c] = vec4(bitfieldExtract(w, 0, 8), bitfieldExtract(w, 8, 8), bitfieldExtract(w, 16, 8),
                    bitfieldExtract(w, 24, 8));
    }
#else
    v[0] = vec4(unpackHalf2x16(t.x), unpackHalf2x16(t.y));
    v[1] = vec4(unpackHalf2x16(t.z), unpackHalf2x16(t.w));
#endif
}

// The scale of value texel `i` of the row starting at texel `row` (1 for fp16).
float texel_scale(utextureBuffer cache, uint row, uint i) {
#ifdef KV_Q8
    return uintBitsToFloat(texelFetch(cache, int(row + VT + i / 8))[(i / 2) % 4]);
#else
    return 1.0;
#endif
}
#endif

shared vec2 q_s[W];
shared float p_s[WG];

void main() {
    const uint qid = linear_group_id();
    if (qid >= pc.tokens * pc.heads) return;
    const uint t = qid / pc.heads, h = qid % pc.heads;
    const uint g = h / (pc.heads / pc.kv_heads);
    const uint slice = gl_WorkGroupID.z;
    const uint tid = gl_LocalInvocationID.x;

    const uint q_pos = step[STEP_PAST] + pc.first_token + t;
    const uint q_base = (pc.first_token * pc.heads + qid) * HEAD_DIM;
    const uint limit = min(max(step[STEP_PREFIX], q_pos + 1), pc.capacity);
    const uint per_slice = ((limit + pc.slices - 1) / pc.slices + WG - 1) / WG * WG;
    const uint begin = slice * per_slice;
    const uint end = min(begin + per_slice, limit);

#ifdef KV_TEXELS
    const uint q_t = pc.q_texel + q_base / 4;
#else
    for (uint i = tid; i < W; i += WG) q_s[i] = vec2(q[q_base + 2 * i], q[q_base + 2 * i + 1]);
    barrier();
#endif

    float m = -1.0 / 0.0, l = 0.0;
#ifdef KV_TEXELS
    vec4 o[TV * TPI];
    [[unroll]] for (uint k = 0; k < TV * TPI; ++k) o[k] = vec4(0.0);
#else
    float o[DPT];
    [[unroll]] for (uint k = 0; k < DPT; ++k) o[k] = 0.0;
#endif
    const uint kv_base = g * pc.capacity;

    for (uint kb = begin; kb < end; kb += WG) {
        const uint j = kb + tid;
        float s = -1.0 / 0.0;
        if (j < end) {
            s = 0.0;
            const uint kw = (kv_base + j) * KV_ROW_WORDS(HEAD_DIM);
#if defined(KV_TEXELS)
            const uint kt = pc.k_texel + (kv_base + j) * RT;
            // Two value texels share a scale in the 8-bit cache (a block of 32 dimensions).
            for (uint i = 0; i < VT; i += 2) {
                float sb = 0.0;
                [[unroll]] for (uint h = 0; h < 2; ++h) {
                    if (i + h >= VT) break; // fp16 rows may have an odd number of texels
                    vec4 k4[TV];
                    texel_values(texelFetch(k_tex, int(kt + i + h)), k4);
                    [[unroll]] for (uint c = 0; c < TV; ++c)
                        sb += dot(uintBitsToFloat(texelFetch(q_tex, int(q_t + (i + h) * TV + c))), k4[c]);
                }
                s += sb * texel_scale(k_tex, kt, i);
            }
#elif defined(KV_Q8)
            // Four values per word, one scale per block of 32.
            for (uint b = 0; b < HEAD_DIM / 32; ++b) {
                float sb = 0.0;
                for (uint w = 0; w < 8; ++w) {
                    const int word = int(k_cache[kw + b * 8 + w]);
                    const vec4 k4 = vec4(bitfieldExtract(word, 0, 8), bitfieldExtract(word, 8, 8),
                                         bitfieldExtract(word, 16, 8), bitfieldExtract(word, 24, 8));
                    sb += dot(vec4(q_s[b * 16 + 2 * w], q_s[b * 16 + 2 * w + 1]), k4);
                }
                s += sb * uintBitsToFloat(k_cache[kw + HEAD_DIM / 4 + b]);
            }
#else
            for (uint i = 0; i < W; ++i) s += dot(q_s[i], KV_LOAD(k_cache, kw, i, HEAD_DIM));
#endif
        }
        const float m_new = max(m, workgroup_max(s));
        const float p = j < end ? exp(s - m_new) : 0.0;
        const float corr = exp(m - m_new); // 0 on the first block (m = -inf)
        l = l * corr + workgroup_sum(p);
        m = m_new;
        p_s[tid] = p;
        barrier();
        const uint n = min(WG, end - kb);
#ifdef KV_TEXELS
        // One texel of each value row (8 or 16 dimensions) per invocation and step.
        [[unroll]] for (uint k = 0; k < TPI; ++k) {
            const uint i = tid + k * WG;
            if (i >= VT) break;
            vec4 a[TV];
            [[unroll]] for (uint c = 0; c < TV; ++c) a[c] = vec4(0.0);
            const uint row = pc.v_texel + (kv_base + kb) * RT;
            for (uint jj = 0; jj < n; ++jj) {
                vec4 v4[TV];
                texel_values(texelFetch(v_tex, int(row + jj * RT + i)), v4);
                const float p = p_s[jj] * texel_scale(v_tex, row + jj * RT, i);
                [[unroll]] for (uint c = 0; c < TV; ++c) a[c] += p * v4[c];
            }
            [[unroll]] for (uint c = 0; c < TV; ++c) o[TV * k + c] = o[TV * k + c] * corr + a[c];
        }
#else
        [[unroll]] for (uint k = 0; k < DPT; ++k) {
            const uint d = tid + k * WG;
            if (d >= HEAD_DIM) break;
            float acc = 0.0;
            for (uint jj = 0; jj < n; ++jj) {
                acc += p_s[jj] * KV_VALUE(v_cache, (kv_base + kb + jj) * KV_ROW_WORDS(HEAD_DIM), d, HEAD_DIM);
            }
            o[k] = o[k] * corr + acc;
        }
#endif
        barrier();
    }
    const uint dst = (qid * pc.slices + slice) * (HEAD_DIM + 2);
    if (tid == 0) {
        partial[dst] = m;
        partial[dst + 1] = l;
    }
#ifdef KV_TEXELS
    [[unroll]] for (uint k = 0; k < TPI; ++k) {
        const uint i = tid + k * WG;
        if (i >= VT) break;
        [[unroll]] for (uint c = 0; c < TV; ++c)
            [[unroll]] for (uint e = 0; e < 4; ++e) partial[dst + 2 + TD * i + 4 * c + e] = o[TV * k + c][e];
    }
#else
    [[unroll]] for (uint k = 0; k < DPT; ++k) {
        const uint d = tid + k * WG;
        if (d < HEAD_DIM) partial[dst + 2 + d] = o[k];
    }
#endif
}
