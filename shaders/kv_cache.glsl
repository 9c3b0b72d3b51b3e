// The KV cache element type. Layout per layer: [kv_head][position][row of KV_ROW_WORDS(D) words].
//   fp16 (default): two dimensions packed per 32-bit word.
//   fp32 (define KV_F32; for exact conformance checks): one vec2 per dimension pair.
//   q8 (define KV_Q8; long contexts at 0.56x the memory of fp16): D/4 words of four int8 values,
//     then D/32 fp32 scales, one per block of 32 dimensions (value = int8 * scale; D is a
//     multiple of 32).
// KV_LOAD(buf, row, i, D) reads dimensions 2i and 2i + 1 of the row starting at word `row`;
// KV_VALUE(buf, row, d, D) reads dimension d.
#ifndef GLM_KV_CACHE_GLSL
#define GLM_KV_CACHE_GLSL

#if defined(KV_F32)
#define KV_WORD vec2
#define KV_ROW_WORDS(D) ((D) / 2u)
#define KV_PACK(v) (v)
#define KV_LOAD(buf, row, i, D) (buf[(row) + (i)])
#define KV_VALUE(buf, row, d, D) (buf[(row) + (d) / 2u][(d) & 1u])
#elif defined(KV_Q8)
#define KV_WORD uint
#define KV_ROW_WORDS(D) ((D) / 4u + (D) / 32u)
vec2 kv_q8_pair(uint word, uint scale_bits, uint i) {
    const int shift = int((i & 1u) * 16u);
    return vec2(float(bitfieldExtract(int(word), shift, 8)), float(bitfieldExtract(int(word), shift + 8, 8))) *
           uintBitsToFloat(scale_bits);
}
#define KV_LOAD(buf, row, i, D) kv_q8_pair(buf[(row) + (i) / 2u], buf[(row) + (D) / 4u + (i) / 16u], (i))
#define KV_VALUE(buf, row, d, D)                                                                 \
    (float(bitfieldExtract(int(buf[(row) + (d) / 4u]), int(((d) & 3u) * 8u), 8)) *                 \
     uintBitsToFloat(buf[(row) + (D) / 4u + (d) / 32u]))
#else
#define KV_WORD uint
#define KV_ROW_WORDS(D) ((D) / 2u)
#define KV_PACK(v) packHalf2x16(v)
#define KV_LOAD(buf, row, i, D) unpackHalf2x16(buf[(row) + (i)])
#define KV_VALUE(buf, row, d, D) (unpackHalf2x16(buf[(row) + (d) / 2u])[(d) & 1u])
#endif

#endif
