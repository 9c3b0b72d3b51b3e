// A typed view of a buffer range for shaders that read it as a uniform texel buffer
// (`utextureBuffer` + texelFetch). CPU drivers fetch texels with vector gathers, while storage
// buffer loads cost per-lane work there; see KernelConfig::texel_weights.
#pragma once

#include "vulkan/memory.h"
#include "vulkan/vulkan_api.h"

namespace glm::vk {

class Device;

class TexelView {
public:
    TexelView() = default;
    // `format` e.g. VK_FORMAT_R32G32B32A32_UINT; the range must be whole texels.
    TexelView(Device& device, const BufferView& range, VkFormat format);
    ~TexelView();
    TexelView(TexelView&& o) noexcept;
    TexelView& operator=(TexelView&& o) noexcept;
    TexelView(const TexelView&) = delete;
    TexelView& operator=(const TexelView&) = delete;

    VkBufferView handle() const { return view_; }
    explicit operator bool() const { return view_ != VK_NULL_HANDLE; }

    // Can this device read `format` from uniform texel buffers, `bytes` long?
    static bool supported(Device& device, VkFormat format, uint64_t bytes, uint32_t texel_bytes);

private:
    VkDevice device_ = VK_NULL_HANDLE;
    VkBufferView view_ = VK_NULL_HANDLE;
};

} // namespace glm::vk
