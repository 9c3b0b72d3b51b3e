#!/usr/bin/env bash
# Builds the CPU backend's kernel library and its test for 64-bit ARM (g++-aarch64-linux-gnu)
# and runs the test under qemu-user twice: on an emulated CPU with the dot-product extension
# (the NEON kernels, and every lower level) and on a Cortex-A53, which lacks it (the engine must
# detect that and run the portable path). Needs the packages of scripts/deps.sh.
#   usage: scripts/cross-test-aarch64.sh [build-dir]    (default: build-aarch64)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
b="${1:-$root/build-aarch64}"
cmake -S "$root" -B "$b" -G Ninja -DCMAKE_BUILD_TYPE=Release -DGLM_WERROR=ON \
      -DGLM_CPU_KERNELS_ONLY=ON -DCMAKE_TOOLCHAIN_FILE="$root/cmake/toolchains/aarch64-linux-gnu.cmake" >/dev/null
cmake --build "$b" -j"$(nproc)"
cd "$b"
for cpu in max cortex-a53; do
  echo "--- qemu-aarch64 -cpu $cpu"
  QEMU_CPU=$cpu ctest --output-on-failure --timeout 1800
  # The test names the ISA it found; the dot-product CPU must have reached the NEON kernels.
  want=$([ $cpu = max ] && echo neon || echo scalar)
  found=$(QEMU_CPU=$cpu qemu-aarch64 -L /usr/aarch64-linux-gnu ./tst_cpu_kernels availableIsasAreRunnable)
  grep -q "detected ISA: $want " <<<"$found" ||
    { echo "qemu -cpu $cpu: expected the $want kernels, the test says: $found" >&2; exit 1; }
done
