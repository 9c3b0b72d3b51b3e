// The KV cache element type: fp16 (default; two dimensions packed per 32-bit word) or fp32
// (define KV_F32; for exact conformance checks). Layout per layer: [kv_head][position][pair].
#ifndef GLM_KV_CACHE_GLSL
#define GLM_KV_CACHE_GLSL

#ifdef KV_F32
#define KV_WORD vec2
#define KV_PACK(v) (v)
#define KV_UNPACK(w) (w)
#else
#define KV_WORD uint
#define KV_PACK(v) packHalf2x16(v)
#define KV_UNPACK(w) unpackHalf2x16(w)
#endif

#endif
