#include "quant/fp16_rows.h"

#include "quant/fp16.h"

#include <cstdint>
#include <cstring>
#include <vector>

namespace glm::quant {

namespace {
const float* table() {
    static const std::vector<float> t = [] {
        std::vector<float> v(65536);
        for (uint32_t h = 0; h < 65536; ++h) v[h] = fp16_to_fp32(uint16_t(h));
        return v;
    }();
    return t.data();
}
} // namespace

void fp16_row_to_fp32(const void* src, size_t n, float* dst) {
    const float* t = table();
    const auto* in = static_cast<const uint8_t*>(src);
    for (size_t i = 0; i < n; ++i) {
        uint16_t h;
        std::memcpy(&h, in + 2 * i, 2);
        dst[i] = t[h];
    }
}

} // namespace glm::quant
