// glm::random_model: a model of a real shape with random weights, made on the device.
#include "bench_util.h"
#include "engine_internals.h"
#include "glm/bench.h"
#include "glm/error.h"
#include "models/device_model.h"
#include "models/model_config.h"
#include "vulkan/device.h"

namespace glm {

std::shared_ptr<Model> random_model(std::shared_ptr<ComputeDevice> gpu, const ModelConfig& config,
                                    TensorType type, TensorType embedding_type, uint64_t seed) {
    if (!gpu) throw Error(ErrorKind::InvalidArgument, "no device to make the model on");
    validate_model_config(config, "the benchmark configuration");
    DeviceModel m;
    m.config = config;
    m.gpu = gpu;
    vk::Device& dev = EngineInternals::device(*gpu);
    m.kernels = std::make_unique<KernelContext>(dev);
    auto vector = [&](const std::string& name, uint64_t n, bool norm) {
        std::vector<float> v(n);
        uint64_t x = seed++ * 2654435761ull + 1;
        for (auto& f : v) {
            x = x * 6364136223846793005ull + 1442695040888963407ull;
            f = float(int64_t(x >> 40) % 1000) / 10000.0f + (norm ? 1.0f : 0.01f);
        }
        return upload_floats(dev, name, v);
    };
    m.layers.resize(config.layers);
    for (const TensorSpec& spec : model_tensors(config)) {
        if (DeviceMatrix* slot = m.matrix_slot(spec)) {
            const bool embedding =
                spec.role == TensorRole::Embedding || spec.role == TensorRole::Output;
            *slot = random_matrix(dev, spec.name, embedding ? embedding_type : type, spec.dims[1],
                                  spec.dims[0], seed++);
            // Random rows: any order is as random, so only the flags the order sets matter.
            const RowOrder order = device_row_order(config, spec.role);
            slot->rotary_pairs = order.kind == RowOrder::Glm1RotaryPairs;
            slot->paired_rows = order.kind == RowOrder::PairedHalves;
        } else {
            const bool norm = spec.role == TensorRole::AttnNorm ||
                              spec.role == TensorRole::FfnNorm ||
                              spec.role == TensorRole::OutputNorm;
            *m.vector_slot(spec) = vector(spec.name, spec.dims[0], norm);
        }
    }
    ModelInternals::Description d;
    d.path = "(random weights)";
    d.weight_type = type;
    d.embedding_type = embedding_type;
    return ModelInternals::assemble(std::move(gpu), std::move(m), std::move(d));
}

} // namespace glm
