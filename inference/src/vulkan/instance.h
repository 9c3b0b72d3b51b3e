// The Vulkan instance: loader, optional Khronos validation layer, physical device enumeration.
#pragma once

#include "glm/device.h"
#include "vulkan/vulkan_api.h"

#include <atomic>
#include <cstdint>
#include <vector>

namespace glm::vk {

struct InstanceOptions {
    // Enables VK_LAYER_KHRONOS_validation and counts its errors (see validation_error_count()).
    // Also switched on by the environment variable GLM_VULKAN_VALIDATION=1.
    bool validation = false;
};

// Whether validation is asked for: by the options, or by GLM_VULKAN_VALIDATION set and not "0".
bool validation_requested(const InstanceOptions& options);

class Instance {
public:
    explicit Instance(const InstanceOptions& options = {});
    ~Instance();
    Instance(const Instance&) = delete;
    Instance& operator=(const Instance&) = delete;

    VkInstance handle() const { return instance_; }
    uint32_t api_version() const { return api_version_; }
    bool validation_enabled() const { return messenger_ != VK_NULL_HANDLE; }

    const std::vector<DeviceInfo>& devices() const { return infos_; }
    VkPhysicalDevice physical_device(uint32_t index) const { return physical_.at(index); }

private:
    VkInstance instance_ = VK_NULL_HANDLE;
    VkDebugUtilsMessengerEXT messenger_ = VK_NULL_HANDLE;
    uint32_t api_version_ = VK_API_VERSION_1_2;
    std::vector<VkPhysicalDevice> physical_;
    std::vector<DeviceInfo> infos_;
};

// Validation-layer errors seen by any instance of this process (tests assert it stays 0).
uint64_t validation_error_count();

// Builds the DeviceInfo of one physical device (all facts the engine uses to choose kernels).
DeviceInfo query_device_info(VkPhysicalDevice pd, uint32_t index);

} // namespace glm::vk
