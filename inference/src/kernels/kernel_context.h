// What every kernel wrapper needs: the device, the per-device configuration and a small buffer
// bound to shader bindings a variant does not use.
#pragma once

#include "kernels/kernel_config.h"
#include "vulkan/device.h"
#include "vulkan/pipeline.h"
#include "vulkan/texel_view.h"

#include <string>

namespace glm {

struct KernelContext {
    explicit KernelContext(vk::Device& d)
        : device(d), config(KernelConfig::for_device(d.info())),
          unused(d.allocator().allocate(256, vk::MemoryUsage::DeviceLocal,
                                        "an unused-binding placeholder")) {
        d.fill_zero(unused);
        if (vk::TexelView::supported(d, VK_FORMAT_R32_UINT, 256, 4))
            unused_texels = vk::TexelView(d, unused.view(), VK_FORMAT_R32_UINT);
    }
    vk::Device& device;
    KernelConfig config;
    vk::Buffer unused;
    vk::TexelView unused_texels;

    // "name" or "name_sg" when the device has subgroup arithmetic.
    std::string with_subgroups(const std::string& name) const {
        return config.subgroups ? name + "_sg" : name;
    }
};

} // namespace glm
