// glm::random_model: a model of a real shape with random weights, made on the device.
#include "bench_util.h"
#include "engine_internals.h"
#include "glm/bench.h"
#include "glm/error.h"
#include "models/device_model.h"
#include "models/model_config.h"
#include "vulkan/device.h"

namespace glm {

std::shared_ptr<Model> random_model(std::shared_ptr<GpuDevice> gpu, const ModelConfig& config,
                                    TensorType type, TensorType embedding_type, uint64_t seed) {
    if (!gpu) throw Error(ErrorKind::InvalidArgument, "no device to make the model on");
    validate_model_config(config, "the benchmark configuration");
    DeviceModel m;
    m.config = config;
    m.gpu = gpu;
    vk::Device& dev = EngineInternals::device(*gpu);
    m.kernels = std::make_unique<KernelContext>(dev);
    auto matrix = [&](const std::string& name, TensorType t, uint64_t rows, uint64_t k) {
        return random_matrix(dev, name, t, rows, k, seed++);
    };
    auto vector = [&](const std::string& name, uint64_t n, bool norm) {
        std::vector<float> v(n);
        uint64_t x = seed++ * 2654435761ull + 1;
        for (auto& f : v) {
            x = x * 6364136223846793005ull + 1442695040888963407ull;
            f = float(int64_t(x >> 40) % 1000) / 10000.0f + (norm ? 1.0f : 0.01f);
        }
        return upload_floats(dev, name, v);
    };
    const bool g1 = config.is_glm1();
    const uint64_t H = config.hidden, Q = uint64_t(config.heads) * config.head_dim;
    const uint64_t QKV = g1 ? 3 * Q : Q + 2ull * config.kv_heads * config.head_dim;
    const uint64_t UP = g1 ? config.ffn : 2ull * config.ffn;
    m.embedding = matrix("token_embd.weight", embedding_type, config.vocab, H);
    for (uint32_t l = 0; l < config.layers; ++l) {
        LayerWeights w;
        w.attn_norm = vector("attn_norm", H, true);
        if (g1) w.attn_norm_bias = vector("attn_norm.bias", H, false);
        w.qkv = matrix("attn_qkv", type, QKV, H);
        w.qkv.rotary_pairs = g1; // random rows: any order is as random
        w.qkv_bias = vector("attn_qkv.bias", QKV, false);
        w.attn_out = matrix("attn_output", type, H, Q);
        if (g1) w.attn_out_bias = vector("attn_output.bias", H, false);
        w.ffn_norm = vector("ffn_norm", H, true);
        if (g1) w.ffn_norm_bias = vector("ffn_norm.bias", H, false);
        w.ffn_up = matrix("ffn_up", type, UP, H);
        w.ffn_up.paired_rows = !g1; // random rows: any order is as random
        if (g1) w.ffn_up_bias = vector("ffn_up.bias", UP, false);
        w.ffn_down = matrix("ffn_down", type, H, config.ffn);
        if (g1) w.ffn_down_bias = vector("ffn_down.bias", H, false);
        m.layers.push_back(std::move(w));
    }
    m.final_norm = vector("output_norm", H, true);
    if (g1) m.final_norm_bias = vector("output_norm.bias", H, false);
    if (!config.tied_head) m.output = matrix("output.weight", embedding_type, config.vocab, H);
    ModelInternals::Description d;
    d.path = "(random weights)";
    d.weight_type = type;
    d.embedding_type = embedding_type;
    return ModelInternals::assemble(std::move(gpu), std::move(m), std::move(d));
}

} // namespace glm
