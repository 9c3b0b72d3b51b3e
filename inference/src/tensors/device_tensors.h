// Model tensors on the device. Matrices are stored row-chunked (never one buffer larger than
// the device lets a shader bind) and, for the quantized types, split into a codes buffer and
// a separate fp16 scale buffer so kernels make aligned 32-bit loads (the GGUF block interleaves
// an 18- or 34-byte block's scale with its codes). Rows are zero-padded to whole 32-element
// blocks. See shaders/weights.glsl for the exact layout the kernels read.
#pragma once

#include "glm/tensor_type.h"
#include "vulkan/memory.h"
#include "vulkan/texel_view.h"

#include <cstdint>
#include <functional>
#include <span>
#include <string>
#include <vector>

namespace glm {

namespace vk {
class Device;
}

struct MatrixChunk {
    vk::Buffer data;
    vk::Buffer scales; // quantized types only
    uint64_t first_row = 0;
    uint64_t rows = 0;
    // Texel views of data (16-byte texels) and scales (32-bit texels), where the device can
    // read them so; the CPU-driver kernels use them (KernelConfig::texel_weights).
    vk::TexelView data_texels, scale_texels;
};

struct DeviceMatrix {
    std::string name;
    TensorType type = TensorType::F32;
    uint64_t rows = 0;
    uint64_t cols = 0; // K: elements per row (before padding)
    // GLM2+'s dense_h_to_4h: the gate half (source rows 0..F) and the up half (F..2F) are stored
    // interleaved, gate f in device row 2f and up f in 2f + 1, so one mat-vec invocation holds
    // both rows of an output and can apply SwiGLU itself (Epilogue::swiglu). Chunks then start
    // on even rows (they hold multiples of 64 rows).
    bool paired_rows = false;
    // GLM1's query_key_value: within each head's query and key rows, the rotate-half partners of
    // each rotary half (dimensions i and i + R/2 of a half of R = head_dim / 2) are stored as
    // adjacent rows 2i, 2i + 1 (RowOrder::Glm1RotaryPairs), so the projection's epilogue can
    // rotate them (Epilogue::rope_kv). Queries and keys keep this order on the device, in the KV
    // cache too: attention only takes their dot products, which the same permutation of both
    // leaves unchanged. Values keep their order.
    bool rotary_pairs = false;
    std::vector<MatrixChunk> chunks;
    uint64_t device_bytes() const;
};

struct DeviceVector {
    vk::Buffer buffer;
    uint64_t size = 0; // floats
};

// Words (uint32) of one device row of K elements, and fp16 scales per row.
uint64_t device_row_words(TensorType type, uint64_t k);
uint64_t scales_per_row(TensorType type, uint64_t k);
// Scales of one row are stored at a stride rounded up to even, so each row starts a 32-bit word.
uint64_t scale_row_stride(TensorType type, uint64_t k);

// A tensor's bytes as the uploads read them: `read(offset, dst, n)` copies n bytes from
// `offset`. Model files are read with positional reads (MappedFile::read), so a file that shrinks
// while it loads is an error rather than a SIGBUS from its mapping.
struct TensorBytes {
    uint64_t size = 0;
    std::function<void(uint64_t offset, void* dst, size_t n)> read;
    static TensorBytes of(std::span<const uint8_t> bytes);
};

// The order in which a matrix's rows (or a vector's elements) are stored on the device.
struct RowOrder {
    enum Kind : uint8_t {
        Natural,
        PairedHalves,    // DeviceMatrix::paired_rows: source row f of each half -> 2f, 2f + 1
        Glm1RotaryPairs, // DeviceMatrix::rotary_pairs, for GLM1's [q|k|v]-per-head rows
    } kind = Natural;
    uint32_t head_dim = 0; // Glm1RotaryPairs
    // The source row that device row r of `rows` holds.
    uint64_t source_row(uint64_t r, uint64_t rows) const;
    // Empty when `rows` can be stored in this order; else what is wrong.
    std::string check(uint64_t rows) const;
};

// Uploads a [rows × k] matrix given in GGUF row format (`data`: rows × row_bytes(type, k)),
// its rows stored in `order`. `max_chunk_bytes` (0: device limit) lets tests force splitting.
DeviceMatrix upload_matrix(vk::Device& device, const std::string& name, TensorType type,
                           uint64_t rows, uint64_t k, const TensorBytes& data,
                           uint64_t max_chunk_bytes = 0, RowOrder order = {});
inline DeviceMatrix upload_matrix(vk::Device& device, const std::string& name, TensorType type,
                                  uint64_t rows, uint64_t k, std::span<const uint8_t> data,
                                  uint64_t max_chunk_bytes = 0, RowOrder order = {}) {
    return upload_matrix(device, name, type, rows, k, TensorBytes::of(data), max_chunk_bytes,
                         order);
}
// Converts any supported GGUF vector to fp32 on the device, its elements stored in `order`.
DeviceVector upload_vector(vk::Device& device, const std::string& name, TensorType type, uint64_t n,
                           std::span<const uint8_t> data, RowOrder order = {});
DeviceVector upload_floats(vk::Device& device, const std::string& name,
                           std::span<const float> values);

} // namespace glm
