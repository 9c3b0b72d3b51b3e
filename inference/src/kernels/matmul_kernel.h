// y = act(W x + bias) + scale · residual for T tokens, over every row chunk of W: the mat-vec
// kernel for a few tokens (decode), the tiled kernel otherwise (prefill).
#pragma once

#include "glm/model_info.h"
#include "kernels/act_view.h"
#include "kernels/kernel_context.h"
#include "kernels/rope_kv_kernel.h"
#include "tensors/device_tensors.h"
#include "vulkan/command_recorder.h"

namespace glm {

// Where a QKV projection's epilogue puts its rotated queries, keys and values (what
// RopeKvKernel does after the projection otherwise); the arguments RopeKvKernel::record takes.
struct RopeKvTarget {
    const ModelConfig* config = nullptr;
    vk::BufferView step, rope;
    uint32_t rope_rows = 0;
    vk::BufferView q;
    KvCacheView cache;
    uint32_t first_token = 0;
};

// A pass that normalises its input itself, as NormKernel would (InputNorm::bias given:
// LayerNorm, else RMSNorm). Mat-vec kernels only (MatmulKernel::fuses_input_norm).
struct InputNorm {
    const DeviceVector* weight = nullptr;
    const DeviceVector* bias = nullptr;
    float eps = 1e-5f;
};

struct Epilogue {
    const DeviceVector* bias = nullptr;
    bool gelu = false;
    const ActView* residual = nullptr;
    float residual_scale = 1.0f;
    // y[t][f] = silu(gate f) * (up f) for a paired-rows matrix (DeviceMatrix::paired_rows): y has
    // rows / 2 outputs per token. Only where fuses_swiglu(); excludes the other parts.
    bool swiglu = false;
    // The rows' rotary pairs rotated and q, k, v stored where `rope_kv` says instead of into y
    // (which is then not written). Only where fuses_rope_kv(); `bias` may be given with it.
    const RopeKvTarget* rope_kv = nullptr;
    // The input x is normalised first (the one part of this struct that is not an epilogue).
    const InputNorm* input_norm = nullptr;
};

struct MatmulVariant;

class MatmulKernel {
public:
    explicit MatmulKernel(KernelContext& ctx) : ctx_(ctx) {}
    void record(vk::CommandRecorder& rec, const DeviceMatrix& w, const ActView& x, const ActView& y,
                uint32_t tokens, const Epilogue& epilogue = {}, const char* label = nullptr);
    // True when `tokens` would use the mat-vec kernel.
    bool uses_matvec(uint32_t tokens) const { return tokens <= ctx_.config.matvec_max_cols; }
    // True when a pass of `tokens` over `w` can apply SwiGLU in its epilogue (the mat-vec
    // kernels, with an even number of rows per workgroup or invocation); else the caller runs
    // SwigluKernel on the paired output.
    bool fuses_swiglu(const DeviceMatrix& w, uint32_t tokens) const;
    // True when a pass of `tokens` over the QKV matrix `w` of model `c` can rotate queries and
    // keys and write the KV cache (of type `kv`) in its epilogue; else the caller runs
    // RopeKvKernel on its output.
    bool fuses_rope_kv(const DeviceMatrix& w, const ModelConfig& c, KvCacheType kv,
                       uint32_t tokens) const;

    // True when a pass of `tokens` over `w` can normalise its own input (Epilogue::input_norm);
    // else the caller runs NormKernel first.
    bool fuses_input_norm(const DeviceMatrix& w, uint32_t tokens) const;

    // True when a pass of `tokens` over `w` runs on NV cooperative matrices
    // (KernelConfig::cooperative_matrix, shaders/matmul_coopmat.comp) instead of the tiled kernel.
    bool uses_cooperative_matrix(const DeviceMatrix& w, uint32_t tokens) const;

private:
    // The kernel, constants and grid a pass of `tokens` over `w` runs with.
    MatmulVariant choose_variant(const DeviceMatrix& w, const ActView& x, uint32_t tokens,
                                 const Epilogue& epilogue) const;
    // Invocations per workgroup of the cooperative-matrix kernel: four subgroups, at the size
    // pipelines are created with (required where the device can fix it, else its largest).
    uint32_t coopmat_workgroup() const;
    // True when the mat-vec kernel a pass of `tokens` uses holds rows in adjacent even-odd pairs.
    bool holds_row_pairs(uint32_t tokens) const;
    KernelContext& ctx_;
};

} // namespace glm
