#include "vulkan/instance.h"

#include "glm/error.h"
#include "vulkan/vulkan_error.h"

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

namespace glm::vk {

namespace {

std::atomic<uint64_t> g_validation_errors{0};

VKAPI_ATTR VkBool32 VKAPI_CALL on_validation_message(
    VkDebugUtilsMessageSeverityFlagBitsEXT severity, VkDebugUtilsMessageTypeFlagsEXT,
    const VkDebugUtilsMessengerCallbackDataEXT* data, void*) {
    if (severity & VK_DEBUG_UTILS_MESSAGE_SEVERITY_ERROR_BIT_EXT) {
        g_validation_errors.fetch_add(1);
        std::fprintf(stderr, "[vulkan validation error] %s\n", data->pMessage);
    } else if (severity & VK_DEBUG_UTILS_MESSAGE_SEVERITY_WARNING_BIT_EXT) {
        std::fprintf(stderr, "[vulkan validation warning] %s\n", data->pMessage);
    }
    return VK_FALSE;
}

bool has_layer(const char* name) {
    uint32_t n = 0;
    vkEnumerateInstanceLayerProperties(&n, nullptr);
    std::vector<VkLayerProperties> layers(n);
    vkEnumerateInstanceLayerProperties(&n, layers.data());
    for (auto& l : layers)
        if (std::strcmp(l.layerName, name) == 0) return true;
    return false;
}

bool has_instance_extension(const char* name) {
    uint32_t n = 0;
    vkEnumerateInstanceExtensionProperties(nullptr, &n, nullptr);
    std::vector<VkExtensionProperties> exts(n);
    vkEnumerateInstanceExtensionProperties(nullptr, &n, exts.data());
    for (auto& e : exts)
        if (std::strcmp(e.extensionName, name) == 0) return true;
    return false;
}

} // namespace

uint64_t validation_error_count() {
    return g_validation_errors.load();
}

bool validation_requested(const InstanceOptions& options) {
    const char* env = std::getenv("GLM_VULKAN_VALIDATION");
    return options.validation || (env && *env && std::strcmp(env, "0") != 0);
}

Instance::Instance(const InstanceOptions& options) {
    load_vulkan_loader();
    uint32_t loader_version = VK_API_VERSION_1_0;
    if (vkEnumerateInstanceVersion) vkEnumerateInstanceVersion(&loader_version);
    if (loader_version < VK_API_VERSION_1_2)
        throw Error(ErrorKind::NoVulkan,
                    "The Vulkan loader supports only Vulkan " +
                        std::to_string(VK_API_VERSION_MAJOR(loader_version)) + "." +
                        std::to_string(VK_API_VERSION_MINOR(loader_version)) +
                        "; GLM Chat needs Vulkan 1.2. Update the Vulkan loader and GPU driver.");
    api_version_ = loader_version >= VK_API_VERSION_1_3 ? VK_API_VERSION_1_3 : VK_API_VERSION_1_2;

    const bool want_validation = validation_requested(options);
    const char* validation_layer = "VK_LAYER_KHRONOS_validation";
    std::vector<const char*> layers;
    std::vector<const char*> extensions;
    bool debug_utils = false;
    if (want_validation) {
        if (!has_layer(validation_layer))
            throw Error(ErrorKind::NoVulkan, "Vulkan validation was requested but "
                                             "VK_LAYER_KHRONOS_validation is not installed "
                                             "(apt install vulkan-validationlayers).");
        layers.push_back(validation_layer);
        if (has_instance_extension(VK_EXT_DEBUG_UTILS_EXTENSION_NAME)) {
            extensions.push_back(VK_EXT_DEBUG_UTILS_EXTENSION_NAME);
            debug_utils = true;
        }
    }
    // macOS (MoltenVK) and other non-conformant implementations are listed only with this flag.
    VkInstanceCreateFlags flags = 0;
    if (has_instance_extension(VK_KHR_PORTABILITY_ENUMERATION_EXTENSION_NAME)) {
        extensions.push_back(VK_KHR_PORTABILITY_ENUMERATION_EXTENSION_NAME);
        flags |= VK_INSTANCE_CREATE_ENUMERATE_PORTABILITY_BIT_KHR;
    }

    VkApplicationInfo app{VK_STRUCTURE_TYPE_APPLICATION_INFO};
    app.pApplicationName = "GLM Chat";
    app.pEngineName = "glm-engine";
    app.apiVersion = api_version_;

    VkDebugUtilsMessengerCreateInfoEXT dbg{VK_STRUCTURE_TYPE_DEBUG_UTILS_MESSENGER_CREATE_INFO_EXT};
    dbg.messageSeverity = VK_DEBUG_UTILS_MESSAGE_SEVERITY_WARNING_BIT_EXT |
                          VK_DEBUG_UTILS_MESSAGE_SEVERITY_ERROR_BIT_EXT;
    dbg.messageType = VK_DEBUG_UTILS_MESSAGE_TYPE_GENERAL_BIT_EXT |
                      VK_DEBUG_UTILS_MESSAGE_TYPE_VALIDATION_BIT_EXT |
                      VK_DEBUG_UTILS_MESSAGE_TYPE_PERFORMANCE_BIT_EXT;
    dbg.pfnUserCallback = on_validation_message;

    VkInstanceCreateInfo ci{VK_STRUCTURE_TYPE_INSTANCE_CREATE_INFO};
    ci.pNext = debug_utils ? &dbg : nullptr; // also catches errors in create/destroy instance
    ci.flags = flags;
    ci.pApplicationInfo = &app;
    ci.enabledLayerCount = static_cast<uint32_t>(layers.size());
    ci.ppEnabledLayerNames = layers.data();
    ci.enabledExtensionCount = static_cast<uint32_t>(extensions.size());
    ci.ppEnabledExtensionNames = extensions.data();
    check(vkCreateInstance(&ci, nullptr, &instance_), "creating the Vulkan instance");
    load_instance_functions(instance_);
    if (debug_utils && vkCreateDebugUtilsMessengerEXT)
        check(vkCreateDebugUtilsMessengerEXT(instance_, &dbg, nullptr, &messenger_),
              "installing the validation message handler");

    uint32_t n = 0;
    check(vkEnumeratePhysicalDevices(instance_, &n, nullptr), "listing Vulkan devices");
    physical_.resize(n);
    check(vkEnumeratePhysicalDevices(instance_, &n, physical_.data()), "listing Vulkan devices");
    physical_.resize(n);
    for (uint32_t i = 0; i < n; ++i) infos_.push_back(query_device_info(physical_[i], i));
}

Instance::~Instance() {
    if (messenger_) vkDestroyDebugUtilsMessengerEXT(instance_, messenger_, nullptr);
    if (instance_) vkDestroyInstance(instance_, nullptr);
}

} // namespace glm::vk
