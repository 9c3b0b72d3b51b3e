// Entry point of the engine: the devices it can run on (the Vulkan devices, and the CPU backend).
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
namespace cpu {
struct CpuDevice;
} // namespace cpu

struct EngineOptions {
    bool validation = false;        // Khronos validation layer (also GLM_VULKAN_VALIDATION=1)
    std::string pipeline_cache_dir; // empty: the user's cache directory; "-": none
    // Threads of the CPU backend (0: GLM_CPU_THREADS, else one per physical core).
    uint32_t cpu_threads = 0;
};

class ComputeDevice;

class Engine {
public:
    explicit Engine(const EngineOptions& options = {});
    ~Engine();
    Engine(const Engine&) = delete;
    Engine& operator=(const Engine&) = delete;

    // The Vulkan devices, then the CPU backend (always there, also without any Vulkan driver).
    const std::vector<DeviceInfo>& devices() const;
    // Why there are no Vulkan devices (no loader, no driver, too old), or empty.
    const std::string& vulkan_unavailable_reason() const { return vulkan_error_; }
    // See glm::choose_device: selector = index, "cpu", "vulkan" or a name substring; empty =
    // GLM_DEVICE or the best.
    const DeviceInfo& choose(const std::string& selector = {}) const;
    // Opens a device for running models; several models may share one.
    std::shared_ptr<ComputeDevice> open(const std::string& selector = {});

private:
    friend struct EngineInternals; // the engine's own code reaches the Vulkan objects
    EngineOptions options_;
    std::unique_ptr<vk::Instance> instance_; // null when Vulkan is unavailable
    std::string vulkan_error_;
    std::vector<DeviceInfo> devices_;
};

// An opened device: a Vulkan device (its allocator and pipelines), or the CPU backend (its
// thread pool).
class ComputeDevice {
public:
    ComputeDevice(vk::Instance& instance, const DeviceInfo& info, const EngineOptions& options);
    explicit ComputeDevice(const DeviceInfo& cpu_info);
    ~ComputeDevice();
    const DeviceInfo& info() const { return info_; }
    bool is_cpu() const { return info_.backend == DeviceBackend::Cpu; }

private:
    friend struct EngineInternals;
    DeviceInfo info_;
    std::unique_ptr<vk::Device> device_;
    std::unique_ptr<cpu::CpuDevice> cpu_;
};

const char* version_string();

} // namespace glm
