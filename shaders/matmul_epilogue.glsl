// Shared by matvec.comp and matmul.comp: bindings 2..5 and the output step
//   y = act(acc + bias) + res_scale * residual
// whose parts are switched on by specialization constants, so one dispatch can replace a
// projection, its bias add, GELU, and GLM's (α-scaled) residual connection.
#ifndef GLM_MATMUL_EPILOGUE_GLSL
#define GLM_MATMUL_EPILOGUE_GLSL

// (matvec_rows.comp with X_TEXELS reads binding 2 as a texel buffer instead.)
#ifndef X_TEXELS
layout(std430, binding = 2) readonly buffer X { vec4 x4[]; };
#endif
layout(std430, binding = 3) buffer Y { float y[]; };
layout(std430, binding = 4) readonly buffer Bias { float bias[]; };
layout(std430, binding = 5) readonly buffer Residual { float res[]; };

layout(push_constant) uniform Push {
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
} pc;

layout(constant_id = 5) const uint HAS_BIAS = 0;
layout(constant_id = 6) const uint ACTIVATION = 0; // 0 none, 1 GELU (tanh form)
layout(constant_id = 7) const uint HAS_RESIDUAL = 0;

// GLM2+'s SwiGLU fused into the up-projection (mat-vec kernels only): the device holds the gate
// and up halves of dense_h_to_4h interleaved row by row (gate f in row 2f, up f in row 2f + 1;
// DeviceMatrix::paired_rows), so an even row and the next give output f = silu(gate) * up.
layout(constant_id = 10) const uint SWIGLU = 0;

void store_swiglu(uint gate_row, uint token, float gate, float up) {
    const uint f = (pc.row_offset + gate_row) / 2;
    y[pc.y_offset + token * pc.y_stride + f] = gate / (1.0 + exp(-gate)) * up;
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
