// A logical Vulkan device for compute: one queue, the optional features the kernels can use,
// the memory allocator, the pipeline cache and one-shot transfers.
#pragma once

#include "glm/device.h"
#include "vulkan/handle.h"
#include "vulkan/memory.h"
#include "vulkan/vulkan_api.h"

#include <memory>
#include <mutex>
#include <string>

namespace glm::vk {

class Instance;
class PipelineCache;
struct PipelineStore;
class Pipeline;
struct PipelineDesc;

struct DeviceOptions {
    // Where the pipeline cache lives. Empty: $XDG_CACHE_HOME/glm-chat (or ~/.cache/glm-chat).
    // "-": no on-disk cache.
    std::string pipeline_cache_dir;
};

// Features actually enabled on the logical device (a subset of DeviceInfo::features).
struct EnabledFeatures {
    bool float16 = false;
    bool int8 = false;
    bool storage_8bit = false;
    bool subgroup_size_control = false;
    bool integer_dot_product = false;
    bool memory_budget = false;
    bool int64 = false; // 64-bit integers in shaders (shaderInt64)
    // VK_NV_cooperative_matrix with fp16 tiles, fp16 arithmetic and the Vulkan memory model
    // (DeviceFeatures::cooperative_matrix_nv).
    bool cooperative_matrix_nv = false;
};

class Device {
public:
    Device(Instance& instance, const DeviceInfo& info, const DeviceOptions& options = {});
    ~Device();
    Device(const Device&) = delete;
    Device& operator=(const Device&) = delete;

    const DeviceInfo& info() const { return info_; }
    const EnabledFeatures& enabled() const { return enabled_; }
    VkDevice handle() const { return device_.get(); }
    VkPhysicalDevice physical() const { return physical_; }
    VkQueue queue() const { return queue_; }
    uint32_t queue_family() const { return queue_family_; }
    const VkPhysicalDeviceMemoryProperties& memory_properties() const { return memory_props_; }
    bool timestamps_supported() const { return info_.limits.timestamp_period_ns > 0; }

    Allocator& allocator() { return *allocator_; }
    // A compute pipeline from an embedded shader; created on first use, then reused.
    const Pipeline& pipeline(const PipelineDesc& desc);
    PipelineCache& pipeline_cache() { return *pipeline_cache_; }

    // Blocking copies between host memory and a buffer, through a staging buffer when the
    // destination is not host-visible. For loading and tests, not for the per-token path.
    void upload(const Buffer& dst, VkDeviceSize dst_offset, const void* src, VkDeviceSize bytes);
    void download(const Buffer& src, VkDeviceSize src_offset, void* dst, VkDeviceSize bytes);
    void fill_zero(const Buffer& dst);

    // Submits `cmd` to the queue and waits for it (holding the queue lock).
    void submit_and_wait(VkCommandBuffer cmd);
    void wait_idle();

    // One queue for all threads: a queue is externally synchronized in Vulkan.
    std::mutex& queue_mutex() { return queue_mutex_; }

private:
    void copy_staged(const Buffer& staging, const Buffer& buf, VkDeviceSize offset,
                     VkDeviceSize bytes, bool to_device);

    DeviceInfo info_;
    EnabledFeatures enabled_;
    VkPhysicalDevice physical_ = VK_NULL_HANDLE;
    // Declared before everything made from it, so it is destroyed after them.
    Handle<VkDevice> device_;
    VkQueue queue_ = VK_NULL_HANDLE;
    uint32_t queue_family_ = 0;
    VkPhysicalDeviceMemoryProperties memory_props_{};
    Handle<VkCommandPool> transfer_pool_;
    std::mutex queue_mutex_;
    std::mutex transfer_mutex_;
    std::unique_ptr<Allocator> allocator_;
    std::unique_ptr<PipelineCache> pipeline_cache_;
    std::unique_ptr<PipelineStore> pipelines_;
};

} // namespace glm::vk
