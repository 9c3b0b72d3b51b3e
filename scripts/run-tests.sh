#!/usr/bin/env bash
# Sets up this machine (packages), builds GLM Chat and runs the whole test suite:
#   1. Release build, every test under ctest (Vulkan tests on lavapipe with the validation layer);
#   2. a second build with AddressSanitizer + UndefinedBehaviorSanitizer, the same tests;
#   3. the CPU backend's tests (its kernels, and the model tests run on it) under ThreadSanitizer;
#   4. the libFuzzer targets, each for a short bounded time;
#   5. the CPU kernels built for 64-bit ARM (NEON) and their test run under qemu-user.
# Exits non-zero on any failure.  GLM_TEST_STAGES="release asan tsan fuzz aarch64" picks stages.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
source "$root/scripts/deps.sh"
glm_install_deps
glm_runtime_env
export QT_QPA_PLATFORM=offscreen
jobs=$(nproc)
stages="${GLM_TEST_STAGES:-release asan tsan fuzz aarch64}"
start=$SECONDS
summary=()

stage() { echo; echo "=== $* ($(( SECONDS - start ))s) ==="; }

if [[ " $stages " == *" release "* ]]; then
  stage "release: configure and build"
  b="$root/build"
  cmake -S "$root" -B "$b" -G Ninja -DCMAKE_BUILD_TYPE=Release -DGLM_WERROR=ON >/dev/null
  cmake --build "$b" -j"$jobs"
  stage "release: ctest"
  (cd "$b" && ctest --output-on-failure -j"$jobs" --timeout 900)
  summary+=("release: all tests passed")
fi

if [[ " $stages " == *" asan "* ]]; then
  stage "asan+ubsan: configure and build"
  b="$root/build-asan"
  cmake -S "$root" -B "$b" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DGLM_WERROR=ON \
        -DGLM_SANITIZE="address;undefined" >/dev/null
  cmake --build "$b" -j"$jobs"
  stage "asan+ubsan: ctest"
  # The build leaves gigabytes of dirty pages; writing them back now keeps that out of the
  # timing tests that follow (UI responsiveness).
  sync
  # The Vulkan driver (lavapipe/LLVM) and the loader keep allocations until exit; only their
  # frames are suppressed, never ours.
  export LSAN_OPTIONS="suppressions=$root/tests/support/lsan.supp:print_suppressions=0"
  export ASAN_OPTIONS="detect_leaks=1:abort_on_error=1"
  export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"
  (cd "$b" && ctest --output-on-failure -j"$jobs" --timeout 1800 -LE "no-sanitizer")
  unset LSAN_OPTIONS ASAN_OPTIONS UBSAN_OPTIONS
  summary+=("asan+ubsan: all tests passed")
fi

if [[ " $stages " == *" tsan "* ]]; then
  # Only what runs threads of its own: the CPU backend's pool (label "cpu"), not the whole suite.
  stage "tsan: configure and build the CPU backend's tests"
  b="$root/build-tsan"
  cmake -S "$root" -B "$b" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DGLM_WERROR=ON \
        -DGLM_SANITIZE=thread >/dev/null
  targets=$(cd "$b" && ctest -N -L '^cpu$' | sed -n 's/^ *Test *#[0-9]*: \(tst_[a-z0-9_]*\)$/\1/p' |
            sed 's/_cpu$//' | sort -u)
  cmake --build "$b" -j"$jobs" --target $targets
  stage "tsan: ctest -L '^cpu$'"
  export TSAN_OPTIONS="halt_on_error=1:second_deadlock_stack=1:suppressions=$root/tests/support/tsan.supp"
  (cd "$b" && ctest --output-on-failure -j"$jobs" --timeout 1800 -L '^cpu$')
  unset TSAN_OPTIONS
  summary+=("tsan: the CPU backend's tests passed, no data race")
fi

if [[ " $stages " == *" fuzz "* ]]; then
  stage "fuzz: configure and build"
  b="$root/build-fuzz"
  CC=clang CXX=clang++ cmake -S "$root" -B "$b" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
        -DGLM_FUZZ=ON -DGLM_BUILD_APP=OFF -DGLM_BUILD_TESTS=OFF >/dev/null
  cmake --build "$b" -j"$jobs" --target glm-fuzzers
  stage "fuzz: run each target for ${GLM_FUZZ_SECONDS:-30}s"
  "$root/tests/fuzz/run-fuzzers.sh" "$b/tests/fuzz" "${GLM_FUZZ_SECONDS:-30}"
  summary+=("fuzz: no crashes")
fi

if [[ " $stages " == *" aarch64 "* ]]; then
  stage "aarch64: cross-build the CPU kernels and test them under qemu-user"
  "$root/scripts/cross-test-aarch64.sh" "$root/build-aarch64"
  summary+=("aarch64: the CPU kernels passed under qemu (NEON, and without the dot product)")
fi

echo
echo "=== summary ($(( SECONDS - start ))s) ==="
printf '%s\n' "${summary[@]}"
