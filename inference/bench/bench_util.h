// Small helpers shared by the benchmarks: medians, random quantized weights, copy bandwidth.
#pragma once

#include "glm/tensor_type.h"
#include "tensors/device_tensors.h"

#include <cstdint>
#include <functional>
#include <vector>

namespace glm {

namespace vk {
class Device;
class CommandRecorder;
} // namespace vk
namespace cpu {
class ThreadPool;
} // namespace cpu

double median(std::vector<double> v);

// Random GGUF-format rows (valid scales, random codes) — never zeros.
std::vector<uint8_t> random_rows(TensorType type, uint64_t rows, uint64_t k, uint64_t seed);
DeviceMatrix random_matrix(vk::Device& device, const std::string& name, TensorType type,
                           uint64_t rows, uint64_t k, uint64_t seed);

// Device-local buffer-to-buffer copy bandwidth, counting bytes read plus bytes written, in
// GB/s (median of `runs`). Measured with GPU timestamps when available.
double copy_bandwidth_gbs(vk::Device& device, uint64_t bytes, int runs = 7);
// The same in RAM: a memcpy of `bytes` (much larger than the caches) split over the pool's
// threads, counting bytes read plus bytes written, in GB/s (median of `runs`).
double cpu_copy_bandwidth_gbs(cpu::ThreadPool& pool, uint64_t bytes, int runs = 7);
// RAM read alone: a sum over `bytes` split over the pool's threads, in GB/s (median of `runs`).
double cpu_read_bandwidth_gbs(cpu::ThreadPool& pool, uint64_t bytes, int runs = 7);

// GPU time of one recorded command buffer replayed `runs` times after `warmup` runs: median ms.
// `record` fills the recorder; timestamps when available, else wall time of submit+wait.
double time_recording_ms(vk::Device& device,
                         const std::function<void(vk::CommandRecorder&)>& record, int warmup,
                         int runs);

} // namespace glm
