#include "cpu/matmul.h"

#include "cpu/matmul_paths.h"
#include "cpu/thread_pool.h"
#include "glm/error.h"

#include <algorithm>
#include <string>
#include <vector>

namespace glm::cpu {

namespace {

using detail::MatmulJob;

struct Path {
    detail::TileFn tile;
    detail::QuantizeFn quantize;
};

Path path_for(Isa isa) {
    switch (isa) {
#if GLM_CPU_X86_KERNELS
    case Isa::Avx2:
        return {detail::matmul_tile_avx2, detail::quantize_activation_avx2};
    case Isa::Avx512:
        return {detail::has_avx512_vnni() ? detail::matmul_tile_avx512vnni
                                          : detail::matmul_tile_avx512,
                detail::quantize_activation_avx2};
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
}

// Tokens per tile of prefill: one tile's activations stay in L2 while the row strips pass.
constexpr uint32_t kTileTokens = 32;
// Products smaller than this (multiply-adds) run on the calling thread: waking workers costs more.
constexpr uint64_t kMinParallelWork = 32 * 1024;

// Splits the product into tasks of (row strip × token tile) and runs them on the pool.
void run_tiles(const MatmulJob& job, detail::TileFn tile, ThreadPool& pool) {
    const uint32_t rows = job.W.rows, tokens = job.tokens;
    const uint32_t tiles = (tokens + kTileTokens - 1) / kTileTokens;
    const uint64_t work = uint64_t(rows) * job.W.cols * tokens;
    const uint32_t threads = work < kMinParallelWork ? 1 : pool.size();
    // About four tasks per thread, so a thread the system delays does not hold up the others;
    // strips are whole multiples of 12 rows (every kernel's row step divides 12).
    const uint32_t strips_wanted = std::max(1u, (4 * threads + tiles - 1) / tiles);
    const uint32_t strip = std::max(12u, (rows / strips_wanted + 11) / 12 * 12);
    const uint32_t strips = (rows + strip - 1) / strip;
    if (threads == 1 || uint64_t(strips) * tiles == 1) {
        tile(job, 0, rows, 0, tokens);
        return;
    }
    pool.run(size_t(strips) * tiles, [&](size_t task) {
        const uint32_t s = uint32_t(task / tiles), t = uint32_t(task % tiles);
        tile(job, s * strip, std::min(rows, (s + 1) * strip), t * kTileTokens,
             std::min(tokens, (t + 1) * kTileTokens));
    });
}

} // namespace

void matmul(const WeightMatrix& W, const float* x, uint32_t tokens, float* y, const float* bias,
            ThreadPool& pool, Isa isa) {
    check(W, isa);
    if (tokens == 0 || W.rows == 0) return;
    if (W.cols == 0) {
        for (uint32_t t = 0; t < tokens; ++t)
            for (uint32_t r = 0; r < W.rows; ++r) y[size_t(t) * W.rows + r] = bias ? bias[r] : 0.0f;
        return;
    }
    const Path path = path_for(isa);
    MatmulJob job;
    job.W = W;
    job.row_bytes = size_t(row_bytes(W.type, W.cols));
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
        auto quantize_tokens = [&](size_t begin, size_t end) {
            for (size_t t = begin; t < end; ++t)
                path.quantize(x + t * W.cols, W.cols, xq + t * blocks, xsum + t * blocks);
        };
        if (uint64_t(tokens) * W.cols >= 64 * 1024)
            pool.parallel_for(tokens, 1, quantize_tokens);
        else
            quantize_tokens(0, tokens);
        job.xq = xq;
        job.xsum = xsum;
    }
    run_tiles(job, path.tile, pool);
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
