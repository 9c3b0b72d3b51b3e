// The tensor table of a PyTorch zip checkpoint (torch.save, e.g. pytorch_model.bin or one of its
// shards): the zip directory and the state dict pickle are parsed, each tensor is located in its
// storage record and checked (in bounds, contiguous row-major, little-endian). No tensor data is
// read.
#pragma once

#include "formats/source_tensor.h"

#include <span>
#include <string>
#include <vector>

namespace glm {

// `file` is the whole checkpoint (memory-mapped by the caller); `name` names it in errors.
// Offsets in the result are relative to `file`. Throws glm::Error(InvalidFile).
std::vector<SourceTensor> read_torch_checkpoint(std::span<const uint8_t> file,
                                                const std::string& name);

} // namespace glm
