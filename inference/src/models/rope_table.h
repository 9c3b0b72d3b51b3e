// Rotary embedding angles, computed once on the host in double precision from the fp32 angle
// p·θ_i (what the fp32 reference computes), so GPU kernels never evaluate sin/cos of large
// arguments. θ_i = base^(-2i / R) for i < R/2, R = rotary width (head_dim / 2). GLM1 rounds its
// inverse frequencies to fp16 as the official model does (docs/architectures.md#rotary-embeddings).
#pragma once

#include "glm/model_info.h"

#include <cstdint>
#include <vector>

namespace glm {

// [position][i] -> (cos, sin), interleaved: 2 * positions * (R / 2) floats.
std::vector<float> build_rope_table(const ModelConfig& config, uint32_t positions);

} // namespace glm
