#include "spirv_reflection.h"

#include <stdexcept>
#include <vector>

namespace glm::test {

namespace {

// The few SPIR-V opcodes, decorations and storage classes the interface needs (SPIR-V spec,
// sections 3.14, 3.20, 3.7 and 3.32).
enum : uint32_t {
    OpName = 5,
    OpMemberName = 6,
    OpTypeStruct = 30,
    OpTypePointer = 32,
    OpSpecConstantTrue = 48,
    OpSpecConstantFalse = 49,
    OpSpecConstant = 50,
    OpVariable = 59,
    OpDecorate = 71,
    OpMemberDecorate = 72,
    DecorationSpecId = 1,
    DecorationBinding = 33,
    DecorationOffset = 35,
    StorageClassPushConstant = 9,
    SpirvMagic = 0x07230203,
};

std::string literal_string(std::span<const uint32_t> words) {
    std::string s;
    for (uint32_t w : words)
        for (int i = 0; i < 4; ++i) {
            const char c = char((w >> (8 * i)) & 0xff);
            if (c == 0) return s;
            s += c;
        }
    throw std::runtime_error("SPIR-V string without its terminating zero");
}

} // namespace

SpirvInterface reflect_spirv(std::span<const uint32_t> words) {
    if (words.size() < 5 || words[0] != SpirvMagic) throw std::runtime_error("not a SPIR-V module");
    std::map<uint32_t, std::string> names;
    std::map<std::pair<uint32_t, uint32_t>, std::string> member_names;
    std::map<std::pair<uint32_t, uint32_t>, uint32_t> member_offsets;
    std::map<uint32_t, uint32_t> spec_ids, bindings;
    std::map<uint32_t, std::pair<uint32_t, uint32_t>> pointers; // id -> (storage class, type)
    std::vector<std::pair<uint32_t, uint32_t>> variables;       // (pointer type, id)
    std::map<uint32_t, uint32_t> struct_members;                // struct id -> member count
    std::vector<uint32_t> spec_constants;
    for (size_t at = 5; at < words.size();) {
        const uint32_t count = words[at] >> 16, op = words[at] & 0xffff;
        if (count == 0 || at + count > words.size())
            throw std::runtime_error("truncated SPIR-V instruction");
        const auto in = words.subspan(at + 1, count - 1);
        switch (op) {
        case OpName:
            names[in[0]] = literal_string(in.subspan(1));
            break;
        case OpMemberName:
            member_names[{in[0], in[1]}] = literal_string(in.subspan(2));
            break;
        case OpTypeStruct:
            struct_members[in[0]] = uint32_t(in.size() - 1);
            break;
        case OpTypePointer:
            pointers[in[0]] = {in[1], in[2]};
            break;
        case OpSpecConstantTrue:
        case OpSpecConstantFalse:
        case OpSpecConstant:
            spec_constants.push_back(in[1]);
            break;
        case OpVariable:
            variables.push_back({in[0], in[1]});
            break;
        case OpDecorate:
            if (in[1] == DecorationSpecId) spec_ids[in[0]] = in[2];
            if (in[1] == DecorationBinding) bindings[in[0]] = in[2];
            break;
        case OpMemberDecorate:
            if (in[2] == DecorationOffset) member_offsets[{in[0], in[1]}] = in[3];
            break;
        default:
            break;
        }
        at += count;
    }
    SpirvInterface out;
    for (uint32_t id : spec_constants)
        if (spec_ids.count(id)) out.spec_ids[names[id]] = spec_ids[id];
    for (const auto& [pointer, id] : variables) {
        const auto p = pointers.find(pointer);
        if (p == pointers.end()) continue;
        const uint32_t type = p->second.second;
        if (p->second.first == StorageClassPushConstant) {
            for (uint32_t m = 0; m < struct_members[type]; ++m) {
                const uint32_t offset = member_offsets[{type, m}];
                out.push_offsets[member_names[{type, m}]] = offset;
                out.push_block_bytes = std::max(out.push_block_bytes, offset + 4);
            }
        }
        if (bindings.count(id)) {
            // Blocks are named by their type; plain resources (texel buffers) by the variable.
            const std::string& type_name = names[type];
            out.bindings.insert({type_name.empty() ? names[id] : type_name, bindings[id]});
        }
    }
    return out;
}

} // namespace glm::test
