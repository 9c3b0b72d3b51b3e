#include "bench_util.h"

#include "cpu/thread_pool.h"
#include "engine_internals.h"
#include "glm/bench_kernels.h"
#include "quant/fp16.h"
#include "vulkan/command_recorder.h"
#include "vulkan/device.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstring>

namespace glm {

double median(std::vector<double> v) {
    if (v.empty()) return 0;
    std::sort(v.begin(), v.end());
    const size_t n = v.size();
    return n % 2 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]);
}

namespace {
struct XorShift {
    uint64_t s;
    uint64_t next() {
        s ^= s << 13;
        s ^= s >> 7;
        s ^= s << 17;
        return s;
    }
};
} // namespace

std::vector<uint8_t> random_rows(TensorType type, uint64_t rows, uint64_t k, uint64_t seed) {
    std::vector<uint8_t> out(rows * row_bytes(type, k));
    XorShift r{seed * 0x9E3779B97F4A7C15ull + 1};
    uint8_t* p = out.data();
    const uint64_t n = out.size();
    // Fill with random bytes, then fix what must be valid numbers (scales, float values).
    for (uint64_t i = 0; i + 8 <= n; i += 8) {
        const uint64_t v = r.next();
        std::memcpy(p + i, &v, 8);
    }
    auto random_half = [&](float scale) {
        const float f = (float(r.next() % 2001) / 1000.0f - 1.0f) * scale + (scale * 1e-3f);
        return fp32_to_fp16(f);
    };
    switch (type) {
    case TensorType::F32:
        for (uint64_t i = 0; i < n; i += 4) {
            const float f = float(int64_t(r.next() % 2001) - 1000) / 1000.0f + 1e-4f;
            std::memcpy(p + i, &f, 4);
        }
        break;
    case TensorType::F16:
        for (uint64_t i = 0; i < n; i += 2) {
            const uint16_t h = random_half(1.0f);
            std::memcpy(p + i, &h, 2);
        }
        break;
    case TensorType::Q8_0:
    case TensorType::Q4_0: {
        const uint32_t bb = block_bytes(type);
        for (uint64_t i = 0; i < n; i += bb) {
            const uint16_t d = random_half(0.02f);
            std::memcpy(p + i, &d, 2);
        }
        break;
    }
    default:
        break;
    }
    return out;
}

DeviceMatrix random_matrix(vk::Device& device, const std::string& name, TensorType type,
                           uint64_t rows, uint64_t k, uint64_t seed) {
    // Generate and upload in slices of rows to bound host memory for the big matrices.
    std::vector<uint8_t> all = random_rows(type, rows, k, seed);
    return upload_matrix(device, name, type, rows, k, all);
}

double time_recording_ms(vk::Device& device,
                         const std::function<void(vk::CommandRecorder&)>& record, int warmup,
                         int runs) {
    vk::CommandRecorder rec(device, true);
    rec.begin();
    record(rec);
    rec.end();
    for (int i = 0; i < warmup; ++i) rec.submit_and_wait();
    std::vector<double> times;
    for (int i = 0; i < runs; ++i) {
        const auto t0 = std::chrono::steady_clock::now();
        rec.submit_and_wait();
        const double wall =
            std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0)
                .count();
        double gpu = 0;
        for (const auto& k : rec.kernel_times()) gpu += k.ms;
        times.push_back(gpu > 0 ? gpu : wall);
    }
    return median(times);
}

double copy_bandwidth_gbs(vk::Device& device, uint64_t bytes, int runs) {
    bytes = std::min<uint64_t>(bytes, device.allocator().max_buffer_bytes());
    vk::Buffer a =
        device.allocator().allocate(bytes, vk::MemoryUsage::DeviceLocal, "a bandwidth test buffer");
    vk::Buffer b =
        device.allocator().allocate(bytes, vk::MemoryUsage::DeviceLocal, "a bandwidth test buffer");
    // Random contents: never time zeros (some hardware compresses them).
    auto bytes_a = random_rows(TensorType::F32, 1, bytes / 4, 99);
    device.upload(a, 0, bytes_a.data(), bytes_a.size());
    const double ms = time_recording_ms(
        device, [&](vk::CommandRecorder& rec) { rec.copy(a.view(), b.view()); }, 2, runs);
    return ms > 0 ? 2.0 * double(bytes) / (ms * 1e6) : 0;
}

double copy_bandwidth_gbs(ComputeDevice& gpu, uint64_t bytes, int runs) {
    return copy_bandwidth_gbs(EngineInternals::device(gpu), bytes, runs);
}

double cpu_copy_bandwidth_gbs(cpu::ThreadPool& pool, uint64_t bytes, int runs) {
    std::vector<uint8_t> src(bytes, 1), dst(bytes, 2); // touched, so no page faults are timed
    std::vector<double> gbs;
    for (int i = 0; i < runs + 1; ++i) {
        const auto t0 = std::chrono::steady_clock::now();
        pool.parallel_for(bytes, 1 << 20, [&](size_t begin, size_t end) {
            std::memcpy(dst.data() + begin, src.data() + begin, end - begin);
        });
        const double s =
            std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
        if (i > 0) gbs.push_back(2.0 * double(bytes) / s / 1e9); // the first run warms up
    }
    return median(gbs);
}

double cpu_read_bandwidth_gbs(cpu::ThreadPool& pool, uint64_t bytes, int runs) {
    std::vector<uint64_t> data(bytes / 8, 1); // touched, so no page faults are timed
    std::vector<double> gbs;
    std::atomic<uint64_t> total{0};
    for (int i = 0; i < runs + 1; ++i) {
        const auto t0 = std::chrono::steady_clock::now();
        pool.parallel_for(data.size(), 1 << 17, [&](size_t begin, size_t end) {
            // Four sums, so the loads are independent and the compiler vectorises them.
            uint64_t s[4] = {0, 0, 0, 0};
            size_t j = begin;
            for (; j + 4 <= end; j += 4)
                for (int k = 0; k < 4; ++k) s[k] += data[j + size_t(k)];
            for (; j < end; ++j) s[0] += data[j];
            total += s[0] + s[1] + s[2] + s[3];
        });
        const double s =
            std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
        if (i > 0) gbs.push_back(double(bytes) / s / 1e9); // the first run warms up
    }
    if (total.load() == 0) return 0; // keeps the sums from being optimised away
    return median(gbs);
}

} // namespace glm
