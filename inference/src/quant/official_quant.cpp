#include "quant/official_quant.h"

#include "glm/error.h"
#include "quant/fp16.h"

#include <cstring>
#include <string>

namespace glm::quant {

namespace {

// Signed code of element i of a row.
inline int code_at(int bits, const uint8_t* codes, size_t i) {
    if (bits == 8) return int(int8_t(codes[i]));
    const uint8_t b = codes[i / 2];
    const uint8_t nibble = (i % 2 == 0) ? uint8_t(b >> 4) : uint8_t(b & 0x0f);
    return nibble >= 8 ? int(nibble) - 16 : int(nibble);
}

} // namespace

void official_row_to_float(int bits, const uint8_t* codes, uint16_t scale, size_t n, float* dst) {
    const float s = fp16_to_fp32(scale);
    for (size_t i = 0; i < n; ++i) dst[i] = float(code_at(bits, codes, i)) * s;
}

bool official_is_lossless(int bits, TensorType type) noexcept {
    return (type == TensorType::Q8_0 && (bits == 4 || bits == 8)) ||
           (type == TensorType::Q4_0 && bits == 4) || type == TensorType::F32;
}

void official_row_to_blocks(int bits, const uint8_t* codes, uint16_t scale, size_t n,
                            TensorType type, void* dst) {
    if ((type != TensorType::Q4_0 && type != TensorType::Q8_0) ||
        !official_is_lossless(bits, type) || n % 32)
        throw Error(ErrorKind::InvalidArgument, "official INT" + std::to_string(bits) +
                                                    " rows cannot be re-packed as " +
                                                    to_string(type) + " without loss");
    auto* out = static_cast<uint8_t*>(dst);
    for (size_t b = 0; b < n / 32; ++b) {
        const size_t base = b * 32;
        std::memcpy(out, &scale, 2);
        if (type == TensorType::Q8_0) {
            for (size_t j = 0; j < 32; ++j)
                out[2 + j] = uint8_t(int8_t(code_at(bits, codes, base + j)));
            out += 34;
        } else {
            for (size_t j = 0; j < 16; ++j) {
                const int lo = code_at(bits, codes, base + j) + 8;
                const int hi = code_at(bits, codes, base + 16 + j) + 8;
                out[2 + j] = uint8_t(lo | (hi << 4));
            }
            out += 18;
        }
    }
}

} // namespace glm::quant
