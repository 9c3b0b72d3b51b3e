// What the engine knows about a device (a Vulkan device, or its own CPU backend), and how one is
// chosen.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace glm {

enum class DeviceType { Other, IntegratedGpu, DiscreteGpu, VirtualGpu, Cpu };
const char* to_string(DeviceType t) noexcept;

// Vulkan: a device of a Vulkan driver (a CPU driver such as lavapipe included). Cpu: the engine's
// own CPU backend, which needs no driver.
enum class DeviceBackend { Vulkan, Cpu };

// Bytes for people: "512 bytes", "1.5 KiB", "3.2 MiB", "5.67 GiB".
std::string format_bytes(uint64_t bytes);

struct MemoryHeap {
    uint64_t size = 0;
    bool device_local = false;
};

struct DeviceLimits {
    uint64_t max_storage_buffer_range = 0;
    uint64_t max_memory_allocation_size = 0;
    uint64_t max_buffer_size = 0; // 0 when the device does not report one (before maintenance4)
    uint64_t min_storage_buffer_offset_alignment = 0;
    uint32_t max_push_constants_size = 0;
    uint32_t max_compute_shared_memory_size = 0;
    uint32_t max_compute_workgroup_invocations = 0;
    uint32_t max_compute_workgroup_size[3] = {0, 0, 0};
    uint32_t max_compute_workgroup_count[3] = {0, 0, 0};
    uint32_t max_bound_descriptor_sets = 0;
    uint32_t max_per_stage_storage_buffers = 0;
    float timestamp_period_ns = 0; // 0: no timestamps on the compute queue
};

struct DeviceFeatures {
    bool shader_float16 = false;       // fp16 arithmetic
    bool shader_int8 = false;          // int8 arithmetic
    bool storage_buffer_16bit = false; // 16-bit loads/stores from storage buffers
    bool storage_buffer_8bit = false;  // 8-bit loads/stores from storage buffers
    uint32_t subgroup_size = 0;        // default subgroup size
    uint32_t min_subgroup_size = 0;    // with subgroup size control, else = subgroup_size
    uint32_t max_subgroup_size = 0;
    bool subgroup_size_control = false; // VK_EXT_subgroup_size_control / Vulkan 1.3
    bool subgroup_basic = false;
    bool subgroup_arithmetic = false; // subgroupAdd etc. in compute shaders
    bool subgroup_shuffle = false;
    bool integer_dot_product = false;             // VK_KHR_shader_integer_dot_product
    bool integer_dot_product_accelerated = false; // 4x8 packed signed is hardware accelerated
    // VK_NV_cooperative_matrix with what the engine's kernel needs (fp16 arithmetic, the Vulkan
    // memory model, compute shaders, 16×N×16 fp16 tiles with fp32 sums in subgroup scope) ...
    bool cooperative_matrix_nv = false;
    uint32_t cooperative_matrix_nv_tile_n = 0; // ... and that N: 16, else 8
    bool cooperative_matrix_khr = false;       // VK_KHR_cooperative_matrix
};

struct DeviceInfo {
    uint32_t index = 0; // position in Engine::devices() (the Vulkan enumeration, then the CPU)
    DeviceBackend backend = DeviceBackend::Vulkan;
    std::string name;
    uint32_t vendor_id = 0;
    std::string vendor; // "NVIDIA", "AMD", "Intel", "Mesa (CPU)", ...
    uint32_t device_id = 0;
    DeviceType type = DeviceType::Other;
    std::string driver_name;
    std::string driver_info;
    std::string api_version;       // "1.3.230"
    std::string uuid;              // hex, for de-duplication across drivers
    std::vector<MemoryHeap> heaps; // the CPU backend: the RAM, as one device-local heap
    DeviceLimits limits;
    DeviceFeatures features;
    uint32_t threads = 0;        // the CPU backend's threads
    bool usable = true;          // false: the engine cannot run on it ...
    std::string unusable_reason; // ... and this says why, in words

    uint64_t device_local_bytes() const;
};

// Picks the device the engine would use: discrete GPU first, then integrated, virtual, other,
// then the CPU backend, and a Vulkan CPU driver (lavapipe) only when nothing else is there; among
// equals the one with most device-local memory. `selector` overrides: a decimal index, "cpu" (the
// CPU backend), "vulkan" (the best Vulkan device, CPU drivers included), or a case-insensitive
// substring of the name. Empty selector: the GLM_DEVICE environment variable, if set. Throws
// glm::Error(NoVulkan) if nothing usable matches.
const DeviceInfo& choose_device(const std::vector<DeviceInfo>& devices,
                                const std::string& selector = {});

} // namespace glm
