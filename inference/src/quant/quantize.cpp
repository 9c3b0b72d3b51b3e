#include "quant/quantize.h"

#include "glm/error.h"
#include "quant/fp16.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <vector>

namespace glm {

const char* to_string(TensorType t) noexcept {
    switch (t) {
    case TensorType::F32: return "F32";
    case TensorType::F16: return "F16";
    case TensorType::Q4_0: return "Q4_0";
    case TensorType::Q8_0: return "Q8_0";
    case TensorType::BF16: return "BF16";
    }
    return "unknown";
}

std::optional<TensorType> tensor_type_from_string(std::string_view s) {
    std::string l(s);
    std::transform(l.begin(), l.end(), l.begin(), [](unsigned char c) { return char(std::tolower(c)); });
    if (l == "f32") return TensorType::F32;
    if (l == "f16") return TensorType::F16;
    if (l == "q4_0") return TensorType::Q4_0;
    if (l == "q8_0") return TensorType::Q8_0;
    if (l == "bf16") return TensorType::BF16;
    return std::nullopt;
}

bool is_supported(TensorType t) noexcept {
    return t == TensorType::F32 || t == TensorType::F16 || t == TensorType::Q4_0 || t == TensorType::Q8_0;
}

uint32_t block_elements(TensorType t) noexcept {
    return (t == TensorType::Q4_0 || t == TensorType::Q8_0) ? 32 : 1;
}

uint32_t block_bytes(TensorType t) noexcept {
    switch (t) {
    case TensorType::F32: return 4;
    case TensorType::F16:
    case TensorType::BF16: return 2;
    case TensorType::Q4_0: return 18;
    case TensorType::Q8_0: return 34;
    }
    return 0;
}

uint64_t row_bytes(TensorType t, uint64_t n) noexcept { return n / block_elements(t) * block_bytes(t); }

namespace quant {

namespace {

void store_u16(uint8_t* p, uint16_t v) { std::memcpy(p, &v, 2); }
uint16_t load_u16(const uint8_t* p) {
    uint16_t v;
    std::memcpy(&v, p, 2);
    return v;
}

void quantize_q8_0(const float* x, size_t n, uint8_t* out) {
    for (size_t b = 0; b < n / 32; ++b, x += 32, out += 34) {
        float amax = 0;
        for (int j = 0; j < 32; ++j) amax = std::max(amax, std::fabs(x[j]));
        const float d = amax / 127.0f;
        const float id = d != 0 ? 1.0f / d : 0.0f;
        store_u16(out, fp32_to_fp16(d));
        for (int j = 0; j < 32; ++j) out[2 + j] = uint8_t(int8_t(std::roundf(x[j] * id)));
    }
}

void quantize_q4_0(const float* x, size_t n, uint8_t* out) {
    for (size_t b = 0; b < n / 32; ++b, x += 32, out += 18) {
        float amax = 0, max = 0;
        for (int j = 0; j < 32; ++j)
            if (std::fabs(x[j]) > amax) {
                amax = std::fabs(x[j]);
                max = x[j];
            }
        const float d = max / -8.0f;
        const float id = d != 0 ? 1.0f / d : 0.0f;
        store_u16(out, fp32_to_fp16(d));
        for (int j = 0; j < 16; ++j) {
            const uint8_t lo = uint8_t(std::min<int>(15, int(int8_t(x[j] * id + 8.5f))));
            const uint8_t hi = uint8_t(std::min<int>(15, int(int8_t(x[16 + j] * id + 8.5f))));
            out[2 + j] = uint8_t(lo | (hi << 4));
        }
    }
}

} // namespace

void quantize_row(TensorType type, const float* src, size_t n, void* dst) {
    auto* out = static_cast<uint8_t*>(dst);
    if (n % block_elements(type))
        throw Error(ErrorKind::InvalidArgument, std::string("a row of ") + std::to_string(n) +
                                                    " elements cannot be stored as " + to_string(type) +
                                                    " (needs a multiple of 32)");
    switch (type) {
    case TensorType::F32: std::memcpy(out, src, n * 4); return;
    case TensorType::F16:
        for (size_t i = 0; i < n; ++i) store_u16(out + 2 * i, fp32_to_fp16(src[i]));
        return;
    case TensorType::BF16:
        for (size_t i = 0; i < n; ++i) store_u16(out + 2 * i, fp32_to_bf16(src[i]));
        return;
    case TensorType::Q8_0: quantize_q8_0(src, n, out); return;
    case TensorType::Q4_0: quantize_q4_0(src, n, out); return;
    }
    throw Error(ErrorKind::InvalidArgument, "cannot quantize to this type");
}

void dequantize_row(TensorType type, const void* src, size_t n, float* dst) {
    const auto* in = static_cast<const uint8_t*>(src);
    switch (type) {
    case TensorType::F32: std::memcpy(dst, in, n * 4); return;
    case TensorType::F16:
        for (size_t i = 0; i < n; ++i) dst[i] = fp16_to_fp32(load_u16(in + 2 * i));
        return;
    case TensorType::BF16:
        for (size_t i = 0; i < n; ++i) dst[i] = bf16_to_fp32(load_u16(in + 2 * i));
        return;
    case TensorType::Q8_0:
        for (size_t b = 0; b < n / 32; ++b, in += 34) {
            const float d = fp16_to_fp32(load_u16(in));
            for (int j = 0; j < 32; ++j) dst[b * 32 + j] = float(int8_t(in[2 + j])) * d;
        }
        return;
    case TensorType::Q4_0:
        for (size_t b = 0; b < n / 32; ++b, in += 18) {
            const float d = fp16_to_fp32(load_u16(in));
            for (int j = 0; j < 16; ++j) {
                dst[b * 32 + j] = float(int(in[2 + j] & 0x0f) - 8) * d;
                dst[b * 32 + 16 + j] = float(int(in[2 + j] >> 4) - 8) * d;
            }
        }
        return;
    }
    throw Error(ErrorKind::InvalidArgument, "cannot dequantize this type");
}

void convert_row(TensorType src_type, const void* src, TensorType dst_type, void* dst, size_t n, float* scratch) {
    if (src_type == dst_type) {
        std::memcpy(dst, src, row_bytes(src_type, n));
        return;
    }
    if (src_type == TensorType::F32) {
        quantize_row(dst_type, static_cast<const float*>(src), n, dst);
    } else if (dst_type == TensorType::F32) {
        dequantize_row(src_type, src, n, static_cast<float*>(dst));
    } else {
        dequantize_row(src_type, src, n, scratch);
        quantize_row(dst_type, scratch, n, dst);
    }
}

} // namespace quant
} // namespace glm
