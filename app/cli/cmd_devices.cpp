// glm-cli devices: the Vulkan devices (their limits and features), the CPU backend, and which one
// would be used.
#include "cli.h"
#include "glm/engine.h"
#include "glm/error.h"

#include <cstdio>
#include <nlohmann/json.hpp>

namespace glm::cli {
namespace {

nlohmann::json to_json(const DeviceInfo& d, bool chosen) {
    nlohmann::json heaps = nlohmann::json::array();
    for (const auto& h : d.heaps)
        heaps.push_back({{"size", h.size}, {"device_local", h.device_local}});
    const auto& l = d.limits;
    const auto& f = d.features;
    return {
        {"index", d.index},
        {"name", d.name},
        {"vendor", d.vendor},
        {"vendor_id", d.vendor_id},
        {"device_id", d.device_id},
        {"type", to_string(d.type)},
        {"backend", d.backend == DeviceBackend::Cpu ? "cpu" : "vulkan"},
        {"threads", d.threads},
        {"driver", d.driver_name},
        {"driver_info", d.driver_info},
        {"api_version", d.api_version},
        {"uuid", d.uuid},
        {"usable", d.usable},
        {"unusable_reason", d.unusable_reason},
        {"chosen", chosen},
        {"memory_heaps", heaps},
        {"limits",
         {{"max_storage_buffer_range", l.max_storage_buffer_range},
          {"max_memory_allocation_size", l.max_memory_allocation_size},
          {"max_buffer_size", l.max_buffer_size},
          {"min_storage_buffer_offset_alignment", l.min_storage_buffer_offset_alignment},
          {"max_push_constants_size", l.max_push_constants_size},
          {"max_compute_shared_memory_size", l.max_compute_shared_memory_size},
          {"max_compute_workgroup_invocations", l.max_compute_workgroup_invocations},
          {"max_compute_workgroup_size",
           {l.max_compute_workgroup_size[0], l.max_compute_workgroup_size[1],
            l.max_compute_workgroup_size[2]}},
          {"max_compute_workgroup_count",
           {l.max_compute_workgroup_count[0], l.max_compute_workgroup_count[1],
            l.max_compute_workgroup_count[2]}},
          {"max_per_stage_storage_buffers", l.max_per_stage_storage_buffers},
          {"timestamp_period_ns", l.timestamp_period_ns}}},
        {"features",
         {{"shader_float16", f.shader_float16},
          {"shader_int8", f.shader_int8},
          {"storage_buffer_16bit", f.storage_buffer_16bit},
          {"storage_buffer_8bit", f.storage_buffer_8bit},
          {"subgroup_size", f.subgroup_size},
          {"min_subgroup_size", f.min_subgroup_size},
          {"max_subgroup_size", f.max_subgroup_size},
          {"subgroup_size_control", f.subgroup_size_control},
          {"subgroup_arithmetic", f.subgroup_arithmetic},
          {"subgroup_shuffle", f.subgroup_shuffle},
          {"integer_dot_product", f.integer_dot_product},
          {"integer_dot_product_accelerated", f.integer_dot_product_accelerated},
          {"cooperative_matrix_nv", f.cooperative_matrix_nv},
          {"cooperative_matrix_nv_tile_n", f.cooperative_matrix_nv_tile_n},
          {"cooperative_matrix_khr", f.cooperative_matrix_khr}}},
    };
}

std::string yes_no(bool b) {
    return b ? "yes" : "no";
}

void print_text(const DeviceInfo& d, bool chosen) {
    std::printf("%s [%u] %s\n", chosen ? "*" : " ", d.index, d.name.c_str());
    if (d.backend == DeviceBackend::Cpu) {
        // driver_info: the instruction set the kernels use and the threads.
        std::printf("      GLM Chat's CPU backend: %s, memory %s (select with --device cpu)\n",
                    d.driver_info.c_str(),
                    format_bytes(d.heaps.empty() ? 0 : d.heaps[0].size).c_str());
        return;
    }
    std::printf("      %s %s, driver %s (%s), Vulkan %s\n", d.vendor.c_str(), to_string(d.type),
                d.driver_name.c_str(), d.driver_info.c_str(), d.api_version.c_str());
    for (const auto& h : d.heaps)
        std::printf("      memory heap %s%s\n", format_bytes(h.size).c_str(),
                    h.device_local ? " (device-local)" : "");
    const auto& l = d.limits;
    const auto& f = d.features;
    std::printf("      max storage buffer range %s, max allocation %s, shared memory %s\n",
                format_bytes(l.max_storage_buffer_range).c_str(),
                format_bytes(l.max_memory_allocation_size).c_str(),
                format_bytes(l.max_compute_shared_memory_size).c_str());
    std::printf("      subgroup %u (%u-%u%s), arithmetic %s, fp16 %s, int8 %s, 8-bit storage %s\n",
                f.subgroup_size, f.min_subgroup_size, f.max_subgroup_size,
                f.subgroup_size_control ? ", controllable" : "",
                yes_no(f.subgroup_arithmetic).c_str(), yes_no(f.shader_float16).c_str(),
                yes_no(f.shader_int8).c_str(), yes_no(f.storage_buffer_8bit).c_str());
    const std::string nv_tiles =
        f.cooperative_matrix_nv
            ? "yes (16x" + std::to_string(f.cooperative_matrix_nv_tile_n) + "x16 fp16)"
            : "no";
    std::printf(
        "      integer dot product %s%s, cooperative matrix NV %s / KHR %s, timestamps %s\n",
        yes_no(f.integer_dot_product).c_str(),
        f.integer_dot_product_accelerated ? " (accelerated)" : "", nv_tiles.c_str(),
        yes_no(f.cooperative_matrix_khr).c_str(), yes_no(l.timestamp_period_ns > 0).c_str());
    if (!d.usable) std::printf("      not usable: %s\n", d.unusable_reason.c_str());
}

int run(const Args& args) {
    Engine engine;
    const auto& devices = engine.devices();
    const DeviceInfo* chosen = nullptr;
    std::string choose_error;
    try {
        chosen = &engine.choose(args.get_or("--device", ""));
    } catch (const Error& e) {
        choose_error = e.what();
    }
    if (args.has("--json")) {
        nlohmann::json out = {{"devices", nlohmann::json::array()}};
        for (const auto& d : devices)
            out["devices"].push_back(to_json(d, chosen && chosen->index == d.index));
        out["chosen"] = chosen ? nlohmann::json(chosen->index) : nlohmann::json(nullptr);
        if (!engine.vulkan_unavailable_reason().empty())
            out["vulkan_unavailable"] = engine.vulkan_unavailable_reason();
        if (!choose_error.empty()) out["error"] = choose_error;
        std::printf("%s\n", out.dump(2).c_str());
    } else {
        if (!engine.vulkan_unavailable_reason().empty())
            std::printf("  Vulkan: not available (%s)\n",
                        engine.vulkan_unavailable_reason().c_str());
        for (const auto& d : devices) print_text(d, chosen && chosen->index == d.index);
        if (chosen)
            std::printf(
                "\n* = the device GLM Chat would use (override with --device or GLM_DEVICE)\n");
    }
    if (!choose_error.empty()) return fail(choose_error);
    return 0;
}

Registrar reg({"devices",
               "list the Vulkan devices, the CPU backend, and which one would be used",
               "[--json] [--device D]",
               {{"", "--json", false, "machine-readable output"},
                {"-d", "--device", true,
                 "index, 'cpu', 'vulkan' or name substring of the device to mark as chosen"}},
               run});

} // namespace
} // namespace glm::cli
