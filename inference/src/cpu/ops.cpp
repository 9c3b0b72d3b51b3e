#include "cpu/ops.h"

#include "cpu/matmul.h"
#include "glm/architecture.h"
#include "quant/fp16.h"

#include <algorithm>
#include <cmath>
#include <cstring>

namespace glm::cpu {

void rms_norm(const float* x, uint32_t n, const float* weight, float eps, float* y) {
    double ss = 0;
    for (uint32_t i = 0; i < n; ++i) ss += double(x[i]) * x[i];
    const float inv = float(1.0 / std::sqrt(ss / n + eps));
    for (uint32_t i = 0; i < n; ++i) y[i] = x[i] * inv * weight[i];
}

void layer_norm(const float* x, uint32_t n, const float* weight, const float* bias, float eps,
                float* y) {
    double mean = 0;
    for (uint32_t i = 0; i < n; ++i) mean += x[i];
    mean /= n;
    double var = 0;
    for (uint32_t i = 0; i < n; ++i) var += (x[i] - mean) * (x[i] - mean);
    const float inv = float(1.0 / std::sqrt(var / n + eps));
    const float m = float(mean);
    for (uint32_t i = 0; i < n; ++i) y[i] = (x[i] - m) * inv * weight[i] + bias[i];
}

float gelu(float x) {
    return 0.5f * x * (1.0f + std::tanh(0.7978845608028654f * (x + 0.044715f * x * x * x)));
}

float silu(float x) {
    return x / (1.0f + std::exp(-x));
}

void rope(const ModelConfig& c, const float* table, uint32_t table_rows, float* v,
          TokenPosition p) {
    const uint32_t R = c.rope_dims, pairs = R / 2;
    auto angles = [&](uint32_t pos) {
        return table + size_t(std::min(pos, table_rows - 1)) * pairs * 2;
    };
    if (c.architecture().rotary == RotaryKind::TwoBlockRotateHalf) {
        // Two blocks of R (position, block position), each rotating its halves.
        for (uint32_t half = 0; half < 2; ++half) {
            const float* cs = angles(half == 0 ? p.pos : p.block);
            float* x = v + half * R;
            for (uint32_t i = 0; i < pairs; ++i) {
                const float a = x[i], b = x[i + pairs], co = cs[2 * i], si = cs[2 * i + 1];
                x[i] = a * co - b * si;
                x[i + pairs] = b * co + a * si;
            }
        }
    } else {
        const float* cs = angles(p.pos);
        for (uint32_t i = 0; i < pairs; ++i) {
            const float a = v[2 * i], b = v[2 * i + 1], co = cs[2 * i], si = cs[2 * i + 1];
            v[2 * i] = a * co - b * si;
            v[2 * i + 1] = b * co + a * si;
        }
    }
}

void store_kv_row(KvCacheType type, const float* v, uint32_t D, uint8_t* row) {
    switch (type) {
    case KvCacheType::F32:
        std::memcpy(row, v, size_t(D) * 4);
        return;
    case KvCacheType::F16: {
        uint16_t* h = reinterpret_cast<uint16_t*>(row);
        for (uint32_t i = 0; i < D; ++i) h[i] = fp32_to_fp16(v[i]);
        return;
    }
    case KvCacheType::Q8_0: {
        // D int8 values, then one fp32 scale per 32 (kv_cache_row_bytes).
        int8_t* q = reinterpret_cast<int8_t*>(row);
        for (uint32_t b = 0; b < D / 32; ++b) {
            ActivationBlock block;
            quantize_activation(v + b * 32, 32, &block);
            std::memcpy(q + b * 32, block.q, 32);
            std::memcpy(row + D + b * 4, &block.scale, 4);
        }
        return;
    }
    }
}

void store_kv_column(KvCacheType type, const float* v, uint32_t D, uint8_t* head, uint32_t capacity,
                     uint32_t slot) {
    for (uint32_t i = 0; i < D; ++i) {
        const size_t at = size_t(i) * capacity + slot;
        if (type == KvCacheType::F16) {
            const uint16_t h = fp32_to_fp16(v[i]);
            std::memcpy(head + 2 * at, &h, 2);
        } else {
            std::memcpy(head + 4 * at, &v[i], 4);
        }
    }
}

void load_kv_row(KvCacheType type, const uint8_t* row, uint32_t D, float* v) {
    switch (type) {
    case KvCacheType::F32:
        std::memcpy(v, row, size_t(D) * 4);
        return;
    case KvCacheType::F16: {
        const uint16_t* h = reinterpret_cast<const uint16_t*>(row);
        for (uint32_t i = 0; i < D; ++i) v[i] = fp16_to_fp32(h[i]);
        return;
    }
    case KvCacheType::Q8_0: {
        const int8_t* q = reinterpret_cast<const int8_t*>(row);
        for (uint32_t b = 0; b < D / 32; ++b) {
            float scale;
            std::memcpy(&scale, row + D + b * 4, 4);
            for (uint32_t i = 0; i < 32; ++i) v[b * 32 + i] = q[b * 32 + i] * scale;
        }
        return;
    }
    }
}

void softmax_visible(float* scores, uint32_t visible, uint32_t n) {
    float m = -INFINITY;
    for (uint32_t j = 0; j < visible; ++j) m = std::max(m, scores[j]);
    float sum = 0;
    for (uint32_t j = 0; j < visible; ++j) sum += (scores[j] = std::exp(scores[j] - m));
    const float inv = 1.0f / sum;
    for (uint32_t j = 0; j < visible; ++j) scores[j] *= inv;
    std::fill(scores + visible, scores + n, 0.0f);
}

} // namespace glm::cpu
