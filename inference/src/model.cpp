// Model: a GGUF model's weights on one device, whichever backend that device is.
#include "glm/model.h"

#include "cpu/cpu_model.h"
#include "engine_internals.h"
#include "glm/engine.h"
#include "glm/error.h"
#include "models/device_model.h"
#include "models/model_loader.h"
#include "vulkan/device.h"

namespace glm {

struct Model::State {
    std::shared_ptr<ComputeDevice> device;
    std::filesystem::path path;
    uint64_t file_bytes = 0;
    std::vector<uint8_t> tokenizer;
    TensorType weight_type = TensorType::F32, embedding_type = TensorType::F32;
    DeviceModel model;                  // on a Vulkan device ...
    std::unique_ptr<cpu::CpuModel> cpu; // ... or in RAM for the CPU backend
};

Model::Model() : s_(std::make_unique<State>()) {}
Model::~Model() {
    if (s_ && s_->device && !s_->device->is_cpu()) EngineInternals::device(*s_->device).wait_idle();
}
const ModelConfig& Model::config() const {
    return s_->cpu ? s_->cpu->config : s_->model.config;
}
const std::filesystem::path& Model::path() const {
    return s_->path;
}
TensorType Model::weight_type() const {
    return s_->weight_type;
}
TensorType Model::embedding_type() const {
    return s_->embedding_type;
}
uint64_t Model::weight_bytes() const {
    return s_->cpu ? s_->cpu->weight_bytes() : s_->model.weight_bytes();
}
uint64_t Model::file_bytes() const {
    return s_->file_bytes;
}
std::span<const uint8_t> Model::tokenizer_file() const {
    return s_->tokenizer;
}
ComputeDevice& Model::device() {
    return *s_->device;
}

DeviceModel& ModelInternals::device_model(Model& model) {
    if (model.s_->cpu)
        throw Error(ErrorKind::InvalidArgument, "The model is on the CPU backend, not on a GPU.");
    return model.s_->model;
}

cpu::CpuModel* ModelInternals::cpu_model(Model& model) {
    return model.s_->cpu.get();
}

std::shared_ptr<Model> ModelInternals::described(std::shared_ptr<ComputeDevice> device,
                                                 Description& d) {
    auto model = std::shared_ptr<Model>(new Model());
    Model::State& s = *model->s_;
    s.device = std::move(device);
    s.path = std::move(d.path);
    s.file_bytes = d.file_bytes;
    s.tokenizer = std::move(d.tokenizer);
    s.weight_type = d.weight_type;
    s.embedding_type = d.embedding_type;
    return model;
}

std::shared_ptr<Model> ModelInternals::assemble(std::shared_ptr<ComputeDevice> gpu,
                                                DeviceModel&& weights, Description description) {
    auto model = described(std::move(gpu), description);
    model->s_->model = std::move(weights);
    return model;
}

std::shared_ptr<Model> ModelInternals::assemble(std::shared_ptr<ComputeDevice> device,
                                                std::unique_ptr<cpu::CpuModel> weights,
                                                Description description) {
    auto model = described(std::move(device), description);
    model->s_->cpu = std::move(weights);
    return model;
}

std::shared_ptr<Model> Model::load(std::shared_ptr<ComputeDevice> device,
                                   const std::filesystem::path& path, const LoadOptions& options) {
    if (!device) throw Error(ErrorKind::InvalidArgument, "no device to load the model onto");
    if (device->is_cpu()) return cpu::load_model(std::move(device), path, options);
    return load_vulkan_model(std::move(device), path, options);
}

} // namespace glm
