#include "vulkan/memory.h"

#include "glm/error.h"
#include "vulkan/device.h"
#include "vulkan/texel_view.h"
#include "vulkan/vulkan_error.h"

#include <algorithm>
#include <cstdio>

namespace glm::vk {

struct MemoryBlock {
    VkDeviceMemory memory = VK_NULL_HANDLE;
    VkBuffer buffer = VK_NULL_HANDLE;
    VkBufferView texels = VK_NULL_HANDLE; // see BufferView::texels
    void* mapped = nullptr;
    VkDeviceSize size = 0;
    MemoryUsage usage = MemoryUsage::DeviceLocal;
    bool coherent = true;
    VkDeviceSize used = 0;
    std::map<VkDeviceSize, VkDeviceSize> free_ranges; // offset -> size, coalesced
};

namespace {
VkDeviceSize align_up(VkDeviceSize v, VkDeviceSize a) {
    return (v + a - 1) / a * a;
}
VkDeviceSize align_down(VkDeviceSize v, VkDeviceSize a) {
    return v / a * a;
}

// A 16-byte texel view of a whole block (BufferView::texels), or null where the device cannot
// read the format from texel buffers or the block has more texels than one view may address.
VkBufferView block_texels(Device& device, VkBuffer buffer, VkDeviceSize size) {
    constexpr VkFormat format = VK_FORMAT_R32G32B32A32_UINT;
    if (!TexelView::supported(device, format, size, 16)) return VK_NULL_HANDLE;
    VkBufferViewCreateInfo ci{VK_STRUCTURE_TYPE_BUFFER_VIEW_CREATE_INFO};
    ci.buffer = buffer;
    ci.format = format;
    ci.offset = 0;
    ci.range = size / 16 * 16;
    VkBufferView view = VK_NULL_HANDLE;
    // Without the view kernels read through storage-buffer bindings: slower, not wrong.
    if (vkCreateBufferView(device.handle(), &ci, nullptr, &view) != VK_SUCCESS)
        return VK_NULL_HANDLE;
    return view;
}
} // namespace

// ---- Buffer ----------------------------------------------------------------------------------

Buffer::~Buffer() {
    release();
}

Buffer::Buffer(Buffer&& o) noexcept
    : owner_(o.owner_), block_(o.block_), offset_(o.offset_), size_(o.size_) {
    o.owner_ = nullptr;
    o.block_ = nullptr;
}

Buffer& Buffer::operator=(Buffer&& o) noexcept {
    if (this != &o) {
        release();
        owner_ = o.owner_;
        block_ = o.block_;
        offset_ = o.offset_;
        size_ = o.size_;
        o.owner_ = nullptr;
        o.block_ = nullptr;
    }
    return *this;
}

void Buffer::release() {
    if (block_ && owner_) owner_->free(block_, offset_, size_);
    block_ = nullptr;
    owner_ = nullptr;
}

BufferView Buffer::view() const {
    return {block_->buffer, offset_, size_, block_->texels};
}

BufferView Buffer::view(VkDeviceSize offset, VkDeviceSize size) const {
    if (offset + size > size_) throw Error(ErrorKind::InvalidArgument, "buffer view out of range");
    return {block_->buffer, offset_ + offset, size, block_->texels};
}

void* Buffer::mapped() const {
    return block_ && block_->mapped ? static_cast<char*>(block_->mapped) + offset_ : nullptr;
}

bool Buffer::host_coherent() const {
    return block_ && block_->coherent;
}

void Buffer::invalidate_host() const {
    if (!block_ || block_->coherent || !block_->mapped) return;
    VkMappedMemoryRange range{VK_STRUCTURE_TYPE_MAPPED_MEMORY_RANGE};
    range.memory = block_->memory;
    range.offset = 0;
    range.size = VK_WHOLE_SIZE; // whole mapping: valid for any nonCoherentAtomSize
    check(vkInvalidateMappedMemoryRanges(owner_->device_.handle(), 1, &range),
          "reading GPU results");
}

// ---- Allocator -------------------------------------------------------------------------------

Allocator::Allocator(Device& device) : device_(device) {
    const auto& lim = device.info().limits;
    alignment_ = std::max<VkDeviceSize>(256, lim.min_storage_buffer_offset_alignment);
    VkDeviceSize max_alloc =
        lim.max_memory_allocation_size ? lim.max_memory_allocation_size : (1ull << 30);
    VkDeviceSize max_buf = lim.max_buffer_size ? lim.max_buffer_size : max_alloc;
    max_buffer_bytes_ =
        align_down(std::min({lim.max_storage_buffer_range, max_alloc, max_buf}), alignment_);
    block_size_ =
        std::min<VkDeviceSize>(256ull << 20, align_down(std::min(max_alloc, max_buf), alignment_));
}

Allocator::~Allocator() {
    VkDevice dev = device_.handle();
    for (auto& b : blocks_) {
        if (b->texels) vkDestroyBufferView(dev, b->texels, nullptr);
        if (b->buffer) vkDestroyBuffer(dev, b->buffer, nullptr);
        if (b->memory) vkFreeMemory(dev, b->memory, nullptr);
    }
}

uint32_t Allocator::memory_type(MemoryUsage usage) const {
    const auto& mp = device_.memory_properties();
    auto score = [&](VkMemoryPropertyFlags f) -> int {
        const bool dl = f & VK_MEMORY_PROPERTY_DEVICE_LOCAL_BIT;
        const bool hv = f & VK_MEMORY_PROPERTY_HOST_VISIBLE_BIT;
        const bool hc = f & VK_MEMORY_PROPERTY_HOST_COHERENT_BIT;
        const bool cached = f & VK_MEMORY_PROPERTY_HOST_CACHED_BIT;
        if (f & (VK_MEMORY_PROPERTY_PROTECTED_BIT | VK_MEMORY_PROPERTY_LAZILY_ALLOCATED_BIT))
            return -1;
        switch (usage) {
        case MemoryUsage::DeviceLocal:
            return dl ? (hv ? 1 : 2) : 0; // plain VRAM over a BAR window
        case MemoryUsage::Upload:
            return hv && hc ? (cached ? 1 : 2) : -1;
        case MemoryUsage::Readback:
            return hv ? (cached ? 2 : 1) : -1;
        }
        return -1;
    };
    int best = -1, best_score = -1;
    for (uint32_t i = 0; i < mp.memoryTypeCount; ++i) {
        int s = score(mp.memoryTypes[i].propertyFlags);
        if (s > best_score) best = int(i), best_score = s;
    }
    if (best < 0) throw Error(ErrorKind::Vulkan, "the device offers no suitable memory type");
    return uint32_t(best);
}

MemoryBlock* Allocator::new_block(VkDeviceSize size, MemoryUsage usage, uint32_t type_index,
                                  const std::string& what) {
    VkDevice dev = device_.handle();
    const auto& mp = device_.memory_properties();
    const VkMemoryType& type = mp.memoryTypes[type_index];
    const uint64_t heap_size = mp.memoryHeaps[type.heapIndex].size;
    const bool device_local = usage == MemoryUsage::DeviceLocal;
    const uint64_t in_use = device_local ? device_local_bytes_ : host_visible_bytes_;
    if (in_use + size > heap_size) {
        throw Error(ErrorKind::OutOfDeviceMemory,
                    "Not enough " + std::string(device_local ? "GPU" : "host-visible") +
                        " memory for " + what + ": it needs " + format_bytes(size) + ", " +
                        format_bytes(in_use) + " of the " + format_bytes(heap_size) +
                        " heap are already in use. Choose a smaller quantization (Q4_0), a shorter "
                        "context, or a device with more memory.");
    }
    auto block = std::make_unique<MemoryBlock>();
    block->size = size;
    block->usage = usage;
    block->coherent = type.propertyFlags & VK_MEMORY_PROPERTY_HOST_COHERENT_BIT;

    VkBufferCreateInfo bci{VK_STRUCTURE_TYPE_BUFFER_CREATE_INFO};
    bci.size = size;
    // Texel-buffer use lets CPU drivers read weights with vector gathers (TexelView).
    bci.usage = VK_BUFFER_USAGE_STORAGE_BUFFER_BIT | VK_BUFFER_USAGE_UNIFORM_TEXEL_BUFFER_BIT |
                VK_BUFFER_USAGE_TRANSFER_SRC_BIT | VK_BUFFER_USAGE_TRANSFER_DST_BIT;
    bci.sharingMode = VK_SHARING_MODE_EXCLUSIVE;
    check(vkCreateBuffer(dev, &bci, nullptr, &block->buffer), "creating a buffer for " + what);

    VkMemoryRequirements req{};
    vkGetBufferMemoryRequirements(dev, block->buffer, &req);
    if (!(req.memoryTypeBits & (1u << type_index))) {
        vkDestroyBuffer(dev, block->buffer, nullptr);
        throw Error(ErrorKind::Vulkan, "the chosen memory type cannot hold storage buffers");
    }
    VkMemoryAllocateInfo mai{VK_STRUCTURE_TYPE_MEMORY_ALLOCATE_INFO};
    mai.allocationSize = req.size;
    mai.memoryTypeIndex = type_index;
    VkResult r = vkAllocateMemory(dev, &mai, nullptr, &block->memory);
    if (r == VK_ERROR_OUT_OF_DEVICE_MEMORY || r == VK_ERROR_OUT_OF_HOST_MEMORY) {
        vkDestroyBuffer(dev, block->buffer, nullptr);
        throw Error(ErrorKind::OutOfDeviceMemory,
                    "The GPU driver could not allocate " + format_bytes(req.size) + " for " + what +
                        " (" + format_bytes(in_use) + " already in use, heap " +
                        format_bytes(heap_size) +
                        "). Close other programs using the GPU, choose "
                        "a smaller quantization (Q4_0) or a shorter context.");
    }
    if (r != VK_SUCCESS) {
        vkDestroyBuffer(dev, block->buffer, nullptr);
        throw_result(r, "allocating memory for " + what);
    }
    check(vkBindBufferMemory(dev, block->buffer, block->memory, 0), "binding memory");
    if (type.propertyFlags & VK_MEMORY_PROPERTY_HOST_VISIBLE_BIT)
        check(vkMapMemory(dev, block->memory, 0, VK_WHOLE_SIZE, 0, &block->mapped),
              "mapping memory");
    if (device_local) block->texels = block_texels(device_, block->buffer, size);
    block->free_ranges[0] = size;
    (device_local ? device_local_bytes_ : host_visible_bytes_) += size;
    device_local_peak_ = std::max(device_local_peak_, device_local_bytes_);
    blocks_.push_back(std::move(block));
    return blocks_.back().get();
}

Buffer Allocator::allocate(VkDeviceSize size, MemoryUsage usage, const std::string& what) {
    if (size == 0) size = 4;
    size = align_up(size, 16);
    if (size > max_buffer_bytes_)
        throw Error(ErrorKind::InvalidArgument,
                    what + " needs one buffer of " + format_bytes(size) +
                        " but the device can bind at most " + format_bytes(max_buffer_bytes_) +
                        " per buffer (split it with SplitBuffer)");
    std::lock_guard lock(mutex_);
    const uint32_t type_index = memory_type(usage);
    auto try_block = [&](MemoryBlock& b) -> Buffer {
        for (auto it = b.free_ranges.begin(); it != b.free_ranges.end(); ++it) {
            VkDeviceSize start = align_up(it->first, alignment_);
            VkDeviceSize end = it->first + it->second;
            if (start + size > end) continue;
            VkDeviceSize range_off = it->first;
            b.free_ranges.erase(it);
            if (start > range_off) b.free_ranges[range_off] = start - range_off;
            if (start + size < end) b.free_ranges[start + size] = end - (start + size);
            b.used += size;
            if (b.usage == MemoryUsage::DeviceLocal) device_local_in_buffers_ += size;
            Buffer buf;
            buf.owner_ = this;
            buf.block_ = &b;
            buf.offset_ = start;
            buf.size_ = size;
            return buf;
        }
        return {};
    };
    for (auto& b : blocks_) {
        if (b->usage != usage) continue;
        if (Buffer buf = try_block(*b)) return buf;
    }
    const VkDeviceSize host_block = std::min<VkDeviceSize>(64ull << 20, block_size_);
    const VkDeviceSize base = usage == MemoryUsage::DeviceLocal ? block_size_ : host_block;
    MemoryBlock* b = new_block(std::max(base, align_up(size, alignment_)), usage, type_index, what);
    return try_block(*b);
}

void Allocator::free(MemoryBlock* block, VkDeviceSize offset, VkDeviceSize size) {
    std::lock_guard lock(mutex_);
    auto& fr = block->free_ranges;
    auto it = fr.emplace(offset, size).first;
    if (it != fr.begin()) {
        auto prev = std::prev(it);
        if (prev->first + prev->second == it->first) {
            prev->second += it->second;
            fr.erase(it);
            it = prev;
        }
    }
    auto next = std::next(it);
    if (next != fr.end() && it->first + it->second == next->first) {
        it->second += next->second;
        fr.erase(next);
    }
    block->used -= size;
    if (block->usage == MemoryUsage::DeviceLocal) device_local_in_buffers_ -= size;
    if (block->used == 0) {
        // Give memory back at once: models are large and users switch between them.
        VkDevice dev = device_.handle();
        (block->usage == MemoryUsage::DeviceLocal ? device_local_bytes_ : host_visible_bytes_) -=
            block->size;
        if (block->texels) vkDestroyBufferView(dev, block->texels, nullptr);
        vkDestroyBuffer(dev, block->buffer, nullptr);
        vkFreeMemory(dev, block->memory, nullptr);
        blocks_.erase(std::find_if(blocks_.begin(), blocks_.end(),
                                   [&](const auto& p) { return p.get() == block; }));
    }
}

MemoryStats Allocator::stats() const {
    std::lock_guard lock(mutex_);
    MemoryStats s;
    s.device_local_bytes = device_local_bytes_;
    s.device_local_in_buffers = device_local_in_buffers_;
    s.device_local_peak = device_local_peak_;
    s.host_visible_bytes = host_visible_bytes_;
    const auto& mp = device_.memory_properties();
    for (uint32_t i = 0; i < mp.memoryHeapCount; ++i)
        if (mp.memoryHeaps[i].flags & VK_MEMORY_HEAP_DEVICE_LOCAL_BIT)
            s.device_local_heap_size =
                std::max<uint64_t>(s.device_local_heap_size, mp.memoryHeaps[i].size);
    s.device_local_budget = s.device_local_heap_size;
    return s;
}

// ---- SplitBuffer -----------------------------------------------------------------------------

SplitBuffer::SplitBuffer(Allocator& alloc, uint64_t rows, uint64_t row_bytes, MemoryUsage usage,
                         const std::string& what, uint64_t row_granule, uint64_t max_chunk_bytes)
    : rows_(rows), row_bytes_(row_bytes) {
    if (rows == 0 || row_bytes == 0)
        throw Error(ErrorKind::InvalidArgument, what + ": empty tensor");
    if (usage == MemoryUsage::DeviceLocal) {
        // Refuse up front rather than allocate most of the heap chunk by chunk and then fail.
        MemoryStats st = alloc.stats();
        if (st.device_local_heap_size &&
            st.device_local_bytes + rows * row_bytes > st.device_local_heap_size)
            throw Error(
                ErrorKind::OutOfDeviceMemory,
                "Not enough GPU memory for " + what + ": it needs " +
                    format_bytes(rows * row_bytes) + ", " + format_bytes(st.device_local_bytes) +
                    " of the " + format_bytes(st.device_local_heap_size) +
                    " heap are already in use. Choose a smaller quantization (Q4_0), a shorter "
                    "context, or a device with more memory.");
    }
    uint64_t limit = alloc.max_buffer_bytes();
    if (max_chunk_bytes) limit = std::min(limit, max_chunk_bytes);
    uint64_t rows_per_chunk = limit / row_bytes;
    if (rows_per_chunk >= row_granule) rows_per_chunk -= rows_per_chunk % row_granule;
    if (rows_per_chunk == 0)
        throw Error(ErrorKind::InvalidArgument, what + ": one row (" + format_bytes(row_bytes) +
                                                    ") exceeds the largest buffer "
                                                    "the device can bind (" +
                                                    format_bytes(limit) + ")");
    for (uint64_t r = 0; r < rows; r += rows_per_chunk) {
        uint64_t n = std::min(rows_per_chunk, rows - r);
        RowChunk c;
        c.first_row = r;
        c.rows = n;
        c.buffer = alloc.allocate(n * row_bytes, usage, what);
        chunks_.push_back(std::move(c));
    }
}

const RowChunk& SplitBuffer::chunk_of(uint64_t row) const {
    for (const auto& c : chunks_)
        if (row >= c.first_row && row < c.first_row + c.rows) return c;
    throw Error(ErrorKind::InvalidArgument, "row out of range");
}

} // namespace glm::vk
