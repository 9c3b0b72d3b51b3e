// The official ChatGLM weight-only INT4/INT8 format (quantization.py of chatglm-6b-int4/-int8,
// docs/architectures.md#official-int4int8-weights): one fp16 scale per output row, symmetric signed
// codes, weight = code * scale. INT8 rows hold one int8 per element; INT4 rows pack two signed
// nibbles per byte, element 2j in the HIGH nibble of byte j and element 2j+1 in the low nibble.
//
// Because every official row shares one scale, it maps onto GGUF blocks without loss: each
// block's d is the row's scale and the codes are copied (Q8_0) or shifted by +8 and re-packed
// into Q4_0's nibble order (element j low, j+16 high).
#pragma once

#include "glm/tensor_type.h"

#include <cstddef>
#include <cstdint>

namespace glm::quant {

// Bytes of one official row of `n` elements.
inline size_t official_row_bytes(int bits, size_t n) {
    return bits == 4 ? n / 2 : n;
}

// The exact dequantized values code * scale (exact in float: an 11-bit scale times a code of at
// most 8 bits). `scale` is the fp16 bit pattern.
void official_row_to_float(int bits, const uint8_t* codes, uint16_t scale, size_t n, float* dst);

// True when `bits`-bit official rows convert to `type` without changing any value.
bool official_is_lossless(int bits, TensorType type) noexcept;

// Re-packs one row (n a multiple of 32) into Q4_0 (bits 4) or Q8_0 (bits 4 or 8) blocks,
// losslessly. Throws glm::Error(InvalidArgument) for other combinations.
void official_row_to_blocks(int bits, const uint8_t* codes, uint16_t scale, size_t n,
                            TensorType type, void* dst);

} // namespace glm::quant
