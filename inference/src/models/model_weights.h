// A model's weights by role, for any backend: the Vulkan engine keeps device buffers in it, the
// CPU backend bytes in RAM. Which tensor goes where is said once, here, from the roles of
// model_tensors(config) (glm/architecture.h).
#pragma once

#include "glm/architecture.h"

#include <vector>

namespace glm {

// One member per TensorRole of a layer; what the architecture lacks stays empty.
template <class Matrix, class Vector> struct LayerWeightsOf {
    Vector attn_norm, attn_norm_bias;
    Matrix qkv;
    Vector qkv_bias;
    Matrix attn_out;
    Vector attn_out_bias;
    Vector attn_post_norm; // sandwich norms
    Vector ffn_norm, ffn_norm_bias;
    Matrix ffn_up;
    Vector ffn_up_bias;
    Matrix ffn_down;
    Vector ffn_down_bias;
    Vector ffn_post_norm; // sandwich norms
};

template <class Matrix, class Vector> struct ModelWeightsOf {
    using Layer = LayerWeightsOf<Matrix, Vector>;
    Matrix embedding;
    std::vector<Layer> layers;
    Vector final_norm, final_norm_bias;
    Matrix output; // empty when the head is tied to the embedding

    // Where the tensor `spec` (of model_tensors(config)) lives: exactly one of the two is
    // non-null. `layers` must already hold config.layers entries.
    Matrix* matrix_slot(const TensorSpec& spec) {
        Layer* w = spec.layer >= 0 ? &layers.at(size_t(spec.layer)) : nullptr;
        switch (spec.role) {
        case TensorRole::Embedding:
            return &embedding;
        case TensorRole::Output:
            return &output;
        case TensorRole::Qkv:
            return &w->qkv;
        case TensorRole::AttnOut:
            return &w->attn_out;
        case TensorRole::FfnUp:
            return &w->ffn_up;
        case TensorRole::FfnDown:
            return &w->ffn_down;
        default:
            return nullptr;
        }
    }

    Vector* vector_slot(const TensorSpec& spec) {
        Layer* w = spec.layer >= 0 ? &layers.at(size_t(spec.layer)) : nullptr;
        switch (spec.role) {
        case TensorRole::OutputNorm:
            return &final_norm;
        case TensorRole::OutputNormBias:
            return &final_norm_bias;
        case TensorRole::AttnNorm:
            return &w->attn_norm;
        case TensorRole::AttnNormBias:
            return &w->attn_norm_bias;
        case TensorRole::QkvBias:
            return &w->qkv_bias;
        case TensorRole::AttnOutBias:
            return &w->attn_out_bias;
        case TensorRole::FfnNorm:
            return &w->ffn_norm;
        case TensorRole::FfnNormBias:
            return &w->ffn_norm_bias;
        case TensorRole::FfnUpBias:
            return &w->ffn_up_bias;
        case TensorRole::FfnDownBias:
            return &w->ffn_down_bias;
        case TensorRole::AttnPostNorm:
            return &w->attn_post_norm;
        case TensorRole::FfnPostNorm:
            return &w->ffn_post_norm;
        default:
            return nullptr;
        }
    }
};

} // namespace glm
