// Tensor element types, numbered as in GGUF/ggml so files interoperate.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace glm {

enum class TensorType : uint32_t {
    F32 = 0,
    F16 = 1,
    Q4_0 = 2, // blocks of 32: fp16 scale + 16 bytes of nibbles (18 bytes)
    Q8_0 = 8, // blocks of 32: fp16 scale + 32 int8 (34 bytes)
    BF16 = 30,
};

const char* to_string(TensorType t) noexcept;
// "f32", "F16", "q4_0", ... (case-insensitive); nullopt if unknown.
std::optional<TensorType> tensor_type_from_string(std::string_view s);
// A type this engine can store and compute with (F32, F16, Q4_0, Q8_0).
bool is_supported(TensorType t) noexcept;
// Elements per block (1 for plain types) and bytes per block.
uint32_t block_elements(TensorType t) noexcept;
uint32_t block_bytes(TensorType t) noexcept;
// Bytes of a row of `n` elements; n must be a multiple of block_elements(t).
uint64_t row_bytes(TensorType t, uint64_t n) noexcept;

} // namespace glm
