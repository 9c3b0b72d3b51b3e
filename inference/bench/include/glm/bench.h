// glm-cli bench: a whole model's prefill and decode speed, per-kernel GPU time, the weight
// bandwidth of decoding against the device's copy bandwidth (measured in the same run).
#pragma once

#include "glm/kv_cache.h"
#include "glm/model.h"
#include "glm/tensor_type.h"

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace glm {

struct ModelBenchOptions {
    std::vector<uint32_t> prefill_tokens = {128, 512};
    std::vector<uint32_t> decode_contexts = {128, 1024};
    uint32_t decode_steps = 16; // timed steps per context (after 2 warm-up steps)
    int prefill_runs = 3;
    uint32_t context = 0; // session capacity (0: what the prefill and decode sizes need)
    KvCacheType kv_cache = KvCacheType::F16;
    uint32_t pass_chunk = 0; // SessionOptions::pass_chunk
};

struct ModelBenchReport {
    std::string device;
    double copy_gbs = 0; // read + write
    // The CPU backend (0 on a GPU): RAM read alone (a sum over a buffer much larger than the
    // caches, on every thread). Its decode floors: weights ÷ the memcpy rate (bytes copied per
    // second, copy_gbs / 2) and weights ÷ read_gbs.
    double read_gbs = 0;
    // The CPU backend: the cores' measured peak of the 8-bit dot products the quantized products
    // use (all threads, no memory traffic), in GOPS as prefill's; 0 where not measured.
    double int8_peak_gops = 0;
    std::string peak_instruction;
    uint64_t weight_bytes = 0;      // on the device
    uint64_t bytes_per_token = 0;   // weights read by one decode step
    uint64_t peak_device_bytes = 0; // allocated from the driver, in whole blocks
    // Device memory in buffers, measured: the weights (of which in the layers), and what the
    // session at `capacity` tokens adds: its KV cache and its scratch (activations, logits).
    uint32_t capacity = 0;
    uint64_t layer_weight_bytes = 0;
    uint64_t kv_cache_bytes = 0;
    uint64_t scratch_bytes = 0;
    std::vector<uint32_t> skipped_contexts; // decode contexts that do not fit the capacity
    uint32_t dispatches_per_step = 0;
    double time_to_first_token_ms = 0; // prompt of the first prefill size
    // The fast path's steps measured against their "before" in the same run (first context):
    double record_ms = 0; // host time to record one decode step (paid per token if re-recorded)
    double host_sampling_ms = 0;   // a decode step that reads all logits back and picks on the host
    double device_sampling_ms = 0; // the same step with the pick on the device (one id read back)
    struct Prefill {
        uint32_t tokens;
        double ms, tokens_per_second;
        double gops; // 2 · (multiply-adds of the layer matrices per token) · tokens/s, in 1e9/s
    };
    std::vector<Prefill> prefill;
    struct Decode {
        uint32_t context;
        double ms_per_token, tokens_per_second, weight_gbs, fraction_of_copy, floor_ms;
        double memcpy_floor_ms = 0, read_floor_ms = 0; // the CPU backend
    };
    std::vector<Decode> decode;
    struct Kernel {
        std::string label;
        uint32_t calls; // per decode step
        double ms;      // per decode step
        double gbs;     // weight bytes / time, for the matrix kernels
    };
    std::vector<Kernel> kernels; // at the first decode context
};

ModelBenchReport bench_model(const std::shared_ptr<Model>& model, const ModelBenchOptions& options,
                             const std::function<void(const std::string&)>& progress);

// A model of `config` with random weights (never zeros) made directly on the device, for
// benchmarks at real shapes without a multi-GB file. Layer matrices in `type`, embedding and
// head in `embedding_type`.
std::shared_ptr<Model> random_model(std::shared_ptr<ComputeDevice> device,
                                    const ModelConfig& config, TensorType type,
                                    TensorType embedding_type, uint64_t seed = 1);

// Real configurations by name: chatglm-6b, chatglm2-6b, chatglm3-6b, glm-4-9b.
bool named_config(const std::string& name, ModelConfig& out);

} // namespace glm
