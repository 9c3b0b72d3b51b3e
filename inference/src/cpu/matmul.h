// The CPU backend's matrix products: y = x · Wᵀ (+ bias) for every weight type the engine reads,
// straight from the bytes of the model file (the memory-mapped GGUF: nothing is repacked).
//
// Decoding (one token) is bound by memory bandwidth: each weight row is streamed once. Quantized
// weights (Q4_0, Q8_0) meet an activation quantized once per product to 8 bits in blocks of 32
// (one fp32 scale each), so the inner loop is an integer dot product (AVX2 maddubs/madd,
// AVX-512 VNNI, NEON sdot). F16/BF16 rows are widened to fp32 in registers. Prefill (many tokens)
// is bound by arithmetic: each block of weights is loaded once for several tokens.
#pragma once

#include "cpu/isa.h"
#include "glm/tensor_type.h"

#include <cstdint>

namespace glm::cpu {

class ThreadPool;

// A row-major matrix of `rows` rows of `cols` elements in GGUF/ggml layout: row r starts at
// data + r * row_bytes(type, cols), or at data + r * row_stride where rows are further apart (the
// first columns of a wider matrix). cols is a multiple of block_elements(type).
struct WeightMatrix {
    TensorType type = TensorType::F32;
    const uint8_t* data = nullptr;
    uint32_t rows = 0, cols = 0;
    uint64_t row_stride = 0; // bytes from a row to the next; 0: row_bytes(type, cols)
};

// y[t·rows + r] = Σ_k W[r][k] · x[t·cols + k] (+ bias[r]) for t < tokens. bias may be null.
// Rows are split over the pool's threads. `isa` must be one of available_isas(); an ISA this
// machine cannot run, an unsupported weight type or cols not a whole number of blocks throws
// glm::Error (InvalidArgument). The quantized activations live in the calling thread's scratch.
void matmul(const WeightMatrix& W, const float* x, uint32_t tokens, float* y, const float* bias,
            ThreadPool& pool, Isa isa = active_isa());
// The same product computed on the calling thread alone: for work that already runs as one of
// the pool's tasks (attention's heads), where the pool cannot be asked again.
void matmul_on_this_thread(const WeightMatrix& W, const float* x, uint32_t tokens, float* y,
                           const float* bias, Isa isa = active_isa());

// The activation format quantized weights are multiplied with (the same as ggml's Q8_0 block,
// with an fp32 scale): for tests and for kernels that keep activations quantized.
struct ActivationBlock {
    float scale;
    int8_t q[32];
};
// Quantizes n (a multiple of 32) values into n / 32 blocks: scale = max|x| / 127 and
// q = x · (1 / scale) rounded to nearest, ties to even (0 for a block of zeros). Every ISA path
// gives the same bytes. Throws glm::Error when n is not a multiple of 32.
void quantize_activation(const float* x, uint32_t n, ActivationBlock* out);

} // namespace glm::cpu
