// Turns VkResult codes into glm::Error values with messages a user can act on.
#pragma once

#include "vulkan/vulkan_api.h"

#include <string>

namespace glm::vk {

const char* result_name(VkResult r) noexcept;

[[noreturn]] void throw_result(VkResult r, const std::string& what);

// Throws glm::Error unless r is VK_SUCCESS (or another non-error code). `what` names the
// operation, e.g. "allocating 512 MiB of device memory".
inline void check(VkResult r, const char* what) {
    if (r < 0) throw_result(r, what);
}
inline void check(VkResult r, const std::string& what) {
    if (r < 0) throw_result(r, what);
}

} // namespace glm::vk
