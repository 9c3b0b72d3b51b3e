#include "vulkan/command_recorder.h"

#include "glm/error.h"
#include "vulkan/device.h"
#include "vulkan/pipeline.h"
#include "vulkan/vulkan_error.h"

#include <algorithm>

namespace glm::vk {

namespace {
constexpr uint32_t kSetsPerPool = 256;
constexpr uint32_t kBuffersPerSet = 16;
} // namespace

CommandRecorder::CommandRecorder(Device& device, bool profile)
    : device_(device), profile_(profile && device.timestamps_supported()) {
    VkDevice dev = device.handle();
    VkCommandPoolCreateInfo cpi{VK_STRUCTURE_TYPE_COMMAND_POOL_CREATE_INFO};
    cpi.flags = VK_COMMAND_POOL_CREATE_RESET_COMMAND_BUFFER_BIT;
    cpi.queueFamilyIndex = device.queue_family();
    pool_.create(dev, "creating a command pool", [&](VkCommandPool* made) {
        return vkCreateCommandPool(dev, &cpi, nullptr, made);
    });
    VkCommandBufferAllocateInfo ai{VK_STRUCTURE_TYPE_COMMAND_BUFFER_ALLOCATE_INFO};
    ai.commandPool = pool_.get();
    ai.level = VK_COMMAND_BUFFER_LEVEL_PRIMARY;
    ai.commandBufferCount = 1;
    check(vkAllocateCommandBuffers(dev, &ai, &cmd_), "allocating a command buffer");
    VkFenceCreateInfo fci{VK_STRUCTURE_TYPE_FENCE_CREATE_INFO};
    fence_.create(dev, "creating a fence",
                  [&](VkFence* made) { return vkCreateFence(dev, &fci, nullptr, made); });
}

CommandRecorder::~CommandRecorder() = default;

void CommandRecorder::begin() {
    VkDevice dev = device_.handle();
    check(vkResetCommandBuffer(cmd_, 0), "resetting a command buffer");
    for (const auto& p : descriptor_pools_) vkResetDescriptorPool(dev, p.get(), 0);
    current_pool_ = 0;
    pending_reads_.clear();
    pending_writes_.clear();
    dispatches_ = barriers_ = 0;
    labels_.clear();
    queries_used_ = 0;
    VkCommandBufferBeginInfo bi{VK_STRUCTURE_TYPE_COMMAND_BUFFER_BEGIN_INFO};
    check(vkBeginCommandBuffer(cmd_, &bi), "starting a command buffer");
    recording_ = true;
    ended_ = false;
    // Work of an earlier submission (a previous token, an upload) is complete and visible before
    // anything recorded here reads it, also when this buffer is replayed.
    barrier();
    barriers_ = 0;
    if (profile_) {
        if (!queries_ || query_capacity_ < 1024) {
            VkQueryPoolCreateInfo qci{VK_STRUCTURE_TYPE_QUERY_POOL_CREATE_INFO};
            qci.queryType = VK_QUERY_TYPE_TIMESTAMP;
            qci.queryCount = 4096;
            queries_.create(dev, "creating timestamp queries", [&](VkQueryPool* made) {
                return vkCreateQueryPool(dev, &qci, nullptr, made);
            });
            query_capacity_ = qci.queryCount;
        }
        vkCmdResetQueryPool(cmd_, queries_.get(), 0, query_capacity_);
        stamp(nullptr);
    }
}

void CommandRecorder::stamp(const char* label) {
    if (!profile_ || queries_used_ >= query_capacity_) return;
    vkCmdWriteTimestamp(cmd_, VK_PIPELINE_STAGE_BOTTOM_OF_PIPE_BIT, queries_.get(),
                        queries_used_++);
    if (label) labels_.emplace_back(label);
}

void CommandRecorder::barrier() {
    VkMemoryBarrier mb{VK_STRUCTURE_TYPE_MEMORY_BARRIER};
    mb.srcAccessMask =
        VK_ACCESS_SHADER_WRITE_BIT | VK_ACCESS_TRANSFER_WRITE_BIT | VK_ACCESS_HOST_WRITE_BIT;
    mb.dstAccessMask = VK_ACCESS_SHADER_READ_BIT | VK_ACCESS_SHADER_WRITE_BIT |
                       VK_ACCESS_TRANSFER_READ_BIT | VK_ACCESS_TRANSFER_WRITE_BIT;
    vkCmdPipelineBarrier(cmd_,
                         VK_PIPELINE_STAGE_COMPUTE_SHADER_BIT | VK_PIPELINE_STAGE_TRANSFER_BIT |
                             VK_PIPELINE_STAGE_HOST_BIT,
                         VK_PIPELINE_STAGE_COMPUTE_SHADER_BIT | VK_PIPELINE_STAGE_TRANSFER_BIT, 0,
                         1, &mb, 0, nullptr, 0, nullptr);
    pending_reads_.clear();
    pending_writes_.clear();
    ++barriers_;
}

void CommandRecorder::track(std::span<const Range> reads, std::span<const Range> writes) {
    auto overlaps = [](const Range& a, const Range& b) {
        return a.buffer == b.buffer && a.begin < b.end && b.begin < a.end;
    };
    auto any_overlap = [&](std::span<const Range> xs, const std::vector<Range>& ys) {
        for (const auto& x : xs)
            for (const auto& y : ys)
                if (overlaps(x, y)) return true;
        return false;
    };
    if (any_overlap(reads, pending_writes_) || any_overlap(writes, pending_writes_) ||
        any_overlap(writes, pending_reads_))
        barrier();
    pending_reads_.insert(pending_reads_.end(), reads.begin(), reads.end());
    pending_writes_.insert(pending_writes_.end(), writes.begin(), writes.end());
}

VkDescriptorSet CommandRecorder::allocate_set(VkDescriptorSetLayout layout, uint32_t) {
    VkDevice dev = device_.handle();
    for (;;) {
        if (current_pool_ == descriptor_pools_.size()) {
            VkDescriptorPoolSize sizes[2] = {
                {VK_DESCRIPTOR_TYPE_STORAGE_BUFFER, kSetsPerPool * kBuffersPerSet},
                {VK_DESCRIPTOR_TYPE_UNIFORM_TEXEL_BUFFER, kSetsPerPool * 2}};
            VkDescriptorPoolCreateInfo pci{VK_STRUCTURE_TYPE_DESCRIPTOR_POOL_CREATE_INFO};
            pci.maxSets = kSetsPerPool;
            pci.poolSizeCount = 2;
            pci.pPoolSizes = sizes;
            Handle<VkDescriptorPool> pool;
            pool.create(dev, "creating a descriptor pool", [&](VkDescriptorPool* made) {
                return vkCreateDescriptorPool(dev, &pci, nullptr, made);
            });
            descriptor_pools_.push_back(std::move(pool));
        }
        VkDescriptorSetAllocateInfo ai{VK_STRUCTURE_TYPE_DESCRIPTOR_SET_ALLOCATE_INFO};
        ai.descriptorPool = descriptor_pools_[current_pool_].get();
        ai.descriptorSetCount = 1;
        ai.pSetLayouts = &layout;
        VkDescriptorSet set = VK_NULL_HANDLE;
        VkResult r = vkAllocateDescriptorSets(dev, &ai, &set);
        if (r == VK_SUCCESS) return set;
        if (r != VK_ERROR_OUT_OF_POOL_MEMORY && r != VK_ERROR_FRAGMENTED_POOL)
            check(r, "allocating a descriptor set");
        ++current_pool_;
    }
}

void CommandRecorder::dispatch(const Pipeline& pipeline, std::span<const Binding> bindings,
                               const void* push, uint32_t push_bytes, uint32_t gx, uint32_t gy,
                               uint32_t gz, const char* label) {
    if (!recording_) throw Error(ErrorKind::InvalidArgument, "dispatch outside begin()/end()");
    const auto& desc = pipeline.desc();
    if (bindings.size() != desc.bindings || bindings.size() > kBuffersPerSet)
        throw Error(ErrorKind::InvalidArgument, desc.shader + ": wrong number of buffer bindings");
    if (push_bytes != desc.push_constant_bytes)
        throw Error(ErrorKind::InvalidArgument, desc.shader + ": wrong push constant size");
    const auto& lim = device_.info().limits;
    if (gx == 0 || gy == 0 || gz == 0) return; // nothing to do
    if (gx > lim.max_compute_workgroup_count[0] || gy > lim.max_compute_workgroup_count[1] ||
        gz > lim.max_compute_workgroup_count[2])
        throw Error(ErrorKind::InvalidArgument,
                    desc.shader + ": dispatch exceeds the device's workgroup count limit");

    Range reads[kBuffersPerSet], writes[kBuffersPerSet];
    size_t nr = 0, nw = 0;
    VkDescriptorBufferInfo infos[kBuffersPerSet];
    VkWriteDescriptorSet writes_ds[kBuffersPerSet];
    VkDescriptorSet set = allocate_set(pipeline.set_layout(), desc.bindings);
    for (size_t i = 0; i < bindings.size(); ++i) {
        const BufferView& v = bindings[i].view;
        if (!((desc.texel_bindings >> i) & 1) && v.size > lim.max_storage_buffer_range)
            throw Error(ErrorKind::InvalidArgument,
                        desc.shader + ": binding exceeds maxStorageBufferRange");
        Range r{v.buffer, v.offset, v.offset + v.size};
        (bindings[i].written ? writes[nw++] : reads[nr++]) = r;
        infos[i] = {v.buffer, v.offset, v.size};
        writes_ds[i] = {VK_STRUCTURE_TYPE_WRITE_DESCRIPTOR_SET};
        writes_ds[i].dstSet = set;
        writes_ds[i].dstBinding = uint32_t(i);
        writes_ds[i].descriptorCount = 1;
        if ((desc.texel_bindings >> i) & 1) {
            if (!bindings[i].texel)
                throw Error(ErrorKind::InvalidArgument,
                            desc.shader + ": texel binding without a texel view");
            writes_ds[i].descriptorType = VK_DESCRIPTOR_TYPE_UNIFORM_TEXEL_BUFFER;
            writes_ds[i].pTexelBufferView = &bindings[i].texel;
        } else {
            writes_ds[i].descriptorType = VK_DESCRIPTOR_TYPE_STORAGE_BUFFER;
            writes_ds[i].pBufferInfo = &infos[i];
        }
    }
    vkUpdateDescriptorSets(device_.handle(), uint32_t(bindings.size()), writes_ds, 0, nullptr);
    track({reads, nr}, {writes, nw});
    vkCmdBindPipeline(cmd_, VK_PIPELINE_BIND_POINT_COMPUTE, pipeline.handle());
    vkCmdBindDescriptorSets(cmd_, VK_PIPELINE_BIND_POINT_COMPUTE, pipeline.layout(), 0, 1, &set, 0,
                            nullptr);
    if (push_bytes)
        vkCmdPushConstants(cmd_, pipeline.layout(), VK_SHADER_STAGE_COMPUTE_BIT, 0, push_bytes,
                           push);
    vkCmdDispatch(cmd_, gx, gy, gz);
    ++dispatches_;
    stamp(label ? label : desc.shader.c_str());
}

void CommandRecorder::copy(const BufferView& src, const BufferView& dst) {
    if (src.size != dst.size)
        throw Error(ErrorKind::InvalidArgument, "copy between ranges of different sizes");
    Range r{src.buffer, src.offset, src.offset + src.size},
        w{dst.buffer, dst.offset, dst.offset + dst.size};
    track({&r, 1}, {&w, 1});
    VkBufferCopy region{src.offset, dst.offset, src.size};
    vkCmdCopyBuffer(cmd_, src.buffer, dst.buffer, 1, &region);
    stamp("copy");
}

void CommandRecorder::fill(const BufferView& dst, uint32_t value) {
    Range w{dst.buffer, dst.offset, dst.offset + dst.size};
    track({}, {&w, 1});
    vkCmdFillBuffer(cmd_, dst.buffer, dst.offset, dst.size & ~VkDeviceSize(3), value);
    stamp("fill");
}

void CommandRecorder::update(const BufferView& dst, const void* data, uint32_t bytes) {
    if (bytes > 65536 || bytes % 4 || bytes > dst.size)
        throw Error(ErrorKind::InvalidArgument, "update: at most 64 KiB, a multiple of 4 bytes");
    Range w{dst.buffer, dst.offset, dst.offset + bytes};
    track({}, {&w, 1});
    vkCmdUpdateBuffer(cmd_, dst.buffer, dst.offset, bytes, data);
}

void CommandRecorder::end() {
    if (!recording_) throw Error(ErrorKind::InvalidArgument, "end() without begin()");
    // Results become visible to the host (mapped read-back buffers) once the fence signals.
    VkMemoryBarrier mb{VK_STRUCTURE_TYPE_MEMORY_BARRIER};
    mb.srcAccessMask = VK_ACCESS_SHADER_WRITE_BIT | VK_ACCESS_TRANSFER_WRITE_BIT;
    mb.dstAccessMask = VK_ACCESS_HOST_READ_BIT;
    vkCmdPipelineBarrier(cmd_,
                         VK_PIPELINE_STAGE_COMPUTE_SHADER_BIT | VK_PIPELINE_STAGE_TRANSFER_BIT,
                         VK_PIPELINE_STAGE_HOST_BIT, 0, 1, &mb, 0, nullptr, 0, nullptr);
    check(vkEndCommandBuffer(cmd_), "finishing a command buffer");
    recording_ = false;
    ended_ = true;
}

void CommandRecorder::submit_and_wait() {
    if (!ended_) throw Error(ErrorKind::InvalidArgument, "submit before end()");
    VkDevice dev = device_.handle();
    const VkFence fence = fence_.get();
    VkResult r;
    {
        std::lock_guard lock(device_.queue_mutex());
        check(vkResetFences(dev, 1, &fence), "resetting a fence");
        VkSubmitInfo si{VK_STRUCTURE_TYPE_SUBMIT_INFO};
        si.commandBufferCount = 1;
        si.pCommandBuffers = &cmd_;
        r = vkQueueSubmit(device_.queue(), 1, &si, fence);
    }
    check(r, "submitting GPU work");
    check(vkWaitForFences(dev, 1, &fence, VK_TRUE, UINT64_MAX), "waiting for GPU work");
}

std::vector<KernelTime> CommandRecorder::kernel_times() const {
    std::vector<KernelTime> out;
    if (!profile_ || queries_used_ < 2) return out;
    std::vector<uint64_t> ts(queries_used_);
    VkResult r = vkGetQueryPoolResults(device_.handle(), queries_.get(), 0, queries_used_,
                                       ts.size() * 8, ts.data(), 8, VK_QUERY_RESULT_64_BIT);
    if (r != VK_SUCCESS) return out;
    const double period_ms = device_.info().limits.timestamp_period_ns * 1e-6;
    for (uint32_t i = 1; i < queries_used_ && i - 1 < labels_.size(); ++i)
        out.push_back({labels_[i - 1], double(ts[i] - ts[i - 1]) * period_ms});
    return out;
}

} // namespace glm::vk
