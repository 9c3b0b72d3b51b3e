// glm::random_model: a model of a real shape with random weights, made on the device (in RAM for
// the CPU backend).
#include "bench_util.h"
#include "cpu/cpu_device.h"
#include "cpu/cpu_model.h"
#include "engine_internals.h"
#include "glm/bench.h"
#include "glm/error.h"
#include "models/device_model.h"
#include "models/model_config.h"
#include "vulkan/device.h"

namespace glm {

namespace {

// Norm weights near 1, biases near 0.01: never zero, so every operation does real work.
std::vector<float> random_vector(uint64_t n, bool norm, uint64_t& seed) {
    std::vector<float> v(n);
    uint64_t x = seed++ * 2654435761ull + 1;
    for (auto& f : v) {
        x = x * 6364136223846793005ull + 1442695040888963407ull;
        f = float(int64_t(x >> 40) % 1000) / 10000.0f + (norm ? 1.0f : 0.01f);
    }
    return v;
}

bool is_norm(TensorRole role) {
    return role == TensorRole::AttnNorm || role == TensorRole::FfnNorm ||
           role == TensorRole::OutputNorm || role == TensorRole::AttnPostNorm ||
           role == TensorRole::FfnPostNorm;
}

bool is_embedding(TensorRole role) {
    return role == TensorRole::Embedding || role == TensorRole::Output;
}

// The same in RAM for the CPU backend.
std::shared_ptr<Model> random_cpu_model(std::shared_ptr<ComputeDevice> device,
                                        const ModelConfig& config, TensorType type,
                                        TensorType embedding_type, uint64_t seed) {
    auto m = std::make_unique<cpu::CpuModel>();
    m->config = config;
    m->device = &EngineInternals::cpu(*device);
    m->layers.resize(config.layers);
    for (const TensorSpec& spec : model_tensors(config)) {
        if (cpu::Matrix* slot = m->matrix_slot(spec)) {
            slot->type = is_embedding(spec.role) ? embedding_type : type;
            slot->rows = uint32_t(spec.dims[1]);
            slot->cols = uint32_t(spec.dims[0]);
            const std::vector<uint8_t> rows =
                random_rows(slot->type, slot->rows, slot->cols, seed++);
            slot->size = rows.size();
            slot->bytes = cpu::allocate_weights(rows.size());
            std::copy(rows.begin(), rows.end(), slot->bytes.get());
        } else {
            *m->vector_slot(spec) = random_vector(spec.dims[0], is_norm(spec.role), seed);
        }
    }
    ModelInternals::Description d;
    d.path = "(random weights)";
    d.weight_type = type;
    d.embedding_type = embedding_type;
    return ModelInternals::assemble(std::move(device), std::move(m), std::move(d));
}

} // namespace

std::shared_ptr<Model> random_model(std::shared_ptr<ComputeDevice> gpu, const ModelConfig& config,
                                    TensorType type, TensorType embedding_type, uint64_t seed) {
    if (!gpu) throw Error(ErrorKind::InvalidArgument, "no device to make the model on");
    validate_model_config(config, "the benchmark configuration");
    if (gpu->is_cpu()) return random_cpu_model(std::move(gpu), config, type, embedding_type, seed);
    DeviceModel m;
    m.config = config;
    m.gpu = gpu;
    vk::Device& dev = EngineInternals::device(*gpu);
    m.kernels = std::make_unique<KernelContext>(dev);

    m.layers.resize(config.layers);
    for (const TensorSpec& spec : model_tensors(config)) {
        if (DeviceMatrix* slot = m.matrix_slot(spec)) {
            *slot = random_matrix(dev, spec.name, is_embedding(spec.role) ? embedding_type : type,
                                  spec.dims[1], spec.dims[0], seed++);
            // Random rows: any order is as random, so only the flags the order sets matter.
            const RowOrder order = device_row_order(config, spec.role);
            slot->rotary_pairs = order.kind == RowOrder::Glm1RotaryPairs;
            slot->paired_rows = order.kind == RowOrder::PairedHalves;
        } else {
            *m.vector_slot(spec) = upload_floats(
                dev, spec.name, random_vector(spec.dims[0], is_norm(spec.role), seed));
        }
    }
    ModelInternals::Description d;
    d.path = "(random weights)";
    d.weight_type = type;
    d.embedding_type = embedding_type;
    return ModelInternals::assemble(std::move(gpu), std::move(m), std::move(d));
}

} // namespace glm
