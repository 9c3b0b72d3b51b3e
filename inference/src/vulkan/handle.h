// Ownership of one Vulkan object that belongs to a VkDevice (or of the VkDevice itself): the
// holder destroys it exactly once, and only the holder (move-only). A class whose handles are
// Handle members, declared in the order they are created, frees them in reverse order also when
// its constructor throws halfway, which hand-written destructors do not (they never run then).
#pragma once

#include "vulkan/vulkan_error.h"

#include <string>
#include <utility>

namespace glm::vk {

template <typename T> struct HandleTraits;

#define GLM_VK_DEVICE_CHILD(Type, destroy)                                                         \
    template <> struct HandleTraits<Type> {                                                        \
        static void release(VkDevice device, Type handle) { destroy(device, handle, nullptr); }    \
    };
GLM_VK_DEVICE_CHILD(VkCommandPool, vkDestroyCommandPool)
GLM_VK_DEVICE_CHILD(VkFence, vkDestroyFence)
GLM_VK_DEVICE_CHILD(VkQueryPool, vkDestroyQueryPool)
GLM_VK_DEVICE_CHILD(VkDescriptorPool, vkDestroyDescriptorPool)
GLM_VK_DEVICE_CHILD(VkDescriptorSetLayout, vkDestroyDescriptorSetLayout)
GLM_VK_DEVICE_CHILD(VkPipelineLayout, vkDestroyPipelineLayout)
GLM_VK_DEVICE_CHILD(VkPipeline, vkDestroyPipeline)
GLM_VK_DEVICE_CHILD(VkShaderModule, vkDestroyShaderModule)
GLM_VK_DEVICE_CHILD(VkPipelineCache, vkDestroyPipelineCache)
#undef GLM_VK_DEVICE_CHILD

template <> struct HandleTraits<VkDevice> {
    static void release(VkDevice, VkDevice device) { vkDestroyDevice(device, nullptr); }
};

template <typename T> class Handle {
public:
    Handle() = default;
    ~Handle() { reset(); }
    Handle(Handle&& other) noexcept
        : device_(other.device_), handle_(std::exchange(other.handle_, T(VK_NULL_HANDLE))) {}
    Handle& operator=(Handle&& other) noexcept {
        if (this != &other) {
            reset();
            device_ = other.device_;
            handle_ = std::exchange(other.handle_, T(VK_NULL_HANDLE));
        }
        return *this;
    }
    Handle(const Handle&) = delete;
    Handle& operator=(const Handle&) = delete;

    // Runs `create(T*)` (a vkCreate* call) and, when it succeeds, owns what it made in place of
    // what was held; when it fails, throws glm::Error naming `what` and keeps what was held (a
    // failed vkCreate* leaves its output undefined, so it is never adopted).
    template <typename Create>
    void create(VkDevice device, const std::string& what, Create&& create) {
        T made = VK_NULL_HANDLE;
        check(std::forward<Create>(create)(&made), what);
        adopt(device, made);
    }
    // Owns `handle` (made on `device`) in place of what was held.
    void adopt(VkDevice device, T handle) {
        reset();
        device_ = device;
        handle_ = handle;
    }
    void reset() {
        if (handle_ != T(VK_NULL_HANDLE))
            HandleTraits<T>::release(device_, std::exchange(handle_, T(VK_NULL_HANDLE)));
    }

    T get() const { return handle_; }
    explicit operator bool() const { return handle_ != T(VK_NULL_HANDLE); }

private:
    VkDevice device_ = VK_NULL_HANDLE;
    T handle_ = VK_NULL_HANDLE;
};

} // namespace glm::vk
