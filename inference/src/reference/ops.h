// Plain CPU fp32 versions of every operation the kernels perform: the oracle for the Vulkan
// tests. Written for clarity, not speed; accumulation in double where it costs nothing.
#pragma once

#include "glm/model_info.h"
#include "models/positions.h"

#include <cstddef>

namespace glm::ref {

// y[t][r] = Σ_k W[r][k] · x[t][k] (+ bias[r]); W is N × K row-major, x is T × K, y is T × N.
void matmul(const float* W, size_t N, size_t K, const float* x, size_t T, float* y, const float* bias = nullptr);
void layer_norm(const float* x, size_t n, const float* w, const float* b, float eps, float* y);
void rms_norm(const float* x, size_t n, const float* w, float eps, float* y);
float gelu(float x); // tanh form
float silu(float x);
// out[t][i] = silu(up[t][i]) · up[t][F + i]
void swiglu(const float* up, size_t F, size_t T, float* out);
// Rotates one head vector in place (GLM1: two rotate-half halves by position and block
// position; GLM2+: adjacent pairs of the first half by position). `table` from build_rope_table.
void rope_head(const ModelConfig& c, const float* table, size_t table_rows, float* v, TokenPosition p);
// One query head against n_keys cached keys/values ([n][D] each); q must be pre-scaled.
void attention_head(const float* q, const float* keys, const float* values, size_t n_keys, size_t D, float* out);

} // namespace glm::ref
