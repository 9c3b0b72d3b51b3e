// What every kernel wrapper needs: the device, the per-device configuration and a small buffer
// bound to shader bindings a variant does not use.
#pragma once

#include "kernels/kernel_config.h"
#include "vulkan/device.h"
#include "vulkan/pipeline.h"

#include <string>

namespace glm {

struct KernelContext {
    explicit KernelContext(vk::Device& d)
        : device(d), config(KernelConfig::for_device(d.info())),
          unused(d.allocator().allocate(256, vk::MemoryUsage::DeviceLocal, "an unused-binding placeholder")) {
        d.fill_zero(unused);
    }
    vk::Device& device;
    KernelConfig config;
    vk::Buffer unused;

    // "name" or "name_sg" when the device has subgroup arithmetic.
    std::string with_subgroups(const std::string& name) const { return config.subgroups ? name + "_sg" : name; }
};

} // namespace glm
