#!/usr/bin/env bash
# Unit tests (Vitest, Node): installs what they need when missing — Chromium's SwiftShader Vulkan
# driver and the Vulkan loader (WebGPU in Node through Dawn) and PyTorch (the correctness oracle) —
# then runs them with WebGPU available. Extra arguments go to Vitest.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
bash "$here/ensure-system-packages.sh" chromium libvulkan1 python3-torch
exec bash "$here/with-webgpu-env.sh" npx vitest run "$@"
