#include "cpu/matmul.h"

#include "cpu/matmul_paths.h"
#include "cpu/thread_pool.h"
#include "glm/error.h"

#include <algorithm>
#include <atomic>
#include <cstring>
#include <string>
#include <vector>

namespace glm::cpu {

namespace {

using detail::MatmulJob;

std::atomic<bool> g_use_vnni{true};

struct Path {
    detail::TileFn tile;
    detail::QuantizeFn quantize;
    bool wide = false; // the kernels read WideActivation
};

Path path_for(Isa isa) {
    switch (isa) {
#if GLM_CPU_X86_KERNELS
    case Isa::Avx2:
        return {detail::has_avx_vnni() && g_use_vnni.load(std::memory_order_relaxed)
                    ? detail::matmul_tile_avxvnni
                    : detail::matmul_tile_avx2,
                detail::quantize_activation_avx2};
    case Isa::Avx512:
        return {detail::has_avx512_vnni() && g_use_vnni.load(std::memory_order_relaxed)
                    ? detail::matmul_tile_avx512vnni
                    : detail::matmul_tile_avx512,
                detail::quantize_activation_avx2, true};
#endif
#if GLM_CPU_NEON_KERNELS
    case Isa::Neon:
        return {detail::matmul_tile_neon, detail::quantize_activation_neon};
#endif
    default:
        return {detail::matmul_tile_scalar, detail::quantize_activation_scalar};
    }
}

bool is_quantized(TensorType t) {
    return t == TensorType::Q4_0 || t == TensorType::Q8_0;
}

[[noreturn]] void invalid(const std::string& message) {
    throw Error(ErrorKind::InvalidArgument, "CPU matrix product: " + message);
}

void check(const WeightMatrix& W, Isa isa) {
    if (!can_run(detected_isa(), isa))
        invalid(std::string("this CPU or build cannot run the ") + to_string(isa) + " kernels");
    switch (W.type) {
    case TensorType::F32:
    case TensorType::F16:
    case TensorType::BF16:
    case TensorType::Q4_0:
    case TensorType::Q8_0:
        break;
    default:
        invalid(std::string("weights of type ") + glm::to_string(W.type) + " are not supported");
    }
    if (W.cols % block_elements(W.type) != 0)
        invalid(std::to_string(W.cols) + " columns is not a whole number of " +
                glm::to_string(W.type) + " blocks");
    if (W.row_stride != 0 && W.row_stride < row_bytes(W.type, W.cols))
        invalid("rows " + std::to_string(W.row_stride) + " bytes apart overlap (a row of " +
                std::to_string(W.cols) + " columns is " +
                std::to_string(row_bytes(W.type, W.cols)) + " bytes)");
}

// Tokens per tile of prefill: one tile's activations stay in L2 while the row strips pass.
constexpr uint32_t kTileTokens = 32;
// Products smaller than this (multiply-adds) run on the calling thread: waking workers costs more.
constexpr uint64_t kMinParallelWork = 32 * 1024;

// Splits the product into tasks of (row strip × token tile) and runs them on the pool.
// Without a pool, everything runs on the calling thread.
void run_tiles(const MatmulJob& job, detail::TileFn tile, ThreadPool* pool) {
    const uint32_t rows = job.W.rows, tokens = job.tokens;
    const uint32_t tiles = (tokens + kTileTokens - 1) / kTileTokens;
    const uint64_t work = uint64_t(rows) * job.W.cols * tokens;
    const uint32_t threads = !pool || work < kMinParallelWork ? 1 : pool->size();
    // About four tasks per thread, so a thread the system delays does not hold up the others;
    // strips are whole multiples of 12 rows (every kernel's row step divides 12).
    const uint32_t strips_wanted = std::max(1u, (4 * threads + tiles - 1) / tiles);
    const uint32_t strip = std::max(12u, (rows / strips_wanted + 11) / 12 * 12);
    const uint32_t strips = (rows + strip - 1) / strip;
    if (threads == 1 || uint64_t(strips) * tiles == 1) {
        tile(job, 0, rows, 0, tokens);
        return;
    }
    pool->run(size_t(strips) * tiles, [&](size_t task) {
        const uint32_t s = uint32_t(task / tiles), t = uint32_t(task % tiles);
        tile(job, s * strip, std::min(rows, (s + 1) * strip), t * kTileTokens,
             std::min(tokens, (t + 1) * kTileTokens));
    });
}

void multiply(const WeightMatrix& W, const float* x, uint32_t tokens, float* y, const float* bias,
              ThreadPool* pool, Isa isa) {
    check(W, isa);
    if (tokens == 0 || W.rows == 0) return;
    if (!x || !y || (!W.data && W.cols > 0)) invalid("a null weight, input or output pointer");
    if (W.cols == 0) {
        for (uint32_t t = 0; t < tokens; ++t)
            for (uint32_t r = 0; r < W.rows; ++r) y[size_t(t) * W.rows + r] = bias ? bias[r] : 0.0f;
        return;
    }
    const Path path = path_for(isa);
    MatmulJob job;
    job.W = W;
    job.row_bytes = W.row_stride ? size_t(W.row_stride) : size_t(row_bytes(W.type, W.cols));
    job.x = x;
    job.tokens = tokens;
    job.y = y;
    job.bias = bias;

    if (is_quantized(W.type)) {
        // The activations once per product, into the calling thread's scratch (the workers
        // write into it through these pointers: a thread_local named inside the lambda would
        // be the worker's own).
        thread_local std::vector<ActivationBlock> xq_scratch;
        thread_local std::vector<int32_t> xsum_scratch;
        const uint32_t blocks = W.cols / 32;
        xq_scratch.resize(size_t(blocks) * tokens);
        xsum_scratch.resize(size_t(blocks) * tokens);
        ActivationBlock* xq = xq_scratch.data();
        int32_t* xsum = xsum_scratch.data();
        thread_local std::vector<detail::WideActivation> xw_scratch;
        const uint32_t pairs = blocks / 2;
        if (path.wide) xw_scratch.resize(size_t(pairs) * tokens);
        detail::WideActivation* xw = xw_scratch.data();
        auto quantize_tokens = [&](size_t begin, size_t end) {
            for (size_t t = begin; t < end; ++t) {
                path.quantize(x + t * W.cols, W.cols, xq + t * blocks, xsum + t * blocks);
                if (path.wide)
                    detail::widen_activation(W.type, xq + t * blocks, xsum + t * blocks, W.cols,
                                             xw + t * pairs);
            }
        };
        if (pool && uint64_t(tokens) * W.cols >= 64 * 1024)
            pool->parallel_for(tokens, 1, quantize_tokens);
        else
            quantize_tokens(0, tokens);
        job.xq = xq;
        job.xsum = xsum;
        job.xw = path.wide ? xw : nullptr;
    }
    run_tiles(job, path.tile, pool);
}

} // namespace

void matmul(const WeightMatrix& W, const float* x, uint32_t tokens, float* y, const float* bias,
            ThreadPool& pool, Isa isa) {
    multiply(W, x, tokens, y, bias, &pool, isa);
}

void matmul_on_this_thread(const WeightMatrix& W, const float* x, uint32_t tokens, float* y,
                           const float* bias, Isa isa) {
    multiply(W, x, tokens, y, bias, nullptr, isa);
}

void detail::widen_activation(TensorType weights, const ActivationBlock* xq, const int32_t* sums,
                              uint32_t n, WideActivation* out) {
    // dpbusd multiplies unsigned weights: nibbles (Q4_0 − (−8)) or bytes + 128 (Q8_0); the
    // accumulator starts at −offset · Σ q, spread over a block's 8 lanes.
    const int32_t per_lane = weights == TensorType::Q4_0 ? 1 : 16;
    for (uint32_t p = 0; p < n / 64; ++p) {
        for (int h = 0; h < 2; ++h) {
            const ActivationBlock& a = xq[2 * p + h];
            std::memcpy(out[p].q + 32 * h, a.q, 32);
            for (int j = 0; j < 8; ++j) {
                out[p].scale[8 * h + j] = a.scale;
                out[p].start[8 * h + j] = -per_lane * sums[2 * p + h];
            }
        }
    }
}

void detail::use_vnni(bool use) {
    g_use_vnni.store(use, std::memory_order_relaxed);
}

detail::QuantizeFn detail::activation_quantizer(Isa isa) {
    return path_for(isa).quantize;
}

void quantize_activation(const float* x, uint32_t n, ActivationBlock* out) {
    if (n % 32 != 0)
        invalid("activations of " + std::to_string(n) + " values are not whole blocks of 32");
    path_for(active_isa()).quantize(x, n, out, nullptr);
}

} // namespace glm::cpu
