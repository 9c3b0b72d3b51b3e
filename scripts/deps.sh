#!/usr/bin/env bash
# The one list of system packages GLM Chat needs to build, test and run (Debian 12 / Ubuntu 22.04+).
# Installs only what is missing; uses sudo when not root. Sourced or run by run-app.sh and
# run-tests.sh.
set -euo pipefail

GLM_PACKAGES=(
  # toolchain
  g++ clang cmake ninja-build pkg-config file dpkg-dev fakeroot xxd python3
  # Qt 6 (base, QML/Quick, SQLite driver, translations tools) and the QML runtime modules
  qt6-base-dev qt6-declarative-dev libqt6sql6-sqlite qt6-tools-dev qt6-tools-dev-tools qt6-l10n-tools
  qml6-module-qtquick qml6-module-qtquick-controls qml6-module-qtquick-layouts
  qml6-module-qtquick-templates qml6-module-qtquick-window qml6-module-qtqml-workerscript
  qml6-module-qtquick-dialogs qml6-module-qtqml-models qml6-module-qttest qml6-module-qt-labs-folderlistmodel qml6-module-qtqml
  # Vulkan: loader + headers, glslang, SPIR-V tools, lavapipe (CPU driver) and the validation layer
  libvulkan-dev glslang-tools spirv-tools mesa-vulkan-drivers vulkan-validationlayers vulkan-tools
  # engine libraries
  libsentencepiece-dev sentencepiece libpcre2-dev zlib1g-dev nlohmann-json3-dev
  # the CPU kernels built for 64-bit ARM and run under emulation (scripts/cross-test-aarch64.sh)
  g++-aarch64-linux-gnu qemu-user
  # headless GUI tests, CJK font, packaging checks
  xvfb xauth fonts-noto-cjk desktop-file-utils appstream
)

glm_missing_packages() {
  local missing=()
  for p in "${GLM_PACKAGES[@]}"; do
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
      missing+=("$p")
    fi
  done
  echo "${missing[@]:-}"
}

glm_install_deps() {
  local missing
  missing=$(glm_missing_packages)
  if [ -z "$missing" ]; then
    echo "deps: all ${#GLM_PACKAGES[@]} packages present"
    return 0
  fi
  local sudo=""
  if [ "$(id -u)" != 0 ]; then sudo="sudo"; fi
  echo "deps: installing $missing"
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get update -q
  # shellcheck disable=SC2086
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends $missing
}

# Environment every Vulkan/Qt program of ours expects on a headless machine.
glm_runtime_env() {
  if [ -z "${XDG_RUNTIME_DIR:-}" ] || [ ! -d "${XDG_RUNTIME_DIR}" ]; then
    export XDG_RUNTIME_DIR=/tmp/xdg-$(id -u)
    mkdir -p -m 700 "$XDG_RUNTIME_DIR"
  fi
}

if [ "${BASH_SOURCE[0]}" = "$0" ]; then
  glm_install_deps
fi
