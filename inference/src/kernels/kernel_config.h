// Per-device kernel parameters (workgroup sizes, rows per workgroup, tiles, attention slices),
// passed to the shaders as specialization constants. Derived from what the device reports —
// never an assumed subgroup size or vendor.
#pragma once

#include "glm/device.h"

#include <cstdint>

namespace glm {

struct KernelConfig {
    bool subgroups = false;    // subgroup arithmetic in compute shaders
    uint32_t min_subgroup = 1; // smallest subgroup the device may use
    uint32_t matvec_wg = 64;
    uint32_t matvec_rows = 2;
    uint32_t matvec_max_cols = 4; // tokens per matvec pass; more tokens use the tiled kernel
    // > 0: the row-per-invocation kernel for all token counts (CPU drivers), with this many rows
    // per invocation for one token and prefill_rows_per_lane for several.
    uint32_t matvec_rows_per_lane = 0;
    uint32_t prefill_rows_per_lane = 8;
    bool load64 =
        true; // the row kernel reads through 64-bit views where the device has shaderInt64
    bool texel_weights = false; // the row kernel reads weights through texel buffers (CPU drivers)
    // ... and its input activations too, where their memory has a texel view (BufferView::texels)
    bool texel_activations = true;
    // Attention reads an fp16 KV cache and the queries through texel views (CPU drivers).
    bool texel_attention = false;
    bool fuse_swiglu = true; // GLM2+: SwiGLU in the up-projection's mat-vec epilogue
    // Rotary embedding and the KV-cache write (fp16/fp32 cache) in the QKV mat-vec epilogue.
    bool fuse_rope_kv = true;
    // The mat-vec kernels normalise their input where nothing else needs the normalised vector,
    // saving the norm's dispatch. Off by default: every workgroup then reads the norm's weights
    // and recomputes the statistics again, which costs more than the saved dispatch on CPU
    // drivers; whether caches make it pay on a GPU is for a measurement to decide
    // (scripts/gpu-check.sh compares both; docs/performance.md, "The decode fast path", has the
    // numbers).
    bool fuse_norm = false;
    // Prefill through NV cooperative matrices (fp16 tiles, fp32 sums) where the device has them
    // (vk::EnabledFeatures::cooperative_matrix_nv) and the weights are F16/Q8_0/Q4_0. Off by
    // default until the kernel has passed its tests on hardware with the extension and been timed
    // against the tiled kernel there (scripts/gpu-check.sh runs both; docs/performance.md,
    // "Prefill on NV cooperative matrices", records where that stands).
    bool cooperative_matrix = false;
    // Tests only: that kernel with its matrix operations emulated (EMULATE_COOPMAT), on any
    // device with fp16 arithmetic and subgroups of at least 8, with 16×N×16 tiles of this N (16
    // or 8; 0: off).
    uint32_t cooperative_matrix_emulated = 0;
    uint32_t matmul_bm = 64, matmul_bn = 64, matmul_tm = 4, matmul_tn = 4;
    uint32_t norm_wg = 128;
    uint32_t attention_wg = 64;
    uint32_t decode_slices = 8; // KV-cache slices per head when decoding one token
    uint32_t elementwise_wg = 256;

    // ceil(workgroup / smallest subgroup): slots a subgroup reduction needs.
    uint32_t max_subgroups(uint32_t workgroup) const {
        return (workgroup + min_subgroup - 1) / min_subgroup;
    }
    static KernelConfig for_device(const DeviceInfo& info);
};

} // namespace glm
