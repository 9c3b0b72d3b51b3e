// A tensor as a checkpoint stores it: name, element type, PyTorch shape and where its bytes lie in
// the file. The checkpoint readers (PyTorch zip, safetensors) produce these from the file's
// headers alone; tensor data is only touched when a converter streams it.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace glm {

// Element types of checkpoint tensors. Readers know all of them (so a file with an int64 buffer
// still parses); what a converter accepts is its own decision.
enum class SourceDType : uint8_t { F16, BF16, F32, F64, I8, U8, I16, I32, I64, Bool };

const char* to_string(SourceDType t) noexcept; // "float16", "bfloat16", "float32", ..., "int8"
uint32_t element_size(SourceDType t) noexcept;

struct SourceTensor {
    std::string name;
    SourceDType dtype = SourceDType::F32;
    std::vector<uint64_t> shape; // PyTorch order: shape.back() is the row length
    uint64_t offset = 0;         // byte offset of the first element in the file
    uint64_t bytes = 0;          // elements() * element_size(dtype)

    uint64_t elements() const;
};

// Product of the dimensions, or nullopt if it overflows 2^48 (no real tensor is that large).
std::optional<uint64_t> checked_elements(const std::vector<uint64_t>& shape);
std::string shape_string(const std::vector<uint64_t>& shape); // "[4096, 32]"

} // namespace glm
