#!/usr/bin/env bash
# Runs a command with WebGPU available to Node: installs Chromium's SwiftShader Vulkan driver when
# missing and points Dawn at it, unless VK_ICD_FILENAMES is already set (e.g. to a real GPU driver).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
bash "$here/ensure-system-packages.sh" chromium libvulkan1
export VK_ICD_FILENAMES=${VK_ICD_FILENAMES:-/usr/lib/chromium/vk_swiftshader_icd.json}
exec "$@"
