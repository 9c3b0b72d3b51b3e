#include "cpu/cpu_device.h"

#include <cstdlib>
#include <fstream>
#include <string>
#include <thread>

namespace glm::cpu {

namespace {

// "model name" (x86) or "Model" (ARM boards) from /proc/cpuinfo; empty elsewhere.
std::string cpu_model_name() {
    std::ifstream in("/proc/cpuinfo");
    std::string line;
    while (std::getline(in, line)) {
        const auto colon = line.find(':');
        if (colon == std::string::npos) continue;
        const std::string key = line.substr(0, line.find_last_not_of(" \t", colon - 1) + 1);
        if (key != "model name" && key != "Model") continue;
        const auto start = line.find_first_not_of(" \t", colon + 1);
        return start == std::string::npos ? std::string() : line.substr(start);
    }
    return {};
}

} // namespace

unsigned thread_count(uint32_t requested) {
    if (requested) return requested;
    if (const char* env = std::getenv("GLM_CPU_THREADS")) {
        char* end = nullptr;
        const long n = std::strtol(env, &end, 10);
        if (end != env && *end == '\0' && n > 0 && n <= 1024) return unsigned(n);
    }
    return physical_cores();
}

DeviceInfo describe_cpu(uint32_t index, unsigned threads) {
    DeviceInfo d;
    d.index = index;
    d.backend = DeviceBackend::Cpu;
    d.type = DeviceType::Cpu;
    const std::string model = cpu_model_name();
    d.name = model.empty() ? "CPU" : "CPU (" + model + ")";
    d.vendor = "GLM Chat";
    d.driver_name = "GLM Chat CPU backend";
    d.threads = threads;
    d.driver_info = std::string(to_string(active_isa())) + " kernels, " + std::to_string(threads) +
                    (threads == 1 ? " thread" : " threads");
    d.heaps.push_back({physical_memory_bytes(), true});
    return d;
}

} // namespace glm::cpu
