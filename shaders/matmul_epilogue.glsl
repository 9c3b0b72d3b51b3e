// Shared by matvec.comp and matmul.comp: bindings 2..5 and the output step
//   y = act(acc + bias) + res_scale * residual
// whose parts are switched on by specialization constants, so one dispatch can replace a
// projection, its bias add, GELU, and GLM's (α-scaled) residual connection.
#ifndef GLM_MATMUL_EPILOGUE_GLSL
#define GLM_MATMUL_EPILOGUE_GLSL
#include "matmul_interface.h"
#include "step.glsl"

// (matvec_rows.comp with X_TEXELS reads binding 2 as a texel buffer instead.)
#ifndef X_TEXELS
layout(std430, binding = MATMUL_BINDING_X) readonly buffer X { vec4 x4[]; };
#endif
layout(std430, binding = MATMUL_BINDING_Y) buffer Y { float y[]; };
layout(std430, binding = MATMUL_BINDING_BIAS) readonly buffer Bias { float bias[]; };
layout(std430, binding = MATMUL_BINDING_RESIDUAL) readonly buffer Residual { float res[]; };

// Epilogue::rope_kv (the QKV projection of a decode step; mat-vec kernels): bindings 6..10.
layout(std430, binding = MATMUL_BINDING_ROPE) readonly buffer RopeTable { vec2 rope[]; }; // [position][i] = (cos, sin)
layout(std430, binding = MATMUL_BINDING_STEP) readonly buffer Step { uint step[]; };
layout(std430, binding = MATMUL_BINDING_Q) writeonly buffer QOut { float q_out[]; };
layout(std430, binding = MATMUL_BINDING_K_CACHE) writeonly buffer KCache { uint k_cache[]; };
layout(std430, binding = MATMUL_BINDING_V_CACHE) writeonly buffer VCache { uint v_cache[]; };

// The push constants (MatmulPush, as `pc`) are declared in matmul_interface.h.

layout(constant_id = MATMUL_ID_HAS_BIAS) const uint HAS_BIAS = 0;
layout(constant_id = MATMUL_ID_ACTIVATION) const uint ACTIVATION = 0; // 0 none, 1 GELU (tanh form)
layout(constant_id = MATMUL_ID_HAS_RESIDUAL) const uint HAS_RESIDUAL = 0;

// GLM2+'s SwiGLU fused into the up-projection (mat-vec kernels only): the device holds the gate
// and up halves of dense_h_to_4h interleaved row by row (gate f in row 2f, up f in row 2f + 1;
// DeviceMatrix::paired_rows), so an even row and the next give output f = silu(gate) * up.
layout(constant_id = MATMUL_ID_SWIGLU) const uint SWIGLU = 0;

void store_swiglu(uint gate_row, uint token, float gate, float up) {
    const uint f = (pc.row_offset + gate_row) / 2;
    y[pc.y_offset + token * pc.y_stride + f] = gate / (1.0 + exp(-gate)) * up;
}

// Rotary embedding and the KV-cache write fused into the QKV projection (what rope_kv.comp does
// after it): rows come in adjacent rotary pairs (GLM1: DeviceMatrix::rotary_pairs; GLM2+: as
// stored), so an even row and the next hold one pair of a query, key or value head.
//   ROPE_KV 1: GLM1 rows, [q|k|v] per head, both halves rotated (by position, block position);
//           2: GLM2+ rows, [all q | all k | all v], the first half rotated by the position.
//   KV_PAIR_WORDS: 32-bit words per dimension pair in the cache (1: fp16, 2: fp32).
layout(constant_id = MATMUL_ID_ROPE_KV) const uint ROPE_KV = 0;
layout(constant_id = MATMUL_ID_KV_PAIR_WORDS) const uint KV_PAIR_WORDS = 1;

void store_rope_kv(uint pair_row, uint token, float a, float b) {
    const uint r = pc.row_offset + pair_row, D = pc.head_dim, R = D / 2;
    if (HAS_BIAS != 0) {
        a += bias[r];
        b += bias[r + 1];
    }
    uint section, head, j; // section 0 q, 1 k, 2 v; j: the pair's first dimension in its head
    if (ROPE_KV == 1) {
        head = r / (3 * D);
        section = (r % (3 * D)) / D;
        j = r % D;
    } else {
        const uint qk = pc.heads * D, kv = pc.kv_heads * D;
        section = r < qk ? 0 : r < qk + kv ? 1 : 2;
        const uint at = section == 0 ? r : section == 1 ? r - qk : r - qk - kv;
        head = at / D;
        j = at % D;
    }
    const uint t = pc.first_token + token;
    if (section < 2 && (ROPE_KV == 1 || j < R)) {
        const uint p = min(step[STEP_POSITIONS + 2 * t + (j < R ? 0 : 1)], pc.rope_rows - 1);
        const vec2 cs = rope[p * (R / 2) + (j % R) / 2];
        const float ra = a * cs.x - b * cs.y, rb = b * cs.x + a * cs.y;
        a = ra;
        b = rb;
    }
    if (section == 0) {
        q_out[(t * pc.heads + head) * D + j] = a * pc.q_scale;
        q_out[(t * pc.heads + head) * D + j + 1] = b * pc.q_scale;
        return;
    }
    const uint slot = step[STEP_PAST] + t;
    if (slot >= pc.capacity) return;
    const uint w = ((head * pc.capacity + slot) * (D / 2) + j / 2) * KV_PAIR_WORDS;
    if (KV_PAIR_WORDS == 1) {
        if (section == 1) k_cache[w] = packHalf2x16(vec2(a, b));
        else v_cache[w] = packHalf2x16(vec2(a, b));
    } else if (section == 1) {
        k_cache[w] = floatBitsToUint(a);
        k_cache[w + 1] = floatBitsToUint(b);
    } else {
        v_cache[w] = floatBitsToUint(a);
        v_cache[w + 1] = floatBitsToUint(b);
    }
}

// The epilogues that need two adjacent rows (the even one first) of one output.
const bool PAIRED_ROWS = SWIGLU != 0 || ROPE_KV != 0;
void store_pair(uint row, uint token, float a, float b) {
    if (SWIGLU != 0) store_swiglu(row, token, a, b);
    else store_rope_kv(row, token, a, b);
}

void store_output(uint row, uint token, float acc) {
    const uint out_row = pc.row_offset + row;
    float v = acc;
    if (HAS_BIAS != 0) v += bias[out_row];
    if (ACTIVATION == 1) v = gelu_tanh(v);
    if (HAS_RESIDUAL != 0) v += pc.res_scale * res[pc.res_offset + token * pc.res_stride + out_row];
    y[pc.y_offset + token * pc.y_stride + out_row] = v;
}

#endif
