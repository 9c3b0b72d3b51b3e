// Weight matrices as the engine stores them on the device (inference/src/models/device_weights.h):
// rows of K elements zero-padded to whole 32-element blocks, row-major, one storage buffer per
// chunk of rows:
//   F32:  K floats per row
//   F16:  K/2 words per row, two halves per word
//   Q8_0: K/4 words of int8 codes per row  + (binding 1) fp16 block scales, K/32 per row
//   Q4_0: K/8 words of nibbles per row     + (binding 1) fp16 block scales, K/32 per row
//         (scale rows padded to an even count so every row starts a 32-bit word)
//         (byte j of a 16-byte block: element j in the low nibble, j+16 in the high one — the
//          GGUF order, kept so quantized bytes can be copied without reshuffling)
// Define one of WEIGHT_F32, WEIGHT_F16, WEIGHT_Q8_0, WEIGHT_Q4_0 before including.
#ifndef GLM_WEIGHTS_GLSL
#define GLM_WEIGHTS_GLSL

#ifdef TEXEL_WEIGHTS
// Weights and scales through uniform texel buffers (R32G32B32A32_UINT / R32_UINT views): CPU
// drivers fetch texels with vector gathers, where storage-buffer loads cost per-lane work.
layout(binding = 0) uniform utextureBuffer w_tex;   // one texel = 16 bytes of a row
layout(binding = 1) uniform utextureBuffer s_tex;   // one texel = two fp16 scales
#define W_DATA4(i) texelFetch(w_tex, int(i))
#define W_SCALE_WORD(i) texelFetch(s_tex, int(i)).x
#else
layout(std430, binding = 0) readonly buffer WeightData { uint w_data[]; };
// The same memory as 16-byte units: one load instead of four (CPU drivers turn every
// non-uniform load into per-lane work, so fewer, wider loads matter there; GPUs like them too).
layout(std430, binding = 0) readonly buffer WeightData4 { uvec4 w_data4[]; };
#define W_DATA4(i) w_data4[i]
#define W_SCALE_WORD(i) w_scales[i]
#endif
#ifndef TEXEL_WEIGHTS
layout(std430, binding = 1) readonly buffer WeightScales { uint w_scales[]; };
#endif

#if defined(WEIGHT_F32)
const uint WORDS_PER_BLOCK = 32;
#elif defined(WEIGHT_F16)
const uint WORDS_PER_BLOCK = 16;
#elif defined(WEIGHT_Q8_0)
const uint WORDS_PER_BLOCK = 8;
#elif defined(WEIGHT_Q4_0)
const uint WORDS_PER_BLOCK = 4;
#else
#error "define a WEIGHT_* type"
#endif

float block_scale(uint row, uint block, uint blocks_per_row) {
#if defined(WEIGHT_Q8_0) || defined(WEIGHT_Q4_0)
    uint s = row * ((blocks_per_row + 1u) & ~1u) + block; // each row's scales start a word
    return half_at(W_SCALE_WORD(s >> 1), s & 1u);
#else
    return 1.0;
#endif
}

// The 32 weights of one block, dequantized (without the block scale) into 8 vec4:
// out[i] holds elements 4i..4i+3.
void load_block(uint row, uint block, uint blocks_per_row, out vec4 w[8]) {
    const uint base4 = (row * blocks_per_row + block) * (WORDS_PER_BLOCK / 4);
#if defined(WEIGHT_F32)
    [[unroll]] for (uint i = 0; i < 8; ++i) w[i] = uintBitsToFloat(W_DATA4(base4 + i));
#elif defined(WEIGHT_F16)
    [[unroll]] for (uint i = 0; i < 4; ++i) {
        const uvec4 q = W_DATA4(base4 + i);
        w[2 * i] = vec4(unpackHalf2x16(q.x), unpackHalf2x16(q.y));
        w[2 * i + 1] = vec4(unpackHalf2x16(q.z), unpackHalf2x16(q.w));
    }
#elif defined(WEIGHT_Q8_0)
    [[unroll]] for (uint i = 0; i < 2; ++i) {
        const ivec4 q = ivec4(W_DATA4(base4 + i));
        [[unroll]] for (uint j = 0; j < 4; ++j)
            w[4 * i + j] = vec4(bitfieldExtract(q[j], 0, 8), bitfieldExtract(q[j], 8, 8), bitfieldExtract(q[j], 16, 8),
                                bitfieldExtract(q[j], 24, 8));
    }
#elif defined(WEIGHT_Q4_0)
    const uvec4 q4 = W_DATA4(base4);
    [[unroll]] for (uint i = 0; i < 4; ++i) {
        const uint q = q4[i];
        w[i] = vec4(q & 15u, (q >> 8) & 15u, (q >> 16) & 15u, (q >> 24) & 15u) - 8.0;
        w[i + 4] = vec4((q >> 4) & 15u, (q >> 12) & 15u, (q >> 20) & 15u, q >> 28) - 8.0;
    }
#endif
}

#endif
