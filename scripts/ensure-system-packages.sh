#!/usr/bin/env bash
# Makes sure the Debian packages the tests need are installed: `chromium` (the browser for the
# end-to-end tests, and the SwiftShader Vulkan driver that WebGPU in Node uses) and, when asked,
# `libvulkan1` (the Vulkan loader Dawn needs), and `python3-torch` (the PyTorch oracle). As root on Debian it installs what is missing; otherwise it
# stops with a one-line instruction. Usage: ensure-system-packages.sh chromium [libvulkan1] [python3-torch]
set -euo pipefail

missing=()
for pkg in "$@"; do
  case "$pkg" in
    chromium) [ -x /usr/bin/chromium ] && [ -f /usr/lib/chromium/vk_swiftshader_icd.json ] || missing+=(chromium) ;;
    # The Vulkan loader lets Dawn (WebGPU in Node) reach Chromium's SwiftShader driver.
    libvulkan1) [ -e /usr/lib/x86_64-linux-gnu/libvulkan.so.1 ] || ldconfig -p | grep -q 'libvulkan.so.1 ' || missing+=(libvulkan1) ;;
    python3-torch) /usr/bin/python3 -c 'import torch' >/dev/null 2>&1 || missing+=(python3-torch) ;;
    *) echo "ensure-system-packages: unknown package '$pkg'" >&2; exit 2 ;;
  esac
done
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "Installing ${missing[*]} with apt-get (needed by the tests)..." >&2
  apt-get update -qq >/dev/null
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  exit 0
fi
echo "The tests need the Debian package(s) ${missing[*]}: run 'sudo apt-get install -y ${missing[*]}' and try again." >&2
exit 1
