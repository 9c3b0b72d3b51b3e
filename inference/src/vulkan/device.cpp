#include "vulkan/device.h"

#include "glm/error.h"
#include "vulkan/instance.h"
#include "vulkan/pipeline.h"
#include "vulkan/vulkan_error.h"

#include <algorithm>
#include <cstring>
#include <map>

namespace glm::vk {

namespace {

bool device_has_extension(VkPhysicalDevice pd, const char* name) {
    uint32_t n = 0;
    vkEnumerateDeviceExtensionProperties(pd, nullptr, &n, nullptr);
    std::vector<VkExtensionProperties> exts(n);
    vkEnumerateDeviceExtensionProperties(pd, nullptr, &n, exts.data());
    return std::any_of(exts.begin(), exts.end(), [&](const VkExtensionProperties& e) {
        return !std::strcmp(e.extensionName, name);
    });
}

} // namespace

struct PipelineStore {
    std::mutex mutex;
    std::map<std::string, std::unique_ptr<Pipeline>> pipelines;
};

Device::Device(Instance& instance, const DeviceInfo& info, const DeviceOptions& options)
    : info_(info), physical_(instance.physical_device(info.index)) {
    if (!info.usable)
        throw Error(ErrorKind::NoVulkan,
                    "The device " + info.name + " " + info.unusable_reason + ".");
    vkGetPhysicalDeviceMemoryProperties(physical_, &memory_props_);

    uint32_t nq = 0;
    vkGetPhysicalDeviceQueueFamilyProperties(physical_, &nq, nullptr);
    std::vector<VkQueueFamilyProperties> qf(nq);
    vkGetPhysicalDeviceQueueFamilyProperties(physical_, &nq, qf.data());
    bool found = false;
    // Prefer a compute queue family that also does graphics: it is the "main" queue on every
    // vendor and the one whose timestamps are valid; dedicated async-compute queues come second.
    for (int pass = 0; pass < 2 && !found; ++pass)
        for (uint32_t i = 0; i < nq; ++i) {
            const bool compute = qf[i].queueFlags & VK_QUEUE_COMPUTE_BIT;
            const bool graphics = qf[i].queueFlags & VK_QUEUE_GRAPHICS_BIT;
            if (compute && (pass == 1 || graphics)) {
                queue_family_ = i;
                found = true;
                break;
            }
        }
    if (!found) throw Error(ErrorKind::NoVulkan, info.name + " has no compute queue.");

    const auto& f = info.features;
    VkPhysicalDeviceVulkan11Features f11{VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_VULKAN_1_1_FEATURES};
    VkPhysicalDeviceVulkan12Features f12{VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_VULKAN_1_2_FEATURES};
    VkPhysicalDeviceSubgroupSizeControlFeaturesEXT fsg{
        VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_SUBGROUP_SIZE_CONTROL_FEATURES_EXT};
    VkPhysicalDeviceShaderIntegerDotProductFeatures fdot{
        VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_SHADER_INTEGER_DOT_PRODUCT_FEATURES};
    VkPhysicalDeviceFeatures2 feats{VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_FEATURES_2};
    feats.pNext = &f11;
    f11.pNext = &f12;
    void** tail = &f12.pNext;

    VkPhysicalDeviceFeatures2 supported{VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_FEATURES_2};
    vkGetPhysicalDeviceFeatures2(physical_, &supported);
    feats.features.shaderInt16 = supported.features.shaderInt16;
    feats.features.shaderInt64 = supported.features.shaderInt64;
    enabled_.int64 = supported.features.shaderInt64;

    f11.storageBuffer16BitAccess = f.storage_buffer_16bit;
    f12.shaderFloat16 = f.shader_float16;
    f12.shaderInt8 = f.shader_int8;
    f12.storageBuffer8BitAccess = f.storage_buffer_8bit;
    enabled_.float16 = f.shader_float16;
    enabled_.int8 = f.shader_int8;
    enabled_.storage_8bit = f.storage_buffer_8bit;

    const bool v13 =
        VK_API_VERSION_MINOR(instance.api_version()) >= 3 && info.api_version.rfind("1.2", 0) != 0;
    std::vector<const char*> exts;
    if (f.subgroup_size_control) {
        fsg.subgroupSizeControl = VK_TRUE;
        fsg.computeFullSubgroups = VK_TRUE;
        *tail = &fsg;
        tail = &fsg.pNext;
        if (!v13) exts.push_back(VK_EXT_SUBGROUP_SIZE_CONTROL_EXTENSION_NAME);
        enabled_.subgroup_size_control = true;
    }
    if (f.integer_dot_product) {
        fdot.shaderIntegerDotProduct = VK_TRUE;
        *tail = &fdot;
        tail = &fdot.pNext;
        if (!v13) exts.push_back(VK_KHR_SHADER_INTEGER_DOT_PRODUCT_EXTENSION_NAME);
        enabled_.integer_dot_product = true;
    }
    VkPhysicalDeviceCooperativeMatrixFeaturesNV fcm{
        VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_COOPERATIVE_MATRIX_FEATURES_NV};
    if (f.cooperative_matrix_nv && f.shader_float16) {
        fcm.cooperativeMatrix = VK_TRUE;
        f12.vulkanMemoryModel = VK_TRUE; // the cooperative-matrix shaders use it
        *tail = &fcm;
        tail = &fcm.pNext;
        exts.push_back(VK_NV_COOPERATIVE_MATRIX_EXTENSION_NAME);
        enabled_.cooperative_matrix_nv = true;
    }
    if (device_has_extension(physical_, VK_EXT_MEMORY_BUDGET_EXTENSION_NAME)) {
        exts.push_back(VK_EXT_MEMORY_BUDGET_EXTENSION_NAME);
        enabled_.memory_budget = true;
    }
    // Non-conformant (portability) implementations such as MoltenVK require this extension.
    if (device_has_extension(physical_, "VK_KHR_portability_subset"))
        exts.push_back("VK_KHR_portability_subset");

    float priority = 1.0f;
    VkDeviceQueueCreateInfo qci{VK_STRUCTURE_TYPE_DEVICE_QUEUE_CREATE_INFO};
    qci.queueFamilyIndex = queue_family_;
    qci.queueCount = 1;
    qci.pQueuePriorities = &priority;
    VkDeviceCreateInfo dci{VK_STRUCTURE_TYPE_DEVICE_CREATE_INFO};
    dci.pNext = &feats;
    dci.queueCreateInfoCount = 1;
    dci.pQueueCreateInfos = &qci;
    dci.enabledExtensionCount = uint32_t(exts.size());
    dci.ppEnabledExtensionNames = exts.data();
    device_.create(VK_NULL_HANDLE, "opening the device " + info.name,
                   [&](VkDevice* made) { return vkCreateDevice(physical_, &dci, nullptr, made); });
    const VkDevice dev = device_.get();
    vkGetDeviceQueue(dev, queue_family_, 0, &queue_);

    VkCommandPoolCreateInfo cpi{VK_STRUCTURE_TYPE_COMMAND_POOL_CREATE_INFO};
    cpi.flags = VK_COMMAND_POOL_CREATE_RESET_COMMAND_BUFFER_BIT;
    cpi.queueFamilyIndex = queue_family_;
    transfer_pool_.create(dev, "creating a command pool", [&](VkCommandPool* made) {
        return vkCreateCommandPool(dev, &cpi, nullptr, made);
    });

    allocator_ = std::make_unique<Allocator>(*this);
    std::filesystem::path cache_file;
    if (options.pipeline_cache_dir != "-") {
        std::filesystem::path dir = options.pipeline_cache_dir.empty()
                                        ? default_cache_dir()
                                        : std::filesystem::path(options.pipeline_cache_dir);
        cache_file = dir / ("pipelines-" + info.uuid + ".bin");
    }
    pipeline_cache_ = std::make_unique<PipelineCache>(*this, cache_file);
    pipelines_ = std::make_unique<PipelineStore>();
}

Device::~Device() {
    // GPU work still running may use anything below; the members then go in reverse order of
    // declaration (pipelines, cache, allocator, command pool, the device last).
    if (device_) vkDeviceWaitIdle(device_.get());
}

const Pipeline& Device::pipeline(const PipelineDesc& desc) {
    PipelineStore* store = pipelines_.get();
    std::lock_guard lock(store->mutex);
    auto key = desc.key();
    auto it = store->pipelines.find(key);
    if (it != store->pipelines.end()) return *it->second;
    auto p = std::make_unique<Pipeline>(*this, desc, pipeline_cache_->handle());
    return *store->pipelines.emplace(key, std::move(p)).first->second;
}

void Device::submit_and_wait(VkCommandBuffer cmd) {
    std::lock_guard lock(queue_mutex_);
    const VkDevice dev = device_.get();
    VkFenceCreateInfo fci{VK_STRUCTURE_TYPE_FENCE_CREATE_INFO};
    Handle<VkFence> fence;
    fence.create(dev, "creating a fence",
                 [&](VkFence* made) { return vkCreateFence(dev, &fci, nullptr, made); });
    VkSubmitInfo si{VK_STRUCTURE_TYPE_SUBMIT_INFO};
    si.commandBufferCount = 1;
    si.pCommandBuffers = &cmd;
    const VkFence f = fence.get();
    check(vkQueueSubmit(queue_, 1, &si, f), "running GPU work");
    check(vkWaitForFences(dev, 1, &f, VK_TRUE, UINT64_MAX), "running GPU work");
}

void Device::wait_idle() {
    check(vkDeviceWaitIdle(device_.get()), "waiting for the GPU");
}

namespace {

// One command buffer from the transfer pool, given back on every path out of the copy.
struct TransferCommands {
    TransferCommands(VkDevice device, VkCommandPool pool) : device(device), pool(pool) {
        VkCommandBufferAllocateInfo ai{VK_STRUCTURE_TYPE_COMMAND_BUFFER_ALLOCATE_INFO};
        ai.commandPool = pool;
        ai.level = VK_COMMAND_BUFFER_LEVEL_PRIMARY;
        ai.commandBufferCount = 1;
        check(vkAllocateCommandBuffers(device, &ai, &cmd), "allocating a command buffer");
    }
    ~TransferCommands() { vkFreeCommandBuffers(device, pool, 1, &cmd); }
    TransferCommands(const TransferCommands&) = delete;
    TransferCommands& operator=(const TransferCommands&) = delete;
    VkDevice device;
    VkCommandPool pool;
    VkCommandBuffer cmd = VK_NULL_HANDLE;
};

} // namespace

void Device::copy_staged(const Buffer& staging, const Buffer& buf, VkDeviceSize offset,
                         VkDeviceSize bytes, bool to_device) {
    const TransferCommands commands(device_.get(), transfer_pool_.get());
    const VkCommandBuffer cmd = commands.cmd;
    VkCommandBufferBeginInfo bi{VK_STRUCTURE_TYPE_COMMAND_BUFFER_BEGIN_INFO};
    bi.flags = VK_COMMAND_BUFFER_USAGE_ONE_TIME_SUBMIT_BIT;
    vkBeginCommandBuffer(cmd, &bi);
    // Earlier GPU work on this buffer (shaders, copies) must finish before the copy reads/writes
    // it.
    VkMemoryBarrier before{VK_STRUCTURE_TYPE_MEMORY_BARRIER};
    before.srcAccessMask =
        VK_ACCESS_SHADER_WRITE_BIT | VK_ACCESS_TRANSFER_WRITE_BIT | VK_ACCESS_HOST_WRITE_BIT;
    before.dstAccessMask = VK_ACCESS_TRANSFER_READ_BIT | VK_ACCESS_TRANSFER_WRITE_BIT;
    vkCmdPipelineBarrier(cmd,
                         VK_PIPELINE_STAGE_COMPUTE_SHADER_BIT | VK_PIPELINE_STAGE_TRANSFER_BIT |
                             VK_PIPELINE_STAGE_HOST_BIT,
                         VK_PIPELINE_STAGE_TRANSFER_BIT, 0, 1, &before, 0, nullptr, 0, nullptr);
    BufferView s = staging.view(0, bytes), d = buf.view(offset, bytes);
    VkBufferCopy region{};
    region.size = bytes;
    if (to_device) {
        region.srcOffset = s.offset;
        region.dstOffset = d.offset;
        vkCmdCopyBuffer(cmd, s.buffer, d.buffer, 1, &region);
    } else {
        region.srcOffset = d.offset;
        region.dstOffset = s.offset;
        vkCmdCopyBuffer(cmd, d.buffer, s.buffer, 1, &region);
    }
    VkMemoryBarrier after{VK_STRUCTURE_TYPE_MEMORY_BARRIER};
    after.srcAccessMask = VK_ACCESS_TRANSFER_WRITE_BIT;
    after.dstAccessMask =
        VK_ACCESS_SHADER_READ_BIT | VK_ACCESS_SHADER_WRITE_BIT | VK_ACCESS_HOST_READ_BIT;
    vkCmdPipelineBarrier(cmd, VK_PIPELINE_STAGE_TRANSFER_BIT,
                         VK_PIPELINE_STAGE_COMPUTE_SHADER_BIT | VK_PIPELINE_STAGE_HOST_BIT, 0, 1,
                         &after, 0, nullptr, 0, nullptr);
    vkEndCommandBuffer(cmd);
    submit_and_wait(cmd);
}

void Device::upload(const Buffer& dst, VkDeviceSize dst_offset, const void* src,
                    VkDeviceSize bytes) {
    if (dst_offset + bytes > dst.size())
        throw Error(ErrorKind::InvalidArgument, "upload out of range");
    if (bytes == 0) return;
    if (void* p = dst.mapped(); p && dst.host_coherent()) {
        std::lock_guard lock(queue_mutex_); // no GPU work may use it concurrently
        std::memcpy(static_cast<char*>(p) + dst_offset, src, bytes);
        return;
    }
    std::lock_guard lock(transfer_mutex_);
    const VkDeviceSize chunk = std::min<VkDeviceSize>(bytes, 32ull << 20);
    Buffer staging = allocator_->allocate(chunk, MemoryUsage::Upload, "an upload staging buffer");
    for (VkDeviceSize done = 0; done < bytes; done += chunk) {
        VkDeviceSize n = std::min(chunk, bytes - done);
        std::memcpy(staging.mapped(), static_cast<const char*>(src) + done, n);
        copy_staged(staging, dst, dst_offset + done, n, true);
    }
}

void Device::download(const Buffer& src, VkDeviceSize src_offset, void* dst, VkDeviceSize bytes) {
    if (src_offset + bytes > src.size())
        throw Error(ErrorKind::InvalidArgument, "download out of range");
    if (bytes == 0) return;
    std::lock_guard lock(transfer_mutex_);
    const VkDeviceSize chunk = std::min<VkDeviceSize>(bytes, 32ull << 20);
    Buffer staging =
        allocator_->allocate(chunk, MemoryUsage::Readback, "a read-back staging buffer");
    for (VkDeviceSize done = 0; done < bytes; done += chunk) {
        VkDeviceSize n = std::min(chunk, bytes - done);
        copy_staged(staging, src, src_offset + done, n, false);
        staging.invalidate_host();
        std::memcpy(static_cast<char*>(dst) + done, staging.mapped(), n);
    }
}

void Device::fill_zero(const Buffer& dst) {
    std::vector<uint8_t> zeros(std::min<VkDeviceSize>(dst.size(), 32ull << 20), 0);
    for (VkDeviceSize done = 0; done < dst.size(); done += zeros.size())
        upload(dst, done, zeros.data(), std::min<VkDeviceSize>(zeros.size(), dst.size() - done));
}

} // namespace glm::vk
