#include "models/rope_table.h"

#include "glm/architecture.h"
#include "quant/fp16.h"

#include <cmath>

namespace glm {

std::vector<float> build_rope_table(const ModelConfig& c, uint32_t positions) {
    const uint32_t R = c.rope_dims, pairs = R / 2;
    std::vector<float> inv_freq(pairs);
    for (uint32_t i = 0; i < pairs; ++i) {
        // 1 / base^(2i/R), as torch computes it in fp32
        float f = 1.0f / std::pow(c.rope_base, float(2 * i) / float(R));
        if (c.architecture().rotary == RotaryKind::TwoBlockRotateHalf)
            f = fp16_to_fp32(fp32_to_fp16(f));
        inv_freq[i] = f;
    }
    std::vector<float> table(size_t(positions) * pairs * 2);
    for (uint32_t p = 0; p < positions; ++p)
        for (uint32_t i = 0; i < pairs; ++i) {
            const float angle = float(p) * inv_freq[i]; // fp32 product, like the reference
            table[(size_t(p) * pairs + i) * 2] = float(std::cos(double(angle)));
            table[(size_t(p) * pairs + i) * 2 + 1] = float(std::sin(double(angle)));
        }
    return table;
}

} // namespace glm
