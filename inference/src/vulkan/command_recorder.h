// Records compute work into one command buffer that can be submitted once or replayed many times
// (the decode step is recorded once and replayed per token).
//
// Barriers are derived, not hand-placed: every dispatch declares which bindings it writes, and a
// global compute/transfer memory barrier is inserted exactly when a command touches a range that
// an earlier, not yet synchronised command wrote (or writes a range one of them read). Independent
// dispatches (e.g. the chunks of a split matrix) therefore run without barriers between them.
#pragma once

#include "vulkan/handle.h"
#include "vulkan/memory.h"
#include "vulkan/vulkan_api.h"

#include <cstdint>
#include <initializer_list>
#include <span>
#include <string>
#include <vector>

namespace glm::vk {

class Device;
class Pipeline;

struct Binding {
    BufferView view; // the memory read or written (for the barriers)
    bool written = false;
    VkBufferView texel = VK_NULL_HANDLE; // for texel-buffer bindings: the view of `view`
};
inline Binding in(const BufferView& v) {
    return {v, false};
}
inline Binding out(const BufferView& v) {
    return {v, true};
}
inline Binding texel(const BufferView& v, VkBufferView view) {
    return {v, false, view};
}

struct KernelTime {
    std::string label;
    double ms = 0;
};

class CommandRecorder {
public:
    // `profile`: write a GPU timestamp after every dispatch (if the device supports timestamps).
    explicit CommandRecorder(Device& device, bool profile = false);
    ~CommandRecorder();
    CommandRecorder(const CommandRecorder&) = delete;
    CommandRecorder& operator=(const CommandRecorder&) = delete;

    // Starts a new recording; descriptor sets of the previous one are released.
    void begin();
    void dispatch(const Pipeline& pipeline, std::span<const Binding> bindings, const void* push,
                  uint32_t push_bytes, uint32_t groups_x, uint32_t groups_y = 1,
                  uint32_t groups_z = 1, const char* label = nullptr);
    void dispatch(const Pipeline& pipeline, std::initializer_list<Binding> bindings,
                  const void* push, uint32_t push_bytes, uint32_t groups_x, uint32_t groups_y = 1,
                  uint32_t groups_z = 1, const char* label = nullptr) {
        dispatch(pipeline, std::span<const Binding>(bindings.begin(), bindings.size()), push,
                 push_bytes, groups_x, groups_y, groups_z, label);
    }
    void copy(const BufferView& src, const BufferView& dst);
    void fill(const BufferView& dst, uint32_t value);
    // Small inline writes (<= 64 KiB), e.g. positions for the next step.
    void update(const BufferView& dst, const void* data, uint32_t bytes);
    void end();

    // Submits the recording and waits for it. May be called repeatedly after end().
    void submit_and_wait();

    uint32_t dispatch_count() const { return dispatches_; }
    uint32_t barrier_count() const { return barriers_; }
    // Per-dispatch GPU times of the last submission (empty without profiling support).
    std::vector<KernelTime> kernel_times() const;

private:
    struct Range {
        VkBuffer buffer;
        VkDeviceSize begin, end;
    };
    void track(std::span<const Range> reads, std::span<const Range> writes);
    void barrier();
    VkDescriptorSet allocate_set(VkDescriptorSetLayout layout, uint32_t bindings);
    void stamp(const char* label);

    Device& device_;
    Handle<VkCommandPool> pool_;
    VkCommandBuffer cmd_ = VK_NULL_HANDLE; // freed with pool_
    Handle<VkFence> fence_;
    std::vector<Handle<VkDescriptorPool>> descriptor_pools_;
    size_t current_pool_ = 0;
    std::vector<Range> pending_writes_, pending_reads_;
    uint32_t dispatches_ = 0, barriers_ = 0;
    bool recording_ = false, ended_ = false;

    Handle<VkQueryPool> queries_;
    uint32_t query_capacity_ = 0;
    uint32_t queries_used_ = 0;
    std::vector<std::string> labels_;
    bool profile_ = false;
};

} // namespace glm::vk
