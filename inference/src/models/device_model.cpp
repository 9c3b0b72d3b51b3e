#include "models/device_model.h"

namespace glm {

uint64_t DeviceModel::weight_bytes() const {
    uint64_t n = embedding.device_bytes() + output.device_bytes() +
                 (final_norm.size + final_norm_bias.size) * 4;
    for (const auto& l : layers) {
        n += l.qkv.device_bytes() + l.attn_out.device_bytes() + l.ffn_up.device_bytes() +
             l.ffn_down.device_bytes();
        n += (l.attn_norm.size + l.attn_norm_bias.size + l.qkv_bias.size + l.attn_out_bias.size +
              l.ffn_norm.size + l.ffn_norm_bias.size + l.ffn_up_bias.size + l.ffn_down_bias.size +
              l.attn_post_norm.size + l.ffn_post_norm.size) *
             4;
    }
    return n;
}

DeviceMatrix* DeviceModel::matrix_slot(const TensorSpec& spec) {
    LayerWeights* w = spec.layer >= 0 ? &layers.at(size_t(spec.layer)) : nullptr;
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

DeviceVector* DeviceModel::vector_slot(const TensorSpec& spec) {
    LayerWeights* w = spec.layer >= 0 ? &layers.at(size_t(spec.layer)) : nullptr;
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

RowOrder device_row_order(const ModelConfig& c, TensorRole role) {
    const Architecture& a = c.architecture();
    const bool qkv = role == TensorRole::Qkv || role == TensorRole::QkvBias;
    if (qkv && a.qkv == QkvLayout::PerHeadInterleaved)
        return {RowOrder::Glm1RotaryPairs, c.head_dim};
    if (role == TensorRole::FfnUp && a.mlp == MlpKind::SwiGlu) return {RowOrder::PairedHalves};
    return {};
}

} // namespace glm
