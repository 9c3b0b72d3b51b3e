// Entry point of the engine: the Vulkan instance and the devices it can run on.
#pragma once

#include "glm/device.h"

#include <memory>
#include <string>
#include <vector>

namespace glm {

namespace vk {
class Instance;
class Device;
} // namespace vk

struct EngineOptions {
    bool validation = false;        // Khronos validation layer (also GLM_VULKAN_VALIDATION=1)
    std::string pipeline_cache_dir; // empty: the user's cache directory; "-": none
};

class GpuDevice;

class Engine {
public:
    explicit Engine(const EngineOptions& options = {});
    ~Engine();
    Engine(const Engine&) = delete;
    Engine& operator=(const Engine&) = delete;

    const std::vector<DeviceInfo>& devices() const;
    // See glm::choose_device: selector = index or name substring; empty = GLM_DEVICE or the best.
    const DeviceInfo& choose(const std::string& selector = {}) const;
    // Opens a device for running models; several models may share one.
    std::shared_ptr<GpuDevice> open(const std::string& selector = {});

private:
    friend struct EngineInternals; // the engine's own code reaches the Vulkan objects
    EngineOptions options_;
    std::unique_ptr<vk::Instance> instance_;
};

// An opened device. Holds the Vulkan device, its allocator and pipelines.
class GpuDevice {
public:
    GpuDevice(vk::Instance& instance, const DeviceInfo& info, const EngineOptions& options);
    ~GpuDevice();
    const DeviceInfo& info() const;

private:
    friend struct EngineInternals;
    std::unique_ptr<vk::Device> device_;
};

const char* version_string();

} // namespace glm
