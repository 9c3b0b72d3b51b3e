// The CPU backend as a device: its thread pool and instruction set, and how it describes itself
// in the device list (Engine::devices()).
#pragma once

#include "cpu/isa.h"
#include "cpu/thread_pool.h"
#include "glm/device.h"

#include <cstdint>

namespace glm::cpu {

struct CpuDevice {
    explicit CpuDevice(unsigned threads) : isa(active_isa()), pool(threads) {}
    Isa isa;
    ThreadPool pool;
};

// Threads the CPU backend uses when asked for `requested` (0: GLM_CPU_THREADS if set, else one
// per physical core).
unsigned thread_count(uint32_t requested);
// The device list's entry for the CPU backend, at position `index`.
DeviceInfo describe_cpu(uint32_t index, unsigned threads);

} // namespace glm::cpu
