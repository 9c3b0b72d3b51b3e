// The CPU backend's operations besides the matrix products (matmul.h): norms, activations,
// rotary embeddings, the KV cache's row formats and attention. Plain C++ the compiler
// vectorises; they cost little next to the products.
#pragma once

#include "glm/kv_cache.h"
#include "glm/model_info.h"
#include "models/positions.h"

#include <cstdint>

namespace glm::cpu {

void rms_norm(const float* x, uint32_t n, const float* weight, float eps, float* y);
void layer_norm(const float* x, uint32_t n, const float* weight, const float* bias, float eps,
                float* y);
float gelu(float x); // tanh form, as GLM1
float silu(float x);

// Rotates one head vector in place as the architecture does (architecture.h RotaryKind).
// `table` from build_rope_table with `table_rows` positions.
void rope(const ModelConfig& config, const float* table, uint32_t table_rows, float* v,
          TokenPosition p);

// One cache row of D values (kv_cache_row_bytes(type, D) bytes): stored, and read back as fp32.
void store_kv_row(KvCacheType type, const float* v, uint32_t D, uint8_t* row);
// One slot's D values written down the columns of a head's column-major cache (fp16 or fp32:
// D rows of `capacity` values), the layout the CPU backend keeps its values in.
void store_kv_column(KvCacheType type, const float* v, uint32_t D, uint8_t* head, uint32_t capacity,
                     uint32_t slot);
void load_kv_row(KvCacheType type, const uint8_t* row, uint32_t D, float* v);

// Softmax over the first `visible` of n attention scores, in place; the rest (keys this query
// may not see) become 0, so the weighted sum of values can run over all n.
void softmax_visible(float* scores, uint32_t visible, uint32_t n);

} // namespace glm::cpu
