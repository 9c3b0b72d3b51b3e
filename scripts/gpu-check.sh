#!/usr/bin/env bash
# The checks for a real GPU (docs/performance.md "Reproducing"; staged by scripts/gpu-stage.sh):
# the engine's Vulkan tests (with the validation layer where it could be installed), the
# kernels at ChatGLM-6B's shapes, and a full-depth ChatGLM-6B-shaped Q4_0 model decoding, with
# the fusions whose defaults were chosen on a CPU driver switched off and on, and prefill on NV
# cooperative matrices against the tiled kernel (where the device has them). Prints a summary at the
# end; full logs go to $OUT (or gpu-out/). Runs here too (lavapipe), slowly: GLM_GPU_QUICK=1
# keeps the benchmarks small.
set -u
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
out=${OUT:-$root/gpu-out}
mkdir -p "$out"
export XDG_RUNTIME_DIR=${XDG_RUNTIME_DIR:-/tmp/xdg}
mkdir -p -m 700 "$XDG_RUNTIME_DIR"
for deb in .gpu/extra/*.deb; do [ -e "$deb" ] && dpkg -x "$deb" / ; done
bin() { command -v "$1" 2>/dev/null || ls "build/app/$1" "build/tests/$1" 2>/dev/null | head -1; }
cli=$(bin glm-cli)
summary=()
step() { # name, timeout seconds, command...
    local name=$1 limit=$2
    shift 2
    local t0=$SECONDS
    timeout "$limit" "$@" >"$out/$name.log" 2>&1
    local rc=$?
    summary+=("$(printf '%-34s exit %3d  %4ds' "$name" "$rc" $((SECONDS - t0)))")
    echo "== $name: exit $rc"
}

"$cli" devices --json >"$out/devices.json" 2>&1
validation=0
if ls /usr/share/vulkan/explicit_layer.d/VkLayer_khronos_validation.json >/dev/null 2>&1; then
    validation=1
fi
export GLM_TEST_DATA=$root/tests/data GLM_CONFORMANCE_DIR=$root/tests/data/conformance
export XDG_CACHE_HOME=$out/cache
for t in tst_vulkan_runtime tst_kernels tst_conformance tst_engine_models tst_engine_errors tst_sampling; do
    exe=$(bin $t)
    [ -n "$exe" ] || { summary+=("$t: not staged"); continue; }
    GLM_VULKAN_VALIDATION=$validation QT_QPA_PLATFORM=offscreen step "$t" 300 "$exe"
done

quick=${GLM_GPU_QUICK:-0}
if [ "$quick" = 1 ]; then
    kernels=(--types q4_0 --tokens 1 --shapes attn_out --attention 512 --runs 3)
    prefill_kernels=(--types q4_0 --tokens 64 --shapes attn_out --runs 2)
    model=(--shape chatglm-6b --layers 1 --prefill 16 --contexts 128 --steps 4 --runs 2)
else
    kernels=(--runs 9)
    prefill_kernels=(--tokens 512 --runs 9)
    model=(--shape chatglm-6b --prefill 128,512 --contexts 128,1024 --context 2048 --steps 32 --runs 5)
fi
step bench-kernels 240 "$cli" bench-kernels "${kernels[@]}"
for cfg in fuse_norm=1,fuse_rope_kv=1 fuse_norm=0,fuse_rope_kv=1 fuse_norm=1,fuse_rope_kv=0; do
    GLM_KERNEL_CONFIG=$cfg step "bench-${cfg//[,=]/_}" 240 "$cli" bench "${model[@]}"
done
step bench-kv-q8_0 240 "$cli" bench "${model[@]}" --kv-cache q8_0
# Cooperative matrices are off by default until measured: the prefill kernels and the model
# with them on (the tiled kernel's numbers are in bench-kernels and bench-fuse_norm_0_*).
if grep -q '"cooperative_matrix_nv": true' "$out/devices.json"; then
    GLM_KERNEL_CONFIG=cooperative_matrix=1 step bench-kernels-coopmat 240 "$cli" bench-kernels "${prefill_kernels[@]}"
    GLM_KERNEL_CONFIG=fuse_norm=0,fuse_rope_kv=1,cooperative_matrix=1 step bench-coopmat 240 "$cli" bench "${model[@]}"
else
    summary+=("cooperative matrix: the device has no NV fp16 16x16x16 or 16x8x16 tiles")
fi

echo
echo "device: $(grep -m1 '"name"' "$out/devices.json" | sed 's/.*: //')  validation layer: $validation"
printf '%s\n' "${summary[@]}"
for f in "$out"/bench-fuse*.log "$out"/bench-kv-q8_0.log "$out"/bench-coopmat.log; do
    [ -e "$f" ] || continue
    echo "-- $(basename "$f" .log)"
    grep -E 'copy bandwidth|dispatches|decode at|prefill|time to first|peak' "$f" | head -12
done
echo "-- bench-kernels"
tail -n 30 "$out/bench-kernels.log"
[ -e "$out/bench-kernels-coopmat.log" ] && { echo "-- bench-kernels-coopmat"; tail -n 20 "$out/bench-kernels-coopmat.log"; }
