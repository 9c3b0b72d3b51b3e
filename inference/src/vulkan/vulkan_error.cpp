#include "vulkan/vulkan_error.h"

#include "glm/error.h"

namespace glm::vk {

const char* result_name(VkResult r) noexcept {
    switch (r) {
#define GLM_CASE(x)                                                                                \
    case x: return #x;
        GLM_CASE(VK_SUCCESS)
        GLM_CASE(VK_NOT_READY)
        GLM_CASE(VK_TIMEOUT)
        GLM_CASE(VK_INCOMPLETE)
        GLM_CASE(VK_ERROR_OUT_OF_HOST_MEMORY)
        GLM_CASE(VK_ERROR_OUT_OF_DEVICE_MEMORY)
        GLM_CASE(VK_ERROR_INITIALIZATION_FAILED)
        GLM_CASE(VK_ERROR_DEVICE_LOST)
        GLM_CASE(VK_ERROR_MEMORY_MAP_FAILED)
        GLM_CASE(VK_ERROR_LAYER_NOT_PRESENT)
        GLM_CASE(VK_ERROR_EXTENSION_NOT_PRESENT)
        GLM_CASE(VK_ERROR_FEATURE_NOT_PRESENT)
        GLM_CASE(VK_ERROR_INCOMPATIBLE_DRIVER)
        GLM_CASE(VK_ERROR_TOO_MANY_OBJECTS)
        GLM_CASE(VK_ERROR_FORMAT_NOT_SUPPORTED)
        GLM_CASE(VK_ERROR_FRAGMENTED_POOL)
        GLM_CASE(VK_ERROR_OUT_OF_POOL_MEMORY)
        GLM_CASE(VK_ERROR_INVALID_EXTERNAL_HANDLE)
        GLM_CASE(VK_ERROR_FRAGMENTATION)
        GLM_CASE(VK_ERROR_INVALID_OPAQUE_CAPTURE_ADDRESS)
        GLM_CASE(VK_ERROR_UNKNOWN)
#undef GLM_CASE
    default: return "VK_ERROR_(unrecognised)";
    }
}

[[noreturn]] void throw_result(VkResult r, const std::string& what) {
    std::string code = result_name(r);
    switch (r) {
    case VK_ERROR_OUT_OF_DEVICE_MEMORY:
        throw Error(ErrorKind::OutOfDeviceMemory,
                    "The GPU ran out of memory while " + what +
                        ". Close other programs that use the GPU, choose a smaller quantization "
                        "(Q4_0) or a shorter context length.");
    case VK_ERROR_OUT_OF_HOST_MEMORY:
        throw Error(ErrorKind::OutOfDeviceMemory,
                    "The system ran out of memory while " + what + ".");
    case VK_ERROR_DEVICE_LOST:
        throw Error(ErrorKind::DeviceLost,
                    "The GPU stopped responding (device lost) while " + what +
                        ". The driver may have reset it; reload the model. If this repeats, "
                        "update the GPU driver or pick another device.");
    case VK_ERROR_INCOMPATIBLE_DRIVER:
    case VK_ERROR_INITIALIZATION_FAILED:
        throw Error(ErrorKind::NoVulkan, "No compatible Vulkan driver (" + code + ") while " +
                                             what + ". Install or update the GPU's Vulkan driver.");
    default:
        throw Error(ErrorKind::Vulkan, "Vulkan error " + code + " while " + what + ".");
    }
}

} // namespace glm::vk
