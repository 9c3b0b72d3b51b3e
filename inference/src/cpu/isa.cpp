#include "cpu/isa.h"

#include "cpu/matmul_paths.h"

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <set>
#include <string>
#include <thread>
#include <utility>

#if defined(__linux__)
#include <sched.h>
#include <unistd.h>
#if defined(__aarch64__)
#include <asm/hwcap.h>
#include <sys/auxv.h>
#endif
#elif defined(__APPLE__)
#include <sys/sysctl.h>
#include <sys/types.h>
#include <unistd.h>
#endif

#if GLM_CPU_X86_KERNELS
#include <cpuid.h>
#endif

namespace glm::cpu {

namespace {

#if GLM_CPU_X86_KERNELS
// Whether the OS saves the given XCR0 state bits on a context switch (the CPU supporting AVX is
// not enough: a kernel that does not save the ymm/zmm registers makes them unusable).
bool os_saves_state(uint64_t mask) {
    unsigned a, b, c, d;
    if (!__get_cpuid(1, &a, &b, &c, &d) || !(c & bit_OSXSAVE)) return false;
    uint32_t lo, hi;
    __asm__ volatile("xgetbv" : "=a"(lo), "=d"(hi) : "c"(0));
    const uint64_t xcr0 = (uint64_t(hi) << 32) | lo;
    return (xcr0 & mask) == mask;
}
#endif

#if GLM_CPU_X86_KERNELS
// CPUID bits that not every compiler's __builtin_cpu_supports knows (clang 14 lacks "f16c" and
// "avxvnni"): F16C is leaf 1 ECX bit 29, AVX-VNNI leaf 7 subleaf 1 EAX bit 4.
bool cpuid_has_f16c() {
    unsigned a, b, c, d;
    return __get_cpuid(1, &a, &b, &c, &d) && (c & (1u << 29));
}
bool cpuid_has_avx_vnni() {
    unsigned a, b, c, d;
    return __get_cpuid_count(7, 1, &a, &b, &c, &d) && (a & (1u << 4));
}
#endif

Isa detect() {
#if GLM_CPU_X86_KERNELS
    __builtin_cpu_init();
    const bool avx2 = __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma") &&
                      cpuid_has_f16c() && os_saves_state(0x6); // SSE + AVX state
    if (!avx2) return Isa::Scalar;
    const bool avx512 = __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512bw") &&
                        __builtin_cpu_supports("avx512vl") &&
                        os_saves_state(0xe6); // + opmask, upper zmm0-15, zmm16-31
    return avx512 ? Isa::Avx512 : Isa::Avx2;
#elif GLM_CPU_NEON_KERNELS && defined(__linux__)
    return (getauxval(AT_HWCAP) & HWCAP_ASIMDDP) ? Isa::Neon : Isa::Scalar;
#elif GLM_CPU_NEON_KERNELS && defined(__APPLE__)
    return Isa::Neon; // every Apple Silicon core has the dot-product extension
#else
    return Isa::Scalar;
#endif
}

std::string lower(std::string_view s) {
    std::string l(s);
    std::transform(l.begin(), l.end(), l.begin(),
                   [](unsigned char c) { return char(std::tolower(c)); });
    return l;
}

#if defined(__linux__)
std::string read_line(const std::string& path) {
    std::ifstream in(path);
    std::string line;
    std::getline(in, line);
    return line;
}

// Physical cores among the CPUs this process may run on: one per distinct (package, core).
unsigned linux_physical_cores() {
    cpu_set_t allowed;
    CPU_ZERO(&allowed);
    if (sched_getaffinity(0, sizeof allowed, &allowed) != 0) return 0;
    std::set<std::pair<std::string, std::string>> cores;
    unsigned cpus = 0;
    for (int cpu = 0; cpu < CPU_SETSIZE; ++cpu) {
        if (!CPU_ISSET(cpu, &allowed)) continue;
        ++cpus;
        const std::string dir = "/sys/devices/system/cpu/cpu" + std::to_string(cpu) + "/topology/";
        std::string siblings = read_line(dir + "core_cpus_list");
        if (siblings.empty()) siblings = read_line(dir + "thread_siblings_list"); // kernels < 5.7
        if (siblings.empty()) return 0; // no topology: let the caller fall back
        cores.emplace(read_line(dir + "physical_package_id"), siblings);
    }
    if (cores.empty()) return 0;
    // A CPU set that holds only one thread of a core still gets a thread per allowed CPU.
    return unsigned(std::min<size_t>(cores.size(), cpus));
}

// The same from /proc/cpuinfo (x86 lists "physical id" and "core id"; others may not).
unsigned cpuinfo_physical_cores() {
    std::ifstream in("/proc/cpuinfo");
    std::set<std::pair<std::string, std::string>> cores;
    std::string line, package;
    auto value = [](const std::string& l) {
        const size_t colon = l.find(':');
        return colon == std::string::npos ? std::string() : l.substr(colon + 1);
    };
    while (std::getline(in, line)) {
        if (line.rfind("physical id", 0) == 0)
            package = value(line);
        else if (line.rfind("core id", 0) == 0)
            cores.emplace(package, value(line));
    }
    return unsigned(cores.size());
}
#endif

} // namespace

const char* to_string(Isa isa) noexcept {
    switch (isa) {
    case Isa::Scalar:
        return "scalar";
    case Isa::Avx2:
        return "avx2";
    case Isa::Avx512:
        return "avx512";
    case Isa::Neon:
        return "neon";
    }
    return "unknown";
}

std::optional<Isa> isa_from_string(std::string_view s) {
    const std::string l = lower(s);
    for (Isa isa : {Isa::Scalar, Isa::Avx2, Isa::Avx512, Isa::Neon})
        if (l == to_string(isa)) return isa;
    return std::nullopt;
}

bool can_run(Isa detected, Isa isa) noexcept {
    return isa == Isa::Scalar || isa == detected || (detected == Isa::Avx512 && isa == Isa::Avx2);
}

Isa detected_isa() {
    static const Isa isa = detect();
    return isa;
}

Isa lowered_isa(Isa detected, const char* requested, std::string* warning) {
    if (!requested || !*requested) return detected;
    const std::optional<Isa> isa = isa_from_string(requested);
    if (isa && can_run(detected, *isa)) return *isa;
    if (warning) {
        *warning = std::string("GLM_CPU_ISA=") + requested +
                   (isa ? " is not supported by this CPU or build" : " is not a known level") +
                   "; using " + to_string(detected) +
                   " (GLM_CPU_ISA can only lower the level: scalar, avx2, avx512 or neon)";
    }
    return detected;
}

Isa active_isa() {
    static const Isa isa = [] {
        std::string warning;
        const Isa chosen = lowered_isa(detected_isa(), std::getenv("GLM_CPU_ISA"), &warning);
        if (!warning.empty()) std::fprintf(stderr, "%s\n", warning.c_str());
        return chosen;
    }();
    return isa;
}

std::vector<Isa> available_isas() {
    std::vector<Isa> isas;
    for (Isa isa : {Isa::Scalar, Isa::Avx2, Isa::Avx512, Isa::Neon})
        if (can_run(detected_isa(), isa)) isas.push_back(isa);
    return isas;
}

namespace detail {
bool has_avx512_vnni() {
#if GLM_CPU_X86_KERNELS
    static const bool vnni = detected_isa() == Isa::Avx512 && __builtin_cpu_supports("avx512vnni");
    return vnni;
#else
    return false;
#endif
}
bool has_avx_vnni() {
#if GLM_CPU_X86_KERNELS
    static const bool vnni = detected_isa() != Isa::Scalar && cpuid_has_avx_vnni();
    return vnni;
#else
    return false;
#endif
}
} // namespace detail

unsigned physical_cores() {
    unsigned cores = 0;
#if defined(__linux__)
    cores = linux_physical_cores();
    if (cores == 0) cores = cpuinfo_physical_cores();
#elif defined(__APPLE__)
    int n = 0;
    size_t size = sizeof n;
    if (sysctlbyname("hw.physicalcpu", &n, &size, nullptr, 0) == 0 && n > 0) cores = unsigned(n);
#endif
    if (cores == 0) cores = std::thread::hardware_concurrency();
    return std::max(cores, 1u);
}

uint64_t physical_memory_bytes() {
#if defined(__linux__) || defined(__APPLE__)
    const long pages = sysconf(_SC_PHYS_PAGES), page = sysconf(_SC_PAGESIZE);
    if (pages > 0 && page > 0) return uint64_t(pages) * uint64_t(page);
#endif
    return 0;
}

uint64_t available_memory_bytes() {
#if defined(__linux__)
    std::ifstream in("/proc/meminfo");
    std::string key;
    uint64_t kib = 0;
    while (in >> key) {
        if (key == "MemAvailable:") return in >> kib ? kib * 1024 : 0;
        in.ignore(256, '\n');
    }
#endif
    return 0;
}

} // namespace glm::cpu
