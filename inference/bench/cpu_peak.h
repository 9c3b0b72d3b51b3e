// The CPU's measured peak of the integer dot products the quantized matrix products are made of,
// for reporting prefill (bound by arithmetic) against what the cores can do at most.
#pragma once

#include "cpu/isa.h"

#include <string>

namespace glm {

namespace cpu {
class ThreadPool;
}

struct CpuPeak {
    double int8_gops = 0;    // 2 · 8-bit multiply-adds per second, in 1e9 (0: not measured)
    std::string instruction; // what was timed, e.g. "AVX-512 VNNI vpdpbusd"
};

// Times independent chains of the dot-product instruction the products on `isa` use, with no
// memory traffic, on every thread of the pool (best of a few runs). Not measured (0) on the
// portable path and on ISAs without a timing loop here (NEON).
CpuPeak measure_cpu_peak(cpu::ThreadPool& pool, cpu::Isa isa);

namespace detail {
// One thread's loop: `iterations` rounds of the instruction over independent accumulators;
// returns the 8-bit multiply-adds done (the sum of the accumulators goes to *sink).
using PeakLoop = double (*)(long iterations, int* sink);
double peak_loop_avx2(long iterations, int* sink);
double peak_loop_avxvnni(long iterations, int* sink);
double peak_loop_avx512(long iterations, int* sink);
double peak_loop_avx512vnni(long iterations, int* sink);
} // namespace detail

} // namespace glm
