#!/usr/bin/env bash
# Prepares a run of scripts/gpu-check.sh on a lent GPU machine, which has none of this machine's
# packages: stages glm-cli and the engine's Vulkan test programs with their shared libraries into
# .gpu/ (the staging script is not part of this repository: GLM_GPU_STAGE names it, by default the
# one the build machine provides next to the checkout), plus the Khronos validation layer package,
# which the check installs there so the tests fail on any validation error as they do here.
# Usage, from the project root after a Release build in build/:  bash scripts/gpu-stage.sh
# Then the device tool's run with carry [".gpu"] and the command
#   source .gpu/unpack.sh && bash scripts/gpu-check.sh
set -euo pipefail
root=$(git rev-parse --show-toplevel)
cd "$root"
stage=${GLM_GPU_STAGE:-../shared/gpu/stage.sh}
tests=(tst_vulkan_runtime tst_kernels tst_conformance tst_engine_models tst_engine_errors tst_sampling)
bins=(build/app/glm-cli)
for t in "${tests[@]}"; do bins+=("build/tests/$t"); done
"$stage" "${bins[@]}"
mkdir -p .gpu/extra
lists=/tmp/gpu-apt-lists
(cd .gpu/extra && apt-get -oDir::State::Lists=$lists download -qq vulkan-validationlayers >/dev/null)
du -sh .gpu
