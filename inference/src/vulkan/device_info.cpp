// DeviceInfo: what a physical device offers, read once at enumeration.
#include "glm/device.h"
#include "glm/error.h"
#include "vulkan/instance.h"

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <cstdlib>
#include <cstring>

namespace glm {

std::string format_bytes(uint64_t bytes) {
    char buf[64];
    if (bytes >= (1ull << 30))
        std::snprintf(buf, sizeof buf, "%.2f GiB", bytes / double(1ull << 30));
    else if (bytes >= (1ull << 20))
        std::snprintf(buf, sizeof buf, "%.1f MiB", bytes / double(1ull << 20));
    else if (bytes >= 1024)
        std::snprintf(buf, sizeof buf, "%.1f KiB", bytes / 1024.0);
    else
        std::snprintf(buf, sizeof buf, "%llu bytes", static_cast<unsigned long long>(bytes));
    return buf;
}

const char* to_string(DeviceType t) noexcept {
    switch (t) {
    case DeviceType::IntegratedGpu:
        return "integrated-gpu";
    case DeviceType::DiscreteGpu:
        return "discrete-gpu";
    case DeviceType::VirtualGpu:
        return "virtual-gpu";
    case DeviceType::Cpu:
        return "cpu";
    default:
        return "other";
    }
}

const char* to_string(ErrorKind kind) noexcept {
    switch (kind) {
    case ErrorKind::InvalidArgument:
        return "invalid-argument";
    case ErrorKind::InvalidFile:
        return "invalid-file";
    case ErrorKind::Io:
        return "io";
    case ErrorKind::NoVulkan:
        return "no-vulkan";
    case ErrorKind::OutOfDeviceMemory:
        return "out-of-device-memory";
    case ErrorKind::DeviceLost:
        return "device-lost";
    case ErrorKind::Vulkan:
        return "vulkan";
    case ErrorKind::ContextOverflow:
        return "context-overflow";
    case ErrorKind::Cancelled:
        return "cancelled";
    case ErrorKind::InvalidOutput:
        return "invalid-output";
    case ErrorKind::DeviceNotFound:
        return "device-not-found";
    }
    return "unknown";
}

uint64_t DeviceInfo::device_local_bytes() const {
    uint64_t total = 0;
    for (auto& h : heaps)
        if (h.device_local) total += h.size;
    return total;
}

namespace {

std::string vendor_name(uint32_t id, DeviceType type) {
    switch (id) {
    case 0x10DE:
        return "NVIDIA";
    case 0x1002:
        return "AMD";
    case 0x8086:
        return "Intel";
    case 0x13B5:
        return "ARM";
    case 0x5143:
        return "Qualcomm";
    case 0x106B:
        return "Apple";
    case 0x10005:
        return type == DeviceType::Cpu ? "Mesa (CPU)" : "Mesa";
    default: {
        char buf[32];
        std::snprintf(buf, sizeof buf, "vendor 0x%04x", id);
        return buf;
    }
    }
}

DeviceType device_type(VkPhysicalDeviceType t) {
    switch (t) {
    case VK_PHYSICAL_DEVICE_TYPE_INTEGRATED_GPU:
        return DeviceType::IntegratedGpu;
    case VK_PHYSICAL_DEVICE_TYPE_DISCRETE_GPU:
        return DeviceType::DiscreteGpu;
    case VK_PHYSICAL_DEVICE_TYPE_VIRTUAL_GPU:
        return DeviceType::VirtualGpu;
    case VK_PHYSICAL_DEVICE_TYPE_CPU:
        return DeviceType::Cpu;
    default:
        return DeviceType::Other;
    }
}

bool has_extension(const std::vector<VkExtensionProperties>& exts, const char* name) {
    return std::any_of(exts.begin(), exts.end(), [&](const VkExtensionProperties& e) {
        return !std::strcmp(e.extensionName, name);
    });
}

std::string version_string(uint32_t v) {
    return std::to_string(VK_API_VERSION_MAJOR(v)) + "." + std::to_string(VK_API_VERSION_MINOR(v)) +
           "." + std::to_string(VK_API_VERSION_PATCH(v));
}

// N of the widest 16×N×16 tile (16 or 8) that the device multiplies in fp16 with fp32 sums in
// subgroup scope through VK_NV_cooperative_matrix; 0 if none. (The extension's first NVIDIA
// drivers list 16×8×16 and 16×8×8; later ones 16×16×16 too.)
uint32_t fp16_tile_n_nv(VkPhysicalDevice pd) {
    if (!vk::vkGetPhysicalDeviceCooperativeMatrixPropertiesNV) return 0;
    uint32_t n = 0;
    vk::vkGetPhysicalDeviceCooperativeMatrixPropertiesNV(pd, &n, nullptr);
    std::vector<VkCooperativeMatrixPropertiesNV> props(
        n, VkCooperativeMatrixPropertiesNV{VK_STRUCTURE_TYPE_COOPERATIVE_MATRIX_PROPERTIES_NV});
    if (n) vk::vkGetPhysicalDeviceCooperativeMatrixPropertiesNV(pd, &n, props.data());
    props.resize(n);
    uint32_t best = 0;
    for (const auto& p : props)
        if (p.MSize == 16 && p.KSize == 16 && (p.NSize == 16 || p.NSize == 8) &&
            p.AType == VK_COMPONENT_TYPE_FLOAT16_NV && p.BType == VK_COMPONENT_TYPE_FLOAT16_NV &&
            p.CType == VK_COMPONENT_TYPE_FLOAT32_NV && p.DType == VK_COMPONENT_TYPE_FLOAT32_NV &&
            p.scope == VK_SCOPE_SUBGROUP_NV)
            best = std::max(best, p.NSize);
    return best;
}

} // namespace

namespace vk {

DeviceInfo query_device_info(VkPhysicalDevice pd, uint32_t index) {
    DeviceInfo info;
    info.index = index;

    uint32_t next = 0;
    vkEnumerateDeviceExtensionProperties(pd, nullptr, &next, nullptr);
    std::vector<VkExtensionProperties> exts(next);
    vkEnumerateDeviceExtensionProperties(pd, nullptr, &next, exts.data());

    VkPhysicalDeviceProperties base{};
    vkGetPhysicalDeviceProperties(pd, &base);
    const bool v13 = base.apiVersion >= VK_API_VERSION_1_3;

    VkPhysicalDeviceDriverProperties driver{VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_DRIVER_PROPERTIES};
    VkPhysicalDeviceSubgroupProperties subgroup{
        VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_SUBGROUP_PROPERTIES};
    VkPhysicalDeviceIDProperties ids{VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_ID_PROPERTIES};
    VkPhysicalDeviceSubgroupSizeControlPropertiesEXT sgsc{
        VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_SUBGROUP_SIZE_CONTROL_PROPERTIES_EXT};
    VkPhysicalDeviceMaintenance4Properties m4{
        VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_MAINTENANCE_4_PROPERTIES};
    driver.pNext = &subgroup;
    subgroup.pNext = &ids;
    void** tail = &ids.pNext;
    const bool has_sgsc = v13 || has_extension(exts, VK_EXT_SUBGROUP_SIZE_CONTROL_EXTENSION_NAME);
    if (has_sgsc) {
        *tail = &sgsc;
        tail = &sgsc.pNext;
    }
    const bool has_m4 = v13 || has_extension(exts, VK_KHR_MAINTENANCE_4_EXTENSION_NAME);
    if (has_m4) {
        *tail = &m4;
        tail = &m4.pNext;
    }
    VkPhysicalDeviceProperties2 props{VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_PROPERTIES_2};
    props.pNext = &driver;
    vkGetPhysicalDeviceProperties2(pd, &props);

    VkPhysicalDeviceVulkan11Features f11{VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_VULKAN_1_1_FEATURES};
    VkPhysicalDeviceVulkan12Features f12{VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_VULKAN_1_2_FEATURES};
    VkPhysicalDeviceSubgroupSizeControlFeaturesEXT fsgsc{
        VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_SUBGROUP_SIZE_CONTROL_FEATURES_EXT};
    VkPhysicalDeviceShaderIntegerDotProductFeatures fdot{
        VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_SHADER_INTEGER_DOT_PRODUCT_FEATURES};
    VkPhysicalDeviceShaderIntegerDotProductProperties pdot{
        VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_SHADER_INTEGER_DOT_PRODUCT_PROPERTIES};
    f11.pNext = &f12;
    tail = &f12.pNext;
    if (has_sgsc) {
        *tail = &fsgsc;
        tail = &fsgsc.pNext;
    }
    const bool has_dot =
        v13 || has_extension(exts, VK_KHR_SHADER_INTEGER_DOT_PRODUCT_EXTENSION_NAME);
    if (has_dot) {
        *tail = &fdot;
        tail = &fdot.pNext;
    }
    VkPhysicalDeviceCooperativeMatrixFeaturesNV fcm{
        VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_COOPERATIVE_MATRIX_FEATURES_NV};
    const bool has_cm_nv = has_extension(exts, VK_NV_COOPERATIVE_MATRIX_EXTENSION_NAME);
    if (has_cm_nv) {
        *tail = &fcm;
        tail = &fcm.pNext;
    }
    VkPhysicalDeviceFeatures2 feats{VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_FEATURES_2};
    feats.pNext = &f11;
    // The Vulkan 1.1/1.2 feature structs may only be chained on a 1.2 device.
    if (base.apiVersion >= VK_API_VERSION_1_2) vkGetPhysicalDeviceFeatures2(pd, &feats);
    if (has_dot) {
        VkPhysicalDeviceProperties2 p2{VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_PROPERTIES_2};
        p2.pNext = &pdot;
        vkGetPhysicalDeviceProperties2(pd, &p2);
    }
    VkPhysicalDeviceCooperativeMatrixPropertiesNV pcm{
        VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_COOPERATIVE_MATRIX_PROPERTIES_NV};
    if (has_cm_nv) {
        VkPhysicalDeviceProperties2 p2{VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_PROPERTIES_2};
        p2.pNext = &pcm;
        vkGetPhysicalDeviceProperties2(pd, &p2);
    }

    info.name = base.deviceName;
    info.vendor_id = base.vendorID;
    info.device_id = base.deviceID;
    info.type = device_type(base.deviceType);
    info.vendor = vendor_name(base.vendorID, info.type);
    info.driver_name = driver.driverName;
    info.driver_info = driver.driverInfo;
    info.api_version = version_string(base.apiVersion);
    char hex[3];
    for (uint8_t b : ids.deviceUUID) {
        std::snprintf(hex, sizeof hex, "%02x", b);
        info.uuid += hex;
    }

    VkPhysicalDeviceMemoryProperties mem{};
    vkGetPhysicalDeviceMemoryProperties(pd, &mem);
    for (uint32_t i = 0; i < mem.memoryHeapCount; ++i)
        info.heaps.push_back({mem.memoryHeaps[i].size,
                              (mem.memoryHeaps[i].flags & VK_MEMORY_HEAP_DEVICE_LOCAL_BIT) != 0});

    const VkPhysicalDeviceLimits& l = base.limits;
    auto& lim = info.limits;
    lim.max_storage_buffer_range = l.maxStorageBufferRange;
    VkPhysicalDeviceMaintenance3Properties m3{
        VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_MAINTENANCE_3_PROPERTIES};
    {
        VkPhysicalDeviceProperties2 p2{VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_PROPERTIES_2};
        p2.pNext = &m3;
        vkGetPhysicalDeviceProperties2(pd, &p2);
    }
    lim.max_memory_allocation_size = m3.maxMemoryAllocationSize;
    lim.max_buffer_size = has_m4 ? m4.maxBufferSize : 0;
    lim.min_storage_buffer_offset_alignment = l.minStorageBufferOffsetAlignment;
    lim.max_push_constants_size = l.maxPushConstantsSize;
    lim.max_compute_shared_memory_size = l.maxComputeSharedMemorySize;
    lim.max_compute_workgroup_invocations = l.maxComputeWorkGroupInvocations;
    for (int i = 0; i < 3; ++i) {
        lim.max_compute_workgroup_size[i] = l.maxComputeWorkGroupSize[i];
        lim.max_compute_workgroup_count[i] = l.maxComputeWorkGroupCount[i];
    }
    lim.max_bound_descriptor_sets = l.maxBoundDescriptorSets;
    lim.max_per_stage_storage_buffers = l.maxPerStageDescriptorStorageBuffers;

    // Timestamps need a compute-capable queue family with timestampValidBits.
    uint32_t nq = 0;
    vkGetPhysicalDeviceQueueFamilyProperties(pd, &nq, nullptr);
    std::vector<VkQueueFamilyProperties> qf(nq);
    vkGetPhysicalDeviceQueueFamilyProperties(pd, &nq, qf.data());
    bool has_compute = false;
    for (auto& q : qf) {
        if (q.queueFlags & VK_QUEUE_COMPUTE_BIT) {
            has_compute = true;
            if (q.timestampValidBits > 0) lim.timestamp_period_ns = l.timestampPeriod;
            break;
        }
    }

    auto& f = info.features;
    f.shader_float16 = f12.shaderFloat16;
    f.shader_int8 = f12.shaderInt8;
    f.storage_buffer_16bit = f11.storageBuffer16BitAccess;
    f.storage_buffer_8bit = f12.storageBuffer8BitAccess;
    f.subgroup_size = subgroup.subgroupSize;
    f.min_subgroup_size = subgroup.subgroupSize;
    f.max_subgroup_size = subgroup.subgroupSize;
    if (has_sgsc && fsgsc.subgroupSizeControl && fsgsc.computeFullSubgroups &&
        (sgsc.requiredSubgroupSizeStages & VK_SHADER_STAGE_COMPUTE_BIT)) {
        f.subgroup_size_control = true;
        f.min_subgroup_size = sgsc.minSubgroupSize;
        f.max_subgroup_size = sgsc.maxSubgroupSize;
    }
    const bool compute_subgroups = subgroup.supportedStages & VK_SHADER_STAGE_COMPUTE_BIT;
    f.subgroup_basic =
        compute_subgroups && (subgroup.supportedOperations & VK_SUBGROUP_FEATURE_BASIC_BIT);
    f.subgroup_arithmetic =
        compute_subgroups && (subgroup.supportedOperations & VK_SUBGROUP_FEATURE_ARITHMETIC_BIT);
    f.subgroup_shuffle =
        compute_subgroups && (subgroup.supportedOperations & VK_SUBGROUP_FEATURE_SHUFFLE_BIT);
    f.integer_dot_product = has_dot && fdot.shaderIntegerDotProduct;
    f.integer_dot_product_accelerated =
        f.integer_dot_product && pdot.integerDotProduct4x8BitPackedSignedAccelerated;
    // The NV cooperative-matrix prefill kernel (shaders/matmul_coopmat.comp) multiplies 16×N×16
    // fp16 tiles into fp32 in subgroup scope and is written in the Vulkan memory model.
    if (has_cm_nv && fcm.cooperativeMatrix && f12.shaderFloat16 && f12.vulkanMemoryModel &&
        f.subgroup_basic && (pcm.cooperativeMatrixSupportedStages & VK_SHADER_STAGE_COMPUTE_BIT)) {
        f.cooperative_matrix_nv_tile_n = fp16_tile_n_nv(pd);
        f.cooperative_matrix_nv = f.cooperative_matrix_nv_tile_n != 0;
    }
    f.cooperative_matrix_khr = has_extension(exts, "VK_KHR_cooperative_matrix");

    if (base.apiVersion < VK_API_VERSION_1_2) {
        info.usable = false;
        info.unusable_reason = "supports only Vulkan " + info.api_version +
                               "; GLM Chat needs Vulkan 1.2 (update the driver)";
    } else if (!has_compute) {
        info.usable = false;
        info.unusable_reason = "has no compute queue";
    }
    return info;
}

} // namespace vk

namespace {

// Lower is better. The engine's CPU backend beats a Vulkan CPU driver: it is several times faster
// on the same cores (docs/performance.md).
int rank(const DeviceInfo& d) {
    if (d.backend == DeviceBackend::Cpu) return 4;
    switch (d.type) {
    case DeviceType::DiscreteGpu:
        return 0;
    case DeviceType::IntegratedGpu:
        return 1;
    case DeviceType::VirtualGpu:
        return 2;
    case DeviceType::Other:
        return 3;
    case DeviceType::Cpu:
        return 5;
    }
    return 6;
}

std::string lower(std::string s) {
    std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
    return s;
}

// The best usable device (of `backend`, if given); throws NoVulkan naming why none is usable.
const DeviceInfo& best_of(const std::vector<DeviceInfo>& devices,
                          std::optional<DeviceBackend> backend) {
    const DeviceInfo* best = nullptr;
    for (const auto& d : devices) {
        if (!d.usable || (backend && d.backend != *backend)) continue;
        if (!best || rank(d) < rank(*best) ||
            (rank(d) == rank(*best) && d.device_local_bytes() > best->device_local_bytes()))
            best = &d;
    }
    if (!best) {
        std::string why;
        for (const auto& d : devices)
            if (!backend || d.backend == *backend)
                why += "\n  " + d.name + ": " + d.unusable_reason;
        if (why.empty())
            throw Error(
                ErrorKind::NoVulkan,
                "No Vulkan device found. Install the Vulkan driver for your GPU (NVIDIA "
                "driver, Mesa RADV/ANV) or Mesa's CPU driver lavapipe (mesa-vulkan-drivers).");
        throw Error(ErrorKind::NoVulkan, "No usable Vulkan device:" + why);
    }
    return *best;
}

} // namespace

const DeviceInfo& choose_device(const std::vector<DeviceInfo>& devices,
                                const std::string& selector) {
    std::string sel = selector;
    bool from_env = false;
    if (sel.empty()) {
        const char* env = std::getenv("GLM_DEVICE");
        if (env) sel = env;
        from_env = !sel.empty();
    }
    const std::string keyword = lower(sel);
    if (keyword == "vulkan") return best_of(devices, DeviceBackend::Vulkan);
    if (!sel.empty()) {
        const bool numeric =
            std::all_of(sel.begin(), sel.end(), [](unsigned char c) { return std::isdigit(c); });
        for (const auto& d : devices) {
            const bool match = numeric ? std::to_string(d.index) == sel
                               : keyword == "cpu"
                                   ? d.backend == DeviceBackend::Cpu
                                   : lower(d.name).find(keyword) != std::string::npos;
            if (!match) continue;
            if (!d.usable)
                throw Error(ErrorKind::NoVulkan, "Device " + std::to_string(d.index) + " (" +
                                                     d.name + ") " + d.unusable_reason + ".");
            return d;
        }
        std::string names;
        for (const auto& d : devices) names += "\n  " + std::to_string(d.index) + ": " + d.name;
        throw Error(ErrorKind::DeviceNotFound,
                    "No device matches '" + sel + "'" +
                        (from_env ? " (set by the GLM_DEVICE environment variable)" : "") +
                        ". Available devices (glm-cli devices lists them):" + names);
    }
    return best_of(devices, std::nullopt);
}

} // namespace glm
