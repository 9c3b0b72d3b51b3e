#include "bench_util.h"
#include "engine_internals.h"
#include "glm/architecture.h"
#include "glm/bench_kernels.h"
#include "glm/error.h"
#include "kernels/attention_kernel.h"
#include "kernels/matmul_kernel.h"
#include "vulkan/device.h"

#include <cstring>

namespace glm {

std::vector<MatmulShape> chatglm6b_matmul_shapes() {
    return {{"qkv", 12288, 4096},
            {"attn_out", 4096, 4096},
            {"ffn_up", 16384, 4096},
            {"ffn_down", 4096, 16384},
            {"lm_head", 130528, 4096}};
}

std::vector<KernelBenchResult>
bench_matmul(ComputeDevice& gpu, const std::vector<MatmulShape>& shapes,
             const std::vector<TensorType>& types, const std::vector<uint32_t>& tokens, int runs,
             const std::function<void(const KernelBenchResult&)>& on_result) {
    vk::Device& device = EngineInternals::device(gpu);
    KernelContext ctx(device);
    MatmulKernel mm(ctx);
    std::vector<KernelBenchResult> out;
    for (TensorType t : types)
        for (const auto& s : shapes) {
            const uint64_t need =
                s.rows * (device_row_words(t, s.k) * 4 + scale_row_stride(t, s.k) * 2);
            const auto st = device.allocator().stats();
            DeviceMatrix w;
            std::string skip;
            if (st.device_local_heap_size &&
                need + (512ull << 20) > st.device_local_heap_size - st.device_local_bytes)
                skip = "skipped: needs " + format_bytes(need) + " of device memory";
            else
                w = random_matrix(device, s.name, t, s.rows, s.k, 1);
            for (uint32_t n : tokens) {
                KernelBenchResult r;
                r.kernel = s.name + " " + std::to_string(s.rows) + "x" + std::to_string(s.k);
                r.type = to_string(t);
                r.rows = s.rows;
                r.k = s.k;
                r.tokens = n;
                if (skip.empty() && n > 1 && s.name == "lm_head")
                    skip = "skipped: the LM head runs on one token";
                if (!skip.empty()) {
                    r.note = skip;
                } else {
                    auto xs = random_rows(TensorType::F32, n, s.k, 2);
                    vk::Buffer x = device.allocator().allocate(
                        xs.size(), vk::MemoryUsage::DeviceLocal, "bench x");
                    device.upload(x, 0, xs.data(), xs.size());
                    vk::Buffer y = device.allocator().allocate(
                        uint64_t(n) * s.rows * 4, vk::MemoryUsage::DeviceLocal, "bench y");
                    r.ms = time_recording_ms(
                        device,
                        [&](vk::CommandRecorder& rec) {
                            mm.record(rec, w, act(x, uint32_t(s.k)), act(y, uint32_t(s.rows)), n);
                        },
                        n > 1 ? 1 : 3, n > 1 ? std::max(1, runs / 3) : runs);
                    r.weight_gbs = double(w.device_bytes()) / (r.ms * 1e6);
                    r.gflops = 2.0 * double(s.rows) * double(s.k) * n / (r.ms * 1e6);
                }
                if (on_result) on_result(r);
                out.push_back(r);
            }
            if (!skip.empty() && skip.rfind("skipped: the LM", 0) == 0) skip.clear();
        }
    return out;
}

KernelBenchResult bench_attention_decode(ComputeDevice& gpu, uint32_t context, KvCacheType kv,
                                         int runs) {
    vk::Device& device = EngineInternals::device(gpu);
    KernelContext ctx(device);
    AttentionKernel ak(ctx);
    ModelConfig c;
    c.generation = Generation::Glm1;
    c.heads = c.kv_heads = 32;
    c.head_dim = 128;
    const uint32_t slices = ctx.config.decode_slices;
    const uint64_t row_bytes = kv_cache_row_bytes(kv, c.head_dim);
    const uint64_t cache_bytes = uint64_t(c.kv_heads) * context * row_bytes;
    auto rnd = random_rows(TensorType::F16, 1, cache_bytes / 2, 5);
    if (kv == KvCacheType::Q8_0) // random int8 values, then a sane scale per 32 of them
        for (uint64_t row = 0; row < uint64_t(c.kv_heads) * context; ++row)
            for (uint32_t b = 0; b < c.head_dim / 32; ++b) {
                const float scale = 0.01f;
                std::memcpy(rnd.data() + row * row_bytes + c.head_dim + b * 4, &scale, 4);
            }
    vk::Buffer k =
        device.allocator().allocate(cache_bytes, vk::MemoryUsage::DeviceLocal, "bench k");
    vk::Buffer v =
        device.allocator().allocate(cache_bytes, vk::MemoryUsage::DeviceLocal, "bench v");
    device.upload(k, 0, rnd.data(), cache_bytes);
    device.upload(v, 0, rnd.data(), cache_bytes);
    auto qs = random_rows(TensorType::F32, 1, q_width(c), 6);
    vk::Buffer q = device.allocator().allocate(qs.size(), vk::MemoryUsage::DeviceLocal, "bench q");
    device.upload(q, 0, qs.data(), qs.size());
    uint32_t step[4] = {context - 1, 1, 0, 0};
    vk::Buffer sb = device.allocator().allocate(16, vk::MemoryUsage::DeviceLocal, "bench step");
    device.upload(sb, 0, step, 16);
    vk::Buffer part = device.allocator().allocate(AttentionKernel::partial_floats(c, 1, slices) * 4,
                                                  vk::MemoryUsage::DeviceLocal, "bench partial");
    vk::Buffer o = device.allocator().allocate(qs.size(), vk::MemoryUsage::DeviceLocal, "bench o");
    KvCacheView cache{k.view(), v.view(), context, kv};
    KernelBenchResult r;
    r.kernel = "attention decode ctx " + std::to_string(context);
    r.type = kv == KvCacheType::Q8_0 ? "Q8 KV" : "F16 KV";
    r.rows = c.heads;
    r.k = context;
    r.tokens = 1;
    r.ms = time_recording_ms(
        device,
        [&](vk::CommandRecorder& rec) {
            ak.record(rec, c, q.view(), sb.view(), cache, part.view(), o.view(), 1, 0, slices);
        },
        3, runs);
    r.weight_gbs = 2.0 * double(cache_bytes) / (r.ms * 1e6); // KV bytes read per second
    r.gflops = 4.0 * c.heads * double(context) * c.head_dim / (r.ms * 1e6);
    return r;
}

} // namespace glm
