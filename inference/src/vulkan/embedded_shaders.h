// SPIR-V modules compiled from shaders/ at build time and linked into the engine.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>

namespace glm::vk {

struct EmbeddedShader {
    const char* name;
    const uint32_t* words;
    size_t word_count;
};

std::span<const EmbeddedShader* const> embedded_shaders();

// nullptr when no shader has that name.
const EmbeddedShader* find_shader(std::string_view name);

} // namespace glm::vk
