// Fast fp16 -> fp32 row conversion through a 64 Ki-entry table built from fp16_to_fp32 itself, so
// results are identical to the scalar conversion (checked for all 65536 values in the tests). The
// converter spends most of its time here on fp16 checkpoints.
#pragma once

#include <cstddef>

namespace glm::quant {

// `src` holds n little-endian fp16 values (any alignment).
void fp16_row_to_fp32(const void* src, size_t n, float* dst);

} // namespace glm::quant
