// The tensor table of a safetensors file: an 8-byte little-endian header length, a JSON header
// {name: {dtype, shape, data_offsets: [begin, end]}, "__metadata__": {...}}, then the data.
// Every offset is checked to lie inside the data and no two tensors may overlap. No tensor data
// is read.
#pragma once

#include "formats/source_tensor.h"

#include <span>
#include <string>
#include <vector>

namespace glm {

// `file` is the whole file (memory-mapped by the caller); `name` names it in errors. Offsets in the
// result are relative to `file`. Throws glm::Error(InvalidFile).
std::vector<SourceTensor> read_safetensors(std::span<const uint8_t> file, const std::string& name);

} // namespace glm
