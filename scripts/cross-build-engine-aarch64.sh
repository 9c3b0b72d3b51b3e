#!/usr/bin/env bash
# Cross-builds the whole engine library (the Qt-free CMake target `inference`: Vulkan runtime,
# CPU backend, models, formats, tokenizers, with its SPIR-V compiled by the host's glslang) for
# 64-bit ARM Linux with Debian's g++-aarch64-linux-gnu, under -Werror. A check to run by hand, not
# in CI (its time is spent); scripts/cross-test-aarch64.sh builds and runs the kernel tests.
# As root on Debian 12; installs what is missing on the host and unpacks the arm64 libraries.
#   usage: scripts/cross-build-engine-aarch64.sh [build-dir]   (default: build-aarch64-engine)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
b="${1:-$root/build-aarch64-engine}"
mkdir -p "$b"
b=$(cd "$b" && pwd)
# The engine's libraries for arm64, unpacked into $deps rather than installed: libc6:arm64 beside
# the cross C library that scripts/cross-test-aarch64.sh runs its tests with (qemu -L
# /usr/aarch64-linux-gnu) mixes two builds of glibc through /etc/ld.so.cache, and then every
# program that starts a thread hangs under qemu; and libsentencepiece0/-dev are not Multi-Arch
# "same", so their arm64 packages would remove the host's.
deps="$b/arm64-deps"
arm64_debs=(libsentencepiece0 libsentencepiece-dev libpcre2-8-0 libpcre2-dev zlib1g zlib1g-dev
            libvulkan1 libvulkan-dev)
pc="$deps/usr/lib/aarch64-linux-gnu/pkgconfig"

installed() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q "install ok installed"; }

# 1. Host tools and the cross compiler; the arm64 packages' files.
host_pkgs=(cmake ninja-build pkg-config glslang-tools spirv-tools g++-aarch64-linux-gnu qemu-user)
missing=()
for p in "${host_pkgs[@]}"; do installed "$p" || missing+=("$p"); done
if [ ${#missing[@]} -gt 0 ] || [ ! -f "$pc/sentencepiece.pc" ]; then
  export DEBIAN_FRONTEND=noninteractive
  # apt knows arm64 packages only with the architecture added (no arm64 package is installed).
  dpkg --print-foreign-architectures | grep -qx arm64 || dpkg --add-architecture arm64
  apt-get update -q
fi
[ ${#missing[@]} -eq 0 ] || apt-get install -y -q --no-install-recommends "${missing[@]}"
if [ ! -f "$pc/sentencepiece.pc" ]; then
  rm -rf "$deps"
  debs=$(mktemp -d)
  chown _apt "$debs" 2>/dev/null || true # apt downloads as its own user
  (cd "$debs" && apt-get download -q "${arm64_debs[@]/%/:arm64}")
  for d in "$debs"/*.deb; do dpkg-deb -x "$d" "$deps"; done
  rm -rf "$debs"
  # Absolute links (libz.so -> /lib/...) and prefixes (/usr) must point into $deps.
  find "$deps" -type l -lname '/*' | while read -r l; do ln -sfn "$deps$(readlink "$l")" "$l"; done
  sed -i "s|^prefix=/usr\$|prefix=$deps/usr|" "$pc"/*.pc
fi

# 2. Configure (no Qt: no app, no tests; glm-cli needs Qt Core) and build the engine library only.
cmake -S "$root" -B "$b" -G Ninja -DCMAKE_BUILD_TYPE=Release -DGLM_WERROR=ON \
      -DGLM_BUILD_APP=OFF -DGLM_BUILD_TESTS=OFF -DGLM_AARCH64_DEPS="$deps" \
      -DCMAKE_TOOLCHAIN_FILE="$root/cmake/toolchains/aarch64-linux-gnu-engine.cmake" >/dev/null
cmake --build "$b" -j"${JOBS:-$(nproc)}" --target inference
# Every object of the library is ARM64 code.
aarch64-linux-gnu-objdump -f "$b/inference/libinference.a" | grep "^architecture:" | sort | uniq -c

# 3. A static library is never linked: link a program against it and its libraries and run it
# under qemu-user (no Vulkan driver for ARM64 here: the engine must still list its CPU backend,
# with the NEON kernels on a CPU with the dot product and the portable ones on a Cortex-A53).
cat >"$b/engine_devices.cpp" <<'CPP'
#include "glm/engine.h"
#include <cstdio>
int main() {
    glm::Engine engine;
    if (!engine.vulkan_unavailable_reason().empty())
        std::printf("  Vulkan: not available (%s)\n", engine.vulkan_unavailable_reason().c_str());
    const glm::DeviceInfo& chosen = engine.choose();
    for (const glm::DeviceInfo& d : engine.devices())
        std::printf("%s [%u] %s: %s\n", chosen.index == d.index ? "*" : " ", d.index, d.name.c_str(),
                    d.driver_info.c_str());
    return chosen.backend == glm::DeviceBackend::Cpu ? 0 : 1;
}
CPP
aarch64-linux-gnu-g++ -std=c++20 -O1 -I"$root/inference/include" "$b/engine_devices.cpp" \
    -o "$b/engine_devices" "$b/inference/libinference.a" "$b/inference/libinference_cpu_kernels.a" \
    "$b/shaders/libglm_shaders.a" -L"$deps/usr/lib/aarch64-linux-gnu" -lsentencepiece -lpcre2-8 -lz \
    -ldl -pthread
for cpu in max cortex-a53; do
  echo "--- qemu-aarch64 -cpu $cpu"
  QEMU_CPU=$cpu LD_LIBRARY_PATH="$deps/usr/lib/aarch64-linux-gnu:$deps/lib/aarch64-linux-gnu" \
    qemu-aarch64 -L /usr/aarch64-linux-gnu "$b/engine_devices"
done
