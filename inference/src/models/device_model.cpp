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

RowOrder device_row_order(const ModelConfig& c, TensorRole role) {
    const Architecture& a = c.architecture();
    const bool qkv = role == TensorRole::Qkv || role == TensorRole::QkvBias;
    if (qkv && a.qkv == QkvLayout::PerHeadInterleaved)
        return {RowOrder::Glm1RotaryPairs, c.head_dim};
    if (role == TensorRole::FfnUp && a.mlp == MlpKind::SwiGlu) return {RowOrder::PairedHalves};
    return {};
}

} // namespace glm
