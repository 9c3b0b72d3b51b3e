#include "kernels/kernel_config.h"

#include <algorithm>
#include <cstdlib>
#include <sstream>
#include <string>

namespace glm {

KernelConfig KernelConfig::for_device(const DeviceInfo& info) {
    KernelConfig k;
    const auto& f = info.features;
    k.subgroups = f.subgroup_arithmetic && f.subgroup_basic;
    k.min_subgroup =
        std::max<uint32_t>(1, f.subgroup_size_control ? f.min_subgroup_size : f.subgroup_size);
    const uint32_t max_inv = info.limits.max_compute_workgroup_invocations;
    const uint32_t sg = std::max<uint32_t>(1, f.subgroup_size);
    // Workgroups are powers of two (the shared-memory reduction fallback needs it), at least
    // one full subgroup, within the device limit.
    auto fit = [&](uint32_t want) {
        uint32_t w = want;
        while (w < sg) w *= 2;
        while (w > max_inv) w /= 2;
        return std::max<uint32_t>(w, 1);
    };
    if (info.type == DeviceType::Cpu) {
        // CPU drivers (lavapipe) run a workgroup per thread and turn every non-uniform buffer
        // load into per-lane scalar work: one weight row per invocation, weights and
        // activations read as texels (vector gathers), a few rows per invocation to reuse each
        // loaded activation; more rows spill accumulators and leave cores idle on small matrices
        // (docs/performance.md, "The CPU-driver kernel, step by step", compares 8 to 64).
        k.matvec_wg = fit(8);
        k.matvec_rows_per_lane = 8;
        k.prefill_rows_per_lane = 8;
        k.matvec_max_cols = 4;
        k.matvec_rows = 4;
        k.texel_weights = true;
        k.texel_attention = true;
        k.decode_slices = 2;
        k.attention_wg = fit(32);
    } else {
        k.matvec_wg = fit(128);
        k.matvec_rows = 2;
        k.decode_slices = 16;
        k.attention_wg = fit(64);
    }
    k.norm_wg = fit(128);
    k.elementwise_wg = fit(256);
    // The tiled kernel's workgroup is (BM/TM) × (BN/TN) = 256 invocations; shared memory
    // 2 × 32 × 65 floats ≈ 16.6 KiB (Vulkan guarantees 16 KiB; fall back to 32-wide tiles).
    if (info.limits.max_compute_shared_memory_size < 2 * 32 * 65 * 4 || max_inv < 256) {
        k.matmul_bm = k.matmul_bn = 32;
        k.matmul_tm = k.matmul_tn = 2;
    }
    // Tuning overrides, e.g. GLM_KERNEL_CONFIG="matvec_wg=32,matvec_rows=8" (benchmarks).
    if (const char* env = std::getenv("GLM_KERNEL_CONFIG")) {
        std::stringstream ss(env);
        for (std::string item; std::getline(ss, item, ',');) {
            const auto eq = item.find('=');
            if (eq == std::string::npos) continue;
            const std::string key = item.substr(0, eq);
            const uint32_t v = uint32_t(std::strtoul(item.c_str() + eq + 1, nullptr, 10));

            if (key == "matvec_wg")
                k.matvec_wg = v;
            else if (key == "matvec_rows")
                k.matvec_rows = v;
            else if (key == "matvec_max_cols")
                k.matvec_max_cols = v;
            else if (key == "matvec_rows_per_lane")
                k.matvec_rows_per_lane = v;
            else if (key == "prefill_rows_per_lane")
                k.prefill_rows_per_lane = v;
            else if (key == "texel_weights")
                k.texel_weights = v == 1;
            else if (key == "texel_activations")
                k.texel_activations = v == 1;
            else if (key == "texel_attention")
                k.texel_attention = v == 1;
            else if (key == "fuse_swiglu")
                k.fuse_swiglu = v == 1;
            else if (key == "fuse_rope_kv")
                k.fuse_rope_kv = v == 1;
            else if (key == "fuse_norm")
                k.fuse_norm = v == 1;
            else if (key == "cooperative_matrix")
                k.cooperative_matrix = v == 1;
            else if (key == "cooperative_matrix_emulated") // tests
                k.cooperative_matrix_emulated = v == 16 || v == 8 ? v : 0;
            else if (key == "load64")
                k.load64 = v == 1;
            else if (key == "attention_wg")
                k.attention_wg = v;
            else if (key == "decode_slices")
                k.decode_slices = v;
            else if (key == "norm_wg")
                k.norm_wg = v;
        }
    }
    return k;
}

} // namespace glm
