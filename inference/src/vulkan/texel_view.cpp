#include "vulkan/texel_view.h"

#include "vulkan/device.h"
#include "vulkan/vulkan_error.h"

namespace glm::vk {

TexelView::TexelView(Device& device, const BufferView& range, VkFormat format)
    : device_(device.handle()) {
    VkBufferViewCreateInfo ci{VK_STRUCTURE_TYPE_BUFFER_VIEW_CREATE_INFO};
    ci.buffer = range.buffer;
    ci.format = format;
    ci.offset = range.offset;
    ci.range = range.size;
    check(vkCreateBufferView(device_, &ci, nullptr, &view_), "creating a texel view of a buffer");
}

TexelView::~TexelView() {
    if (view_) vkDestroyBufferView(device_, view_, nullptr);
}

TexelView::TexelView(TexelView&& o) noexcept : device_(o.device_), view_(o.view_) {
    o.view_ = VK_NULL_HANDLE;
}

TexelView& TexelView::operator=(TexelView&& o) noexcept {
    if (this != &o) {
        if (view_) vkDestroyBufferView(device_, view_, nullptr);
        device_ = o.device_;
        view_ = o.view_;
        o.view_ = VK_NULL_HANDLE;
    }
    return *this;
}

bool TexelView::supported(Device& device, VkFormat format, uint64_t bytes, uint32_t texel_bytes) {
    VkFormatProperties props{};
    vkGetPhysicalDeviceFormatProperties(device.physical(), format, &props);
    if (!(props.bufferFeatures & VK_FORMAT_FEATURE_UNIFORM_TEXEL_BUFFER_BIT)) return false;
    VkPhysicalDeviceProperties p{};
    vkGetPhysicalDeviceProperties(device.physical(), &p);
    return bytes / texel_bytes <= p.limits.maxTexelBufferElements &&
           p.limits.minTexelBufferOffsetAlignment <= device.allocator().alignment();
}

} // namespace glm::vk
