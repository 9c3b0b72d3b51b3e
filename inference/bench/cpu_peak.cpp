#include "cpu_peak.h"

#include "cpu/matmul_paths.h"
#include "cpu/thread_pool.h"

#include <algorithm>
#include <chrono>
#include <vector>

namespace glm {

namespace {

struct Loop {
    detail::PeakLoop run = nullptr;
    const char* instruction = "";
};

// The instruction the products on `isa` use for their 8-bit dot products (matmul.cpp's paths).
Loop loop_for(cpu::Isa isa) {
#if GLM_CPU_PEAK_X86
    switch (isa) {
    case cpu::Isa::Avx2:
        if (cpu::detail::has_avx_vnni())
            return {detail::peak_loop_avxvnni, "AVX-VNNI vpdpbusd (256-bit)"};
        return {detail::peak_loop_avx2, "AVX2 vpmaddubsw + vpmaddwd + vpaddd (256-bit)"};
    case cpu::Isa::Avx512:
        if (cpu::detail::has_avx512_vnni())
            return {detail::peak_loop_avx512vnni, "AVX-512 VNNI vpdpbusd (512-bit)"};
        return {detail::peak_loop_avx512, "AVX-512BW vpmaddubsw + vpmaddwd + vpaddd (512-bit)"};
    default:
        break;
    }
#else
    (void)isa;
#endif
    return {};
}

double seconds_since(std::chrono::steady_clock::time_point t0) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

} // namespace

CpuPeak measure_cpu_peak(cpu::ThreadPool& pool, cpu::Isa isa) {
    const Loop loop = loop_for(isa);
    if (!loop.run) return {};
    std::vector<int> sinks(pool.size(), 1);
    // Iterations for about 0.2 s per run on one thread.
    long iterations = 1 << 16;
    for (;;) {
        const auto t0 = std::chrono::steady_clock::now();
        loop.run(iterations, &sinks[0]);
        const double s = seconds_since(t0);
        if (s > 0.02) {
            iterations = long(double(iterations) * 0.2 / s) + 1;
            break;
        }
        iterations *= 4;
    }
    double best = 0;
    for (int run = 0; run < 3; ++run) {
        std::vector<double> macs(pool.size());
        const auto t0 = std::chrono::steady_clock::now();
        pool.run(pool.size(), [&](size_t t) { macs[t] = loop.run(iterations, &sinks[t]); });
        const double s = seconds_since(t0);
        double total = 0;
        for (double m : macs) total += m;
        best = std::max(best, 2.0 * total / s / 1e9);
    }
    return {best, loop.instruction};
}

} // namespace glm
