// glm-cli bench-kernels: the matrix kernels alone at ChatGLM-6B's real shapes, and decode
// attention at several context lengths, timed with GPU timestamps.
#pragma once

#include "glm/kv_cache.h"
#include "glm/tensor_type.h"

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace glm {

class ComputeDevice;

// Device-local buffer-to-buffer copy bandwidth, counting bytes read plus bytes written, in
// GB/s (median of `runs`): the ceiling the kernels' weight bandwidth is quoted against.
double copy_bandwidth_gbs(ComputeDevice& device, uint64_t bytes, int runs = 7);

struct KernelBenchResult {
    std::string kernel; // "qkv 12288x4096", "attention decode"
    std::string type;   // weight type or KV type
    uint64_t rows = 0, k = 0, tokens = 0;
    double ms = 0;         // median GPU time
    double weight_gbs = 0; // bytes of weights read per second (once per pass)
    double gflops = 0;
    std::string note; // e.g. why it was skipped
};

struct MatmulShape {
    std::string name;
    uint64_t rows, k;
};
std::vector<MatmulShape> chatglm6b_matmul_shapes(); // QKV, output, FFN up/down, LM head

std::vector<KernelBenchResult>
bench_matmul(ComputeDevice& device, const std::vector<MatmulShape>& shapes,
             const std::vector<TensorType>& types, const std::vector<uint32_t>& tokens, int runs,
             const std::function<void(const KernelBenchResult&)>& on_result);

// One query token, 32 heads of 128 against `context` cached keys (ChatGLM-6B MHA), with the
// cache in `kv` (F16 or Q8_0).
KernelBenchResult bench_attention_decode(ComputeDevice& device, uint32_t context, KvCacheType kv,
                                         int runs);

} // namespace glm
