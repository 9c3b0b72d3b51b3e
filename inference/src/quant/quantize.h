// Row quantizers and dequantizers for the GGUF block formats, matching ggml's reference
// quantizers byte for byte (tests/inference/tst_quantize.cpp checks the published vectors).
//
// Q8_0 block (34 bytes): d = max|x| / 127 as fp16, then 32 × int8 round(x / d).
// Q4_0 block (18 bytes): v = the element of largest magnitude (sign kept), d = v / -8 as fp16,
//   q = min(15, trunc(x / d + 8.5)); byte j holds element j (low nibble) and j + 16 (high).
#pragma once

#include "glm/tensor_type.h"

#include <cstddef>
#include <cstdint>

namespace glm::quant {

// Converts `n` floats (n a multiple of the block size) into `dst` (row_bytes(type, n) bytes).
void quantize_row(TensorType type, const float* src, size_t n, void* dst);
// The inverse: `n` elements of `type` to floats. Supports F32, F16, BF16, Q4_0, Q8_0.
void dequantize_row(TensorType type, const void* src, size_t n, float* dst);

// Converts n elements between any supported source type and F32/F16/Q4_0/Q8_0 destination,
// through float. `scratch` must hold n floats when neither side is F32.
void convert_row(TensorType src_type, const void* src, TensorType dst_type, void* dst, size_t n, float* scratch);

} // namespace glm::quant
