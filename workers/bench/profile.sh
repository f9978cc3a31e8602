#!/usr/bin/env bash
# Prints the per-kernel profile of a training step (workers/bench/profile.ts):
#   bash workers/bench/profile.sh [preset=micro] [backend=wasm] [batchSize=16]
# Bundles profile-main.ts with the CLI's Vite config into a temporary folder, then runs it.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
mkdir -p node_modules/.cache && out=$(mktemp -d "$root/node_modules/.cache/codemix-profile.XXXXXX")
trap 'rm -rf "$out"' EXIT
npx vite build -c vite.cli.config.ts --ssr workers/bench/profile-main.ts --outDir "$out" >&2
export VK_ICD_FILENAMES=${VK_ICD_FILENAMES:-/usr/lib/chromium/vk_swiftshader_icd.json}
entry= # its name follows the config's entryFileNames pattern
for f in "$out"/*.mjs "$out"/*.js; do [ -e "$f" ] && entry=$f && break; done
node --enable-source-maps "$entry" "$@"
