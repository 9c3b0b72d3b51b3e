#include "glm/engine.h"

#include "cpu/cpu_device.h"
#include "engine_internals.h"
#include "glm/error.h"
#include "vulkan/device.h"
#include "vulkan/instance.h"

#ifndef GLM_VERSION
#define GLM_VERSION "0.0.0"
#endif

namespace glm {

const char* version_string() {
    return GLM_VERSION;
}

Engine::Engine(const EngineOptions& options) : options_(options) {
    try {
        instance_ = std::make_unique<vk::Instance>(vk::InstanceOptions{options.validation});
        devices_ = instance_->devices();
    } catch (const Error& e) {
        // Without Vulkan the engine still runs, on the CPU backend. Asking for validation means
        // testing the Vulkan engine: there its absence is the error.
        if (vk::validation_requested({options.validation}) ||
            (e.kind() != ErrorKind::NoVulkan && e.kind() != ErrorKind::Vulkan))
            throw;
        vulkan_error_ = e.what();
    }
    if (instance_ && devices_.empty())
        vulkan_error_ = "No Vulkan device found (no driver for this GPU is installed).";
    devices_.push_back(
        cpu::describe_cpu(uint32_t(devices_.size()), cpu::thread_count(options.cpu_threads)));
}

Engine::~Engine() = default;

const std::vector<DeviceInfo>& Engine::devices() const {
    return devices_;
}

const DeviceInfo& Engine::choose(const std::string& selector) const {
    return choose_device(devices_, selector);
}

std::shared_ptr<ComputeDevice> Engine::open(const std::string& selector) {
    const DeviceInfo& info = choose(selector);
    if (info.backend == DeviceBackend::Cpu) return std::make_shared<ComputeDevice>(info);
    return std::make_shared<ComputeDevice>(*instance_, info, options_);
}

ComputeDevice::ComputeDevice(vk::Instance& instance, const DeviceInfo& info,
                             const EngineOptions& options)
    : info_(info), device_(std::make_unique<vk::Device>(
                       instance, info, vk::DeviceOptions{options.pipeline_cache_dir})) {}

ComputeDevice::ComputeDevice(const DeviceInfo& cpu_info)
    : info_(cpu_info), cpu_(std::make_unique<cpu::CpuDevice>(cpu_info.threads)) {}

ComputeDevice::~ComputeDevice() = default;

vk::Instance& EngineInternals::instance(Engine& engine) {
    if (!engine.instance_) throw Error(ErrorKind::NoVulkan, engine.vulkan_error_);
    return *engine.instance_;
}

vk::Device& EngineInternals::device(ComputeDevice& device) {
    if (!device.device_)
        throw Error(ErrorKind::InvalidArgument, device.info().name + " is not a Vulkan device.");
    return *device.device_;
}

cpu::CpuDevice& EngineInternals::cpu(ComputeDevice& device) {
    if (!device.cpu_)
        throw Error(ErrorKind::InvalidArgument, device.info().name + " is not the CPU backend.");
    return *device.cpu_;
}

} // namespace glm
