#!/usr/bin/env bash
# Sets up this machine (packages), builds GLM Chat (Release) and starts it.
# Arguments are passed to glm-chat (e.g. a model file).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
source "$root/scripts/deps.sh"
glm_install_deps
glm_runtime_env
build="${GLM_BUILD_DIR:-$root/build}"
cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build "$build" --target glm-chat glm-cli
if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ] && [ -z "${QT_QPA_PLATFORM:-}" ]; then
  echo "No display found: starting glm-chat under xvfb-run (close it with Ctrl+C)."
  exec xvfb-run -a -s "-screen 0 1280x900x24" "$build/app/glm-chat" "$@"
fi
exec "$build/app/glm-chat" "$@"
