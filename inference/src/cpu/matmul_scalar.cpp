// The portable path: plain C++ for any CPU, and the definition the vector paths match (the
// quantized products use the same integer dot products, so all paths agree to float rounding).
#include "cpu/matmul_paths.h"
#include "quant/fp16.h"

#include <cmath>
#include <cstring>
#include <vector>

namespace glm::cpu::detail {

namespace {

// Round to nearest, ties to even (the vector paths' cvtps2dq), without calling libm: adding
// 1.5 · 2^23 leaves no fraction bits in a float of magnitude below 2^22.
int8_t round_to_int8(float v) {
    const float magic = 12582912.0f;
    const float r = (v + magic) - magic;
    if (!(r == r)) return 0; // NaN (from an infinite input)
    return int8_t(r > 127.0f ? 127 : r < -127.0f ? -127 : int(r));
}

float load_fp16(const uint8_t* p) {
    uint16_t h;
    std::memcpy(&h, p, 2);
    return fp16_to_fp32(h);
}

// The weights of one row as floats.
void widen_row(TensorType type, const uint8_t* src, uint32_t n, float* dst) {
    for (uint32_t k = 0; k < n; ++k) {
        uint16_t h;
        switch (type) {
        case TensorType::F32:
            std::memcpy(dst + k, src + 4 * size_t(k), 4);
            break;
        case TensorType::F16:
            std::memcpy(&h, src + 2 * size_t(k), 2);
            dst[k] = fp16_to_fp32(h);
            break;
        default:
            std::memcpy(&h, src + 2 * size_t(k), 2);
            dst[k] = bf16_to_fp32(h);
            break;
        }
    }
}

// The quantized weights of one row as signed integers and one scale per block.
void unpack_row(TensorType type, const uint8_t* src, uint32_t blocks, int8_t* q, float* scales) {
    for (uint32_t b = 0; b < blocks; ++b, q += 32) {
        scales[b] = load_fp16(src);
        if (type == TensorType::Q4_0) {
            for (int j = 0; j < 16; ++j) {
                q[j] = int8_t((src[2 + j] & 0x0f) - 8);
                q[j + 16] = int8_t((src[2 + j] >> 4) - 8);
            }
            src += 18;
        } else {
            std::memcpy(q, src + 2, 32);
            src += 34;
        }
    }
}

void tile_float(const MatmulJob& job, uint32_t r0, uint32_t r1, uint32_t t0, uint32_t t1) {
    const uint32_t cols = job.W.cols, rows = job.W.rows;
    thread_local std::vector<float> w;
    w.resize(cols);
    for (uint32_t r = r0; r < r1; ++r) {
        widen_row(job.W.type, job.W.data + r * job.row_bytes, cols, w.data());
        for (uint32_t t = t0; t < t1; ++t) {
            const float* x = job.x + size_t(t) * cols;
            float sum[4] = {0, 0, 0, 0}; // four chains: the compiler may vectorise them
            uint32_t k = 0;
            for (; k + 4 <= cols; k += 4)
                for (int i = 0; i < 4; ++i) sum[i] += w[k + i] * x[k + i];
            for (; k < cols; ++k) sum[0] += w[k] * x[k];
            const float s = (sum[0] + sum[1]) + (sum[2] + sum[3]);
            job.y[size_t(t) * rows + r] = s + (job.bias ? job.bias[r] : 0.0f);
        }
    }
}

void tile_quantized(const MatmulJob& job, uint32_t r0, uint32_t r1, uint32_t t0, uint32_t t1) {
    const uint32_t blocks = job.W.cols / 32, rows = job.W.rows;
    thread_local std::vector<int8_t> q;
    thread_local std::vector<float> scales;
    q.resize(size_t(blocks) * 32);
    scales.resize(blocks);
    for (uint32_t r = r0; r < r1; ++r) {
        unpack_row(job.W.type, job.W.data + r * job.row_bytes, blocks, q.data(), scales.data());
        for (uint32_t t = t0; t < t1; ++t) {
            const ActivationBlock* x = job.xq + size_t(t) * blocks;
            float sum = 0;
            for (uint32_t b = 0; b < blocks; ++b) {
                int32_t dot = 0;
                for (int j = 0; j < 32; ++j) dot += int32_t(q[b * 32 + j]) * x[b].q[j];
                sum += scales[b] * x[b].scale * float(dot);
            }
            job.y[size_t(t) * rows + r] = sum + (job.bias ? job.bias[r] : 0.0f);
        }
    }
}

} // namespace

void matmul_tile_scalar(const MatmulJob& job, uint32_t r0, uint32_t r1, uint32_t t0, uint32_t t1) {
    if (job.W.type == TensorType::Q4_0 || job.W.type == TensorType::Q8_0)
        tile_quantized(job, r0, r1, t0, t1);
    else
        tile_float(job, r0, r1, t0, t1);
}

void quantize_activation_scalar(const float* x, uint32_t n, ActivationBlock* out, int32_t* sums) {
    for (uint32_t b = 0; b < n / 32; ++b, x += 32) {
        float amax = 0;
        for (int j = 0; j < 32; ++j) amax = std::fmax(amax, std::fabs(x[j]));
        const float d = amax / 127.0f;
        const float id = d != 0.0f ? 1.0f / d : 0.0f;
        out[b].scale = d;
        int32_t sum = 0;
        for (int j = 0; j < 32; ++j) sum += out[b].q[j] = round_to_int8(x[j] * id);
        if (sums) sums[b] = sum;
    }
}

} // namespace glm::cpu::detail
