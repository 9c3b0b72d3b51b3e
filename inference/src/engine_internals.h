// The engine's own code (models, sessions, benchmarks, its tests) reaches the Vulkan objects and
// the device weights behind the public Engine, GpuDevice and Model through these; the public
// headers offer no way in.
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

struct EngineInternals {
    static vk::Instance& instance(Engine& engine) { return *engine.instance_; }
    static vk::Device& device(GpuDevice& gpu) { return *gpu.device_; }
};

struct ModelInternals {
    static DeviceModel& device_model(Model& model);

    // What a Model holds besides its weights.
    struct Description {
        std::filesystem::path path; // the file, or a label such as "(random weights)"
        uint64_t file_bytes = 0;
        std::vector<uint8_t> tokenizer;
        TensorType weight_type = TensorType::F32, embedding_type = TensorType::F32;
    };
    // A Model around weights already on `gpu` (loaded from a file, or made by a benchmark).
    static std::shared_ptr<Model> assemble(std::shared_ptr<GpuDevice> gpu, DeviceModel&& weights,
                                           Description description);
};

} // namespace glm
