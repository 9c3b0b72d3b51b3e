// The push constants of the kernels other than the matrix kernels (those are in
// matmul_interface.h), declared once for the GLSL and the C++. A shader defines the one it uses
// (GLM_PUSH_NORM, ...) before including this file; C++ sees all of them, in glm::shader.
// 32-bit members only, so the C++ and push-constant layouts agree; tst_kernel_interface checks
// every compiled module's block against these structs.
#ifndef GLM_PUSH_CONSTANTS_H
#define GLM_PUSH_CONSTANTS_H
#include "interface_common.h"
#ifdef __cplusplus
namespace glm::shader {
#define GLM_PUSH_NORM
#define GLM_PUSH_ATTENTION
#define GLM_PUSH_ATTENTION_COMBINE
#define GLM_PUSH_ROPE_KV
#define GLM_PUSH_EMBED
#define GLM_PUSH_SWIGLU
#define GLM_PUSH_ARGMAX
#define GLM_PUSH_SAMPLE_CANDIDATES
#endif

#ifdef GLM_PUSH_NORM // norm.comp
GLM_PUSH_CONSTANTS(NormPush) {
    uint n;
    float eps;
    uint x_offset;
    uint x_stride;
    uint y_offset;
    uint y_stride;
    uint r_offset; // the residual added after an RMSNorm (ADD_RESIDUAL)
    uint r_stride;
}
GLM_PUSH_CONSTANTS_END(pc)
#endif

#ifdef GLM_PUSH_ATTENTION // attention.comp
GLM_PUSH_CONSTANTS(AttentionPush) {
    uint heads;
    uint kv_heads;
    uint capacity;
    uint slices;
    uint tokens;
    uint first_token; // of the pass: a pass may be recorded in chunks of tokens (q is indexed by
                      // the pass's token, partials by the chunk's)
    uint q_texel;     // KV_TEXELS: the bindings' first texels in their views
    uint k_texel;
    uint v_texel;
}
GLM_PUSH_CONSTANTS_END(pc)
#endif

#ifdef GLM_PUSH_ATTENTION_COMBINE // attention_combine.comp
GLM_PUSH_CONSTANTS(AttentionCombinePush) {
    uint heads;
    uint slices;
    uint tokens;
}
GLM_PUSH_CONSTANTS_END(pc)
#endif

#ifdef GLM_PUSH_ROPE_KV // rope_kv.comp
GLM_PUSH_CONSTANTS(RopeKvPush) {
    uint heads;
    uint kv_heads;
    uint head_dim;
    uint qkv_stride; // floats per token in qkv
    uint capacity;   // KV cache positions
    uint rope_rows;  // positions in the rotary table
    float q_scale;
    uint first_token; // of the pass: qkv holds the rows of tokens first_token.. (one chunk), while
                      // positions, cache slots and q are indexed by the pass's token
}
GLM_PUSH_CONSTANTS_END(pc)
#endif

#ifdef GLM_PUSH_EMBED // embed.comp
GLM_PUSH_CONSTANTS(EmbedPush) {
    uint K;         // row length
    uint rows;      // rows in this chunk
    uint row_begin; // first table row of this chunk
    uint ids_offset;
    uint out_offset; // in floats, multiple of 4
    uint out_stride; // in floats, multiple of 4
}
GLM_PUSH_CONSTANTS_END(pc)
#endif

#ifdef GLM_PUSH_SWIGLU // swiglu.comp
GLM_PUSH_CONSTANTS(SwigluPush) {
    uint ffn; // F
    uint tokens;
}
GLM_PUSH_CONSTANTS_END(pc)
#endif

#ifdef GLM_PUSH_ARGMAX // argmax.comp
GLM_PUSH_CONSTANTS(ArgmaxPush) {
    uint count;
    uint out_offset;
}
GLM_PUSH_CONSTANTS_END(pc)
#endif

#ifdef GLM_PUSH_SAMPLE_CANDIDATES // sample_candidates.comp
GLM_PUSH_CONSTANTS(SampleCandidatesPush) {
    uint groups; // groups of pass 1
}
GLM_PUSH_CONSTANTS_END(pc)
#endif

#ifdef __cplusplus
static_assert(sizeof(NormPush) == 8 * 4);
static_assert(sizeof(AttentionPush) == 9 * 4);
static_assert(sizeof(AttentionCombinePush) == 3 * 4);
static_assert(sizeof(RopeKvPush) == 8 * 4);
static_assert(sizeof(EmbedPush) == 6 * 4);
static_assert(sizeof(SwigluPush) == 2 * 4);
static_assert(sizeof(ArgmaxPush) == 2 * 4);
static_assert(sizeof(SampleCandidatesPush) == 1 * 4);
} // namespace glm::shader
#endif
#endif
