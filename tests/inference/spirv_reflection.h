// What a SPIR-V module declares at its interface, read from the module itself: the push-constant
// block's members (name and byte offset), the specialization constants (name and id) and the
// bound resources (block or variable name and binding). For tests that hold the C++ side of a
// kernel to what the compiled shader really expects.
#pragma once

#include <cstdint>
#include <map>
#include <span>
#include <string>

namespace glm::test {

struct SpirvInterface {
    std::map<std::string, uint32_t> push_offsets;  // member name -> byte offset
    uint32_t push_block_bytes = 0;                 // last member's offset + 4 (32-bit members)
    std::map<std::string, uint32_t> spec_ids;      // constant name -> SpecId
    std::multimap<std::string, uint32_t> bindings; // block type (or variable) name -> binding
};

// Throws std::runtime_error on a malformed module.
SpirvInterface reflect_spirv(std::span<const uint32_t> words);

} // namespace glm::test
