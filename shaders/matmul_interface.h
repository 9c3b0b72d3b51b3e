// The interface of the matrix kernels (matvec.comp, matvec_rows.comp, matmul.comp,
// matmul_coopmat.comp), declared once for the shaders and for MatmulKernel, which both include
// this file: the push constants, the specialization-constant ids and the buffer bindings. The
// C++ side checks the sizes at compile time; tst_kernel_interface checks every compiled module's
// push-constant offsets, constant ids and bindings against the C++ side.
#ifndef GLM_MATMUL_INTERFACE_H
#define GLM_MATMUL_INTERFACE_H

// Specialization-constant ids (0..2 are the workgroup size). Ids 3, 4, 8 and 9 mean what each
// kernel family says; the others mean the same in every family.
#define MATVEC_ID_ROWS 3     // matvec: rows per workgroup
#define MATVEC_ROWS_ID_RPL 3 // matvec_rows: rows per invocation
#define MATMUL_ID_BM 3       // matmul: rows per workgroup tile
#define MATVEC_ID_COLS 4     // matvec, matvec_rows: tokens per pass
#define MATMUL_ID_BN 4       // matmul: tokens per workgroup tile
#define MATMUL_ID_HAS_BIAS 5
#define MATMUL_ID_ACTIVATION 6 // 0 none, 1 GELU (tanh form)
#define MATMUL_ID_HAS_RESIDUAL 7
#define MATVEC_ID_MAX_SUBGROUPS 8  // matvec, matvec_rows: ceil(workgroup / min subgroup size)
#define MATMUL_ID_TM 8             // matmul: rows per invocation
#define MATMUL_ID_TN 9             // matmul: tokens per invocation
#define MATMUL_ID_SWIGLU 10        // mat-vec kernels only
#define MATMUL_ID_ROPE_KV 11       // 0 none, 1 GLM1 rows, 2 GLM2+ rows
#define MATMUL_ID_KV_PAIR_WORDS 12 // 32-bit words per dimension pair in the cache
#define MATMUL_ID_INPUT_NORM 13    // 0 none, 1 RMSNorm, 2 LayerNorm
#define MATMUL_CONSTANT_IDS 14     // ids 0..13

// Buffer bindings of one set. The weights' two (0 and 1) are weights.glsl's, shared with
// embed.comp; the rest are the epilogue's (matmul_epilogue.glsl, matvec_input_norm.glsl).
#define MATMUL_BINDING_WEIGHTS 0
#define MATMUL_BINDING_SCALES 1
#define MATMUL_BINDING_X 2
#define MATMUL_BINDING_Y 3
#define MATMUL_BINDING_BIAS 4
#define MATMUL_BINDING_RESIDUAL 5
#define MATMUL_BINDING_ROPE 6
#define MATMUL_BINDING_STEP 7
#define MATMUL_BINDING_Q 8
#define MATMUL_BINDING_K_CACHE 9
#define MATMUL_BINDING_V_CACHE 10
#define MATMUL_BINDING_NORM_WEIGHT 11
#define MATMUL_BINDING_NORM_BIAS 12
#define MATMUL_BINDINGS 13

#include "interface_common.h"
#ifdef __cplusplus
namespace glm::shader {
#endif

// 32-bit members only: their offsets are the same under C++ and the push-constant layout rules.
GLM_PUSH_CONSTANTS(MatmulPush) {
    uint K;          // elements per weight row (= input features)
    uint rows;       // weight rows in this chunk
    uint tokens;     // activation rows (tokens)
    uint row_offset; // index of this chunk's first row in the full output
    uint x_offset;   // first float of X
    uint x_stride;   // floats from one token to the next in X
    uint y_offset;
    uint y_stride;
    uint res_offset;
    uint res_stride;
    float res_scale;
    // rope_kv only
    uint heads;
    uint kv_heads;
    uint head_dim;
    uint capacity;
    uint rope_rows;
    uint first_token; // of the pass (positions, cache slots and q rows count from the pass)
    float q_scale;
    float norm_eps; // input_norm only (matvec_input_norm.glsl)
}
GLM_PUSH_CONSTANTS_END(pc)

#ifdef __cplusplus
static_assert(sizeof(MatmulPush) == 19 * 4, "MatmulPush holds 19 packed 32-bit members");
} // namespace glm::shader
#endif

#endif
