// The subset of Python's pickle format that torch.save writes for a state dict (protocol 2, and
// the protocol 3-5 opcodes for the same objects): an OrderedDict of name -> tensor, each tensor
// rebuilt by torch._utils._rebuild_tensor_v2 from a storage referenced by persistent id.
//
// Nothing a pickle names is ever imported or called. The reader is a small stack machine of its
// own: the few globals a state dict uses (collections.OrderedDict, torch._utils._rebuild_tensor_v2
// and _rebuild_parameter, the torch.*Storage types) are recognised by name and interpreted here;
// any other global (os.system, builtins.eval, ...) and any opcode outside the subset is an error
// naming it. Memory and work are bounded by the input size and fixed limits; no recursion.
#pragma once

#include "formats/source_tensor.h"

#include <cstdint>
#include <span>
#include <string>
#include <vector>

namespace glm {

struct PickledTensor {
    std::string name;
    std::string storage_key; // the storage's record: <archive>/data/<storage_key>
    SourceDType dtype = SourceDType::F32;
    uint64_t storage_elements = 0; // size of the whole storage, in elements
    uint64_t storage_offset = 0;   // first element of this tensor in the storage
    std::vector<uint64_t> shape;
    std::vector<uint64_t> stride; // in elements
};

// Parses a state dict pickle (the data.pkl record). `source` names it in errors. Throws
// glm::Error(InvalidFile) for anything outside the subset, a tensor listed twice, or a storage
// used with two different types.
std::vector<PickledTensor> read_state_dict_pickle(std::span<const uint8_t> pickle,
                                                  const std::string& source);

} // namespace glm
