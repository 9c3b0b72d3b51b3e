// A GLM model loaded onto a GPU: weights in device memory, configuration and tokenizer data.
#pragma once

#include "glm/model_info.h"
#include "glm/tensor_type.h"

#include <atomic>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <span>
#include <vector>

namespace glm {

class ComputeDevice;
struct DeviceModel;

struct LoadOptions {
    // Bytes of weights uploaded so far / in all; called on the loading thread.
    std::function<void(uint64_t done, uint64_t total)> progress;
    // Set from another thread to abandon loading (glm::Error with ErrorKind::Cancelled).
    const std::atomic<bool>* cancel = nullptr;
    // Largest buffer per weight chunk (0: the device limit). For tests of split weights.
    uint64_t max_chunk_bytes = 0;
};

class Model {
public:
    // Reads, validates and uploads a GGUF model. Throws glm::Error: InvalidFile (naming the
    // problem), OutOfDeviceMemory (saying how much is needed and available), Cancelled, Io.
    static std::shared_ptr<Model> load(std::shared_ptr<ComputeDevice> device,
                                       const std::filesystem::path& path,
                                       const LoadOptions& options = {});
    ~Model();
    Model(const Model&) = delete;
    Model& operator=(const Model&) = delete;

    const ModelConfig& config() const;
    const std::filesystem::path& path() const;
    TensorType weight_type() const; // type of the layer matrices
    TensorType embedding_type() const;
    uint64_t weight_bytes() const; // device memory held by the weights
    uint64_t file_bytes() const;
    // The tokenizer file embedded in the model (empty when the model has none: ids only).
    std::span<const uint8_t> tokenizer_file() const;

    ComputeDevice& device();

private:
    Model();
    struct State;
    std::unique_ptr<State> s_;
    friend struct ModelInternals; // the engine's own code reaches the weights on the device
};

} // namespace glm
