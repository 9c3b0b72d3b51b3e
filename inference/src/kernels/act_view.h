// How kernel wrappers see activations: a buffer range plus the offset and row stride in floats.
#pragma once

#include "vulkan/memory.h"

#include <cstdint>

namespace glm {

struct ActView {
    vk::BufferView buffer;
    uint32_t offset = 0; // first float
    uint32_t stride = 0; // floats from one token's row to the next
};

inline ActView act(const vk::BufferView& v, uint32_t stride, uint32_t offset = 0) {
    return {v, offset, stride};
}
inline ActView act(const vk::Buffer& b, uint32_t stride, uint32_t offset = 0) {
    return act(b.view(), stride, offset);
}

} // namespace glm
