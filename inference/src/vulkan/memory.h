// Device memory: large blocks sub-allocated into buffers, and tensors split across several buffers
// when they exceed what one descriptor may address (maxStorageBufferRange) or one allocation may
// hold (maxMemoryAllocationSize, maxBufferSize).
#pragma once

#include "vulkan/vulkan_api.h"

#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace glm::vk {

class Device;

enum class MemoryUsage {
    DeviceLocal, // GPU-only: weights, activations, KV cache
    Upload,      // host-visible, written by the CPU, read by the GPU (staging, small uniforms)
    Readback,    // host-visible and host-cached where possible, written by the GPU, read by the CPU
};

// What a shader binding sees: a range of a VkBuffer.
struct BufferView {
    VkBuffer buffer = VK_NULL_HANDLE;
    VkDeviceSize offset = 0;
    VkDeviceSize size = 0;
    // The whole VkBuffer as 16-byte texels (R32G32B32A32_UINT), or null where the device cannot
    // read it so: texel `offset / 16` is this range's first byte. CPU drivers fetch texels with
    // vector gathers where storage-buffer loads cost per-lane work (KernelConfig::texel_inputs).
    VkBufferView texels = VK_NULL_HANDLE;
};

struct MemoryBlock;

// A sub-allocation; freed when destroyed. Movable, not copyable.
class Buffer {
public:
    Buffer() = default;
    ~Buffer();
    Buffer(Buffer&& o) noexcept;
    Buffer& operator=(Buffer&& o) noexcept;
    Buffer(const Buffer&) = delete;
    Buffer& operator=(const Buffer&) = delete;

    explicit operator bool() const { return block_ != nullptr; }
    VkDeviceSize size() const { return size_; }
    BufferView view() const;
    BufferView view(VkDeviceSize offset, VkDeviceSize size) const;
    // Host pointer of the buffer's first byte, or nullptr when the memory is not host-visible.
    void* mapped() const;
    bool host_coherent() const;
    // Makes GPU writes visible to mapped(): needed only when the memory is not host-coherent.
    void invalidate_host() const;

private:
    friend class Allocator;
    void release();
    class Allocator* owner_ = nullptr;
    MemoryBlock* block_ = nullptr;
    VkDeviceSize offset_ = 0;
    VkDeviceSize size_ = 0;
};

struct MemoryStats {
    uint64_t device_local_bytes = 0;      // currently allocated from the driver (whole blocks)
    uint64_t device_local_in_buffers = 0; // of which handed out as buffers
    uint64_t device_local_peak = 0;
    uint64_t host_visible_bytes = 0;
    uint64_t device_local_heap_size = 0; // the largest device-local heap
    uint64_t device_local_budget =
        0; // what the driver says is available (VK_EXT_memory_budget), else heap size
};

class Allocator {
public:
    explicit Allocator(Device& device);
    ~Allocator();
    Allocator(const Allocator&) = delete;
    Allocator& operator=(const Allocator&) = delete;

    // `what` names the contents for error messages ("the KV cache", "tensor blk.3.ffn_up.weight").
    Buffer allocate(VkDeviceSize size, MemoryUsage usage, const std::string& what);

    // Largest single buffer the kernels may bind (min of the descriptor range, allocation and
    // buffer limits, and the block size).
    VkDeviceSize max_buffer_bytes() const { return max_buffer_bytes_; }
    VkDeviceSize alignment() const { return alignment_; }
    MemoryStats stats() const;

private:
    friend class Buffer;
    void free(MemoryBlock* block, VkDeviceSize offset, VkDeviceSize size);
    MemoryBlock* new_block(VkDeviceSize size, MemoryUsage usage, uint32_t type_index,
                           const std::string& what);
    uint32_t memory_type(MemoryUsage usage) const;

    Device& device_;
    mutable std::mutex mutex_;
    std::vector<std::unique_ptr<MemoryBlock>> blocks_;
    VkDeviceSize block_size_ = 0;
    VkDeviceSize max_buffer_bytes_ = 0;
    VkDeviceSize alignment_ = 256;
    uint64_t device_local_bytes_ = 0;
    uint64_t device_local_peak_ = 0;
    uint64_t device_local_in_buffers_ = 0;
    uint64_t host_visible_bytes_ = 0;
};

// A tensor stored as whole rows in one or more buffers. Kernels are dispatched once per chunk
// with the chunk's first row, so splitting stays invisible to the shaders and to the model code.
struct RowChunk {
    Buffer buffer;
    uint64_t first_row = 0;
    uint64_t rows = 0;
};

class SplitBuffer {
public:
    SplitBuffer() = default;
    // `row_bytes`: bytes of one row. `row_granule`: each chunk except the last holds a multiple of
    // this many rows (kernels that process several rows per workgroup never straddle chunks).
    // `max_chunk_bytes` (0: the device limit) lets tests force small chunks.
    SplitBuffer(Allocator& alloc, uint64_t rows, uint64_t row_bytes, MemoryUsage usage,
                const std::string& what, uint64_t row_granule = 64, uint64_t max_chunk_bytes = 0);

    uint64_t rows() const { return rows_; }
    uint64_t row_bytes() const { return row_bytes_; }
    uint64_t bytes() const { return rows_ * row_bytes_; }
    const std::vector<RowChunk>& chunks() const { return chunks_; }
    std::vector<RowChunk>& chunks() { return chunks_; }
    // The chunk holding `row` (rows are never split across chunks).
    const RowChunk& chunk_of(uint64_t row) const;

private:
    uint64_t rows_ = 0;
    uint64_t row_bytes_ = 0;
    std::vector<RowChunk> chunks_;
};

} // namespace glm::vk
