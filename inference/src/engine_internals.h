// The engine's own code (models, sessions, benchmarks, its tests) reaches the Vulkan objects, the
// CPU backend and the weights behind the public Engine, ComputeDevice and Model through these;
// the public headers offer no way in.
#pragma once

#include "glm/engine.h"
#include "glm/model.h"
#include "glm/tensor_type.h"

#include <cstdint>
#include <filesystem>
#include <memory>
#include <vector>

namespace glm {

struct DeviceModel;
namespace cpu {
struct CpuModel;
}

struct EngineInternals {
    static vk::Instance& instance(Engine& engine);
    // Throws InvalidArgument for the CPU backend.
    static vk::Device& device(ComputeDevice& gpu);
    // Throws InvalidArgument for a Vulkan device.
    static cpu::CpuDevice& cpu(ComputeDevice& device);
};

struct ModelInternals {
    // The weights on a Vulkan device (throws InvalidArgument for a model on the CPU backend) ...
    static DeviceModel& device_model(Model& model);
    // ... or in RAM for the CPU backend (null for a model on a Vulkan device).
    static cpu::CpuModel* cpu_model(Model& model);

    // What a Model holds besides its weights.
    struct Description {
        std::filesystem::path path; // the file, or a label such as "(random weights)"
        uint64_t file_bytes = 0;
        std::vector<uint8_t> tokenizer;
        TensorType weight_type = TensorType::F32, embedding_type = TensorType::F32;
    };
    // A Model around weights already on `gpu` (loaded from a file, or made by a benchmark).
    static std::shared_ptr<Model> assemble(std::shared_ptr<ComputeDevice> gpu,
                                           DeviceModel&& weights, Description description);
    static std::shared_ptr<Model> assemble(std::shared_ptr<ComputeDevice> device,
                                           std::unique_ptr<cpu::CpuModel> weights,
                                           Description description);

private:
    static std::shared_ptr<Model> described(std::shared_ptr<ComputeDevice> device,
                                            Description& description);
};

} // namespace glm
