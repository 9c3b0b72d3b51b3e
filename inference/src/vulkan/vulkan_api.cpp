#include "vulkan/vulkan_api.h"

#include "glm/error.h"

#if defined(_WIN32)
#include <windows.h>
#else
#include <dlfcn.h>
#endif
#include <mutex>
#include <string>

namespace glm::vk {

#define GLM_VK_DEFINE(name) PFN_##name name = nullptr;
GLM_VK_GLOBAL_FUNCTIONS(GLM_VK_DEFINE)
GLM_VK_INSTANCE_FUNCTIONS(GLM_VK_DEFINE)
GLM_VK_DEBUG_FUNCTIONS(GLM_VK_DEFINE)
GLM_VK_DEVICE_FUNCTIONS(GLM_VK_DEFINE)
#undef GLM_VK_DEFINE

namespace {
PFN_vkGetInstanceProcAddr get_instance_proc_addr = nullptr;
std::once_flag loader_once;
std::string loader_error;

void* open_library() {
#if defined(_WIN32)
    return reinterpret_cast<void*>(LoadLibraryA("vulkan-1.dll"));
#else
#if defined(__APPLE__)
    // The Vulkan SDK's loader (MoltenVK behind it), next to the app or system-wide.
    const char* candidates[] = {"libvulkan.1.dylib", "libvulkan.dylib", "libMoltenVK.dylib"};
#else
    const char* candidates[] = {"libvulkan.so.1", "libvulkan.so"};
#endif
    for (const char* name : candidates)
        if (void* lib = dlopen(name, RTLD_NOW | RTLD_LOCAL)) return lib;
    return nullptr;
#endif
}

void* find_symbol(void* lib, const char* name) {
#if defined(_WIN32)
    return reinterpret_cast<void*>(GetProcAddress(static_cast<HMODULE>(lib), name));
#else
    return dlsym(lib, name);
#endif
}

void open_loader() {
    void* lib = open_library();
    if (!lib) {
        loader_error =
            "The Vulkan loader (libvulkan.so.1 / vulkan-1.dll) is not installed. Install your GPU "
            "driver's Vulkan support (on Debian/Ubuntu: apt install libvulkan1 "
            "mesa-vulkan-drivers, or the NVIDIA driver).";
        return;
    }
    get_instance_proc_addr =
        reinterpret_cast<PFN_vkGetInstanceProcAddr>(find_symbol(lib, "vkGetInstanceProcAddr"));
    if (!get_instance_proc_addr) {
        loader_error = "The Vulkan loader found on this system is broken (no "
                       "vkGetInstanceProcAddr). Reinstall libvulkan1.";
        return;
    }
#define GLM_VK_LOAD_GLOBAL(name)                                                                   \
    name = reinterpret_cast<PFN_##name>(get_instance_proc_addr(VK_NULL_HANDLE, #name));
    GLM_VK_GLOBAL_FUNCTIONS(GLM_VK_LOAD_GLOBAL)
#undef GLM_VK_LOAD_GLOBAL
    if (!vkCreateInstance || !vkEnumerateInstanceExtensionProperties) {
        loader_error = "The Vulkan loader does not provide vkCreateInstance. Reinstall libvulkan1.";
    }
}
} // namespace

void load_vulkan_loader() {
    std::call_once(loader_once, open_loader);
    if (!loader_error.empty()) throw Error(ErrorKind::NoVulkan, loader_error);
}

void load_instance_functions(VkInstance instance) {
#define GLM_VK_LOAD_INSTANCE(name)                                                                 \
    name = reinterpret_cast<PFN_##name>(get_instance_proc_addr(instance, #name));
    GLM_VK_INSTANCE_FUNCTIONS(GLM_VK_LOAD_INSTANCE)
    GLM_VK_DEBUG_FUNCTIONS(GLM_VK_LOAD_INSTANCE) // null without their extensions
    GLM_VK_DEVICE_FUNCTIONS(GLM_VK_LOAD_INSTANCE)
#undef GLM_VK_LOAD_INSTANCE
#define GLM_VK_REQUIRE(name)                                                                       \
    if (!name)                                                                                     \
        throw Error(ErrorKind::NoVulkan,                                                           \
                    std::string("The Vulkan driver lacks ") + #name + "; update the GPU driver.");
    GLM_VK_INSTANCE_FUNCTIONS(GLM_VK_REQUIRE)
    GLM_VK_DEVICE_FUNCTIONS(GLM_VK_REQUIRE)
#undef GLM_VK_REQUIRE
}

} // namespace glm::vk
