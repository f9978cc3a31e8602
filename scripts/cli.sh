#!/usr/bin/env bash
# Runs the lab's command line: bundles cli/main.ts with Vite (tfjs's ESM sources need a bundler in
# Node), then runs it with WebGPU available through Dawn. Arguments go to the CLI.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
cd "$here/.."
npx vite build -c vite.cli.config.ts >&2
export VK_ICD_FILENAMES=${VK_ICD_FILENAMES:-/usr/lib/chromium/vk_swiftshader_icd.json}
exec node --enable-source-maps dist-cli/main.js "$@"
