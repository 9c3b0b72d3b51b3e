// A model's weights in RAM for the CPU backend, in the GGUF file's own layout (the kernels of
// matmul.h read it as it is), and loading it from a file.
#pragma once

#include "cpu/matmul.h"
#include "glm/model.h"
#include "glm/model_info.h"
#include "models/model_weights.h"

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

namespace glm::cpu {

struct CpuDevice;

struct FreeBytes {
    void operator()(uint8_t* p) const noexcept;
};
using WeightBytes = std::unique_ptr<uint8_t[], FreeBytes>;
// Memory for `n` bytes of weights, uninitialised: 2 MiB-aligned and, on Linux, marked for huge
// pages (decoding streams gigabytes every token; fewer TLB misses measured 3–12% faster on a
// 16-layer ChatGLM-6B, docs/performance.md). Throws OutOfDeviceMemory when there is none.
WeightBytes allocate_weights(uint64_t n);

struct Matrix {
    TensorType type = TensorType::F32;
    uint32_t rows = 0, cols = 0;
    WeightBytes bytes;
    uint64_t size = 0;

    WeightMatrix view() const { return {type, bytes.get(), rows, cols}; }
};

using Vector = std::vector<float>;

struct CpuModel : ModelWeightsOf<Matrix, Vector> {
    ModelConfig config;
    CpuDevice* device = nullptr; // owned by the Model's ComputeDevice, which outlives this

    const Matrix& lm_head() const { return config.tied_head ? embedding : output; }
    uint64_t weight_bytes() const;
};

// Model::load for the CPU backend: validates the file as the Vulkan loader does, checks that the
// weights fit in the free RAM, and reads them (positional reads: a file that shrinks while it
// loads is an error, not a crash).
// Throws OutOfDeviceMemory (saying how much is needed and free) when `need` bytes of weights
// exceed the `available` memory (0: unknown, no check).
void check_fits_in_memory(uint64_t need, uint64_t available, uint64_t installed,
                          const std::string& file_name);

std::shared_ptr<Model> load_model(std::shared_ptr<ComputeDevice> device,
                                  const std::filesystem::path& path, const LoadOptions& options);

} // namespace glm::cpu
