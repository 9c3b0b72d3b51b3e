#include "glm/engine.h"

#include "vulkan/device.h"
#include "vulkan/instance.h"

#ifndef GLM_VERSION
#define GLM_VERSION "0.0.0"
#endif

namespace glm {

const char* version_string() { return GLM_VERSION; }

Engine::Engine(const EngineOptions& options)
    : options_(options), instance_(std::make_unique<vk::Instance>(vk::InstanceOptions{options.validation})) {}

Engine::~Engine() = default;

const std::vector<DeviceInfo>& Engine::devices() const { return instance_->devices(); }

const DeviceInfo& Engine::choose(const std::string& selector) const {
    return choose_device(instance_->devices(), selector);
}

std::shared_ptr<GpuDevice> Engine::open(const std::string& selector) {
    return std::make_shared<GpuDevice>(*instance_, choose(selector), options_);
}

GpuDevice::GpuDevice(vk::Instance& instance, const DeviceInfo& info, const EngineOptions& options)
    : device_(std::make_unique<vk::Device>(instance, info, vk::DeviceOptions{options.pipeline_cache_dir})) {}

GpuDevice::~GpuDevice() = default;

const DeviceInfo& GpuDevice::info() const { return device_->info(); }

} // namespace glm
