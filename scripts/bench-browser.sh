#!/usr/bin/env bash
# `npm run bench:browser [-- options]`: the training bench inside the engine worker in headless
# Chromium (Playwright), one JSON line per backend on stdout — the fields `npm run bench` prints —
# and everything else on stderr. For a GPU machine's CI: the lab is built into its own directory
# and served by `vite preview` (cross-origin isolated: threaded WASM) on its own port.
# Options (or the environment variables in brackets):
#   --preset P         model preset (micro)                          [BENCH_PRESET]
#   --backends LIST    comma-separated backends (wasm,webgpu)        [BENCH_BACKENDS]
#   --steps N          timed steps on wasm (10)                      [BENCH_STEPS]
#   --warmup N         warm-up steps on wasm (3)                     [BENCH_WARMUP]
#   --webgpu-steps N   timed steps on webgpu (2: SwiftShader is slow) [BENCH_WEBGPU_STEPS]
#   --webgpu-warmup N  warm-up steps on webgpu (0: the profiled step  [BENCH_WEBGPU_WARMUP]
#                      before the timed window compiles the pipelines)
# On a machine with a GPU, ask for more, e.g. --webgpu-steps 20 --webgpu-warmup 3.
#   --batch N          rows per step (16)                            [BENCH_BATCH]
#   --port N           preview port (4183)                           [BENCH_PORT]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
cd "$here/.."

while [ $# -gt 0 ]; do
  [ $# -ge 2 ] || { echo "bench:browser: $1 needs a value" >&2; exit 2; }
  case "$1" in
    --preset) export BENCH_PRESET="$2" ;;
    --backends) export BENCH_BACKENDS="$2" ;;
    --steps) export BENCH_STEPS="$2" ;;
    --warmup) export BENCH_WARMUP="$2" ;;
    --webgpu-steps) export BENCH_WEBGPU_STEPS="$2" ;;
    --webgpu-warmup) export BENCH_WEBGPU_WARMUP="$2" ;;
    --batch) export BENCH_BATCH="$2" ;;
    --port) export BENCH_PORT="$2" ;;
    *) echo "bench:browser: unknown option '$1' (see scripts/bench-browser.sh)" >&2; exit 2 ;;
  esac
  shift 2
done

bash "$here/ensure-system-packages.sh" chromium
work=node_modules/.cache/codemix-bench
export BENCH_DIST="$work/dist"
export BENCH_OUT="$PWD/$work/records.jsonl"
mkdir -p "$work"
: >"$BENCH_OUT"
npx vite build --logLevel warn --outDir "$BENCH_DIST" --emptyOutDir >&2
status=0
npx playwright test -c e2e/bench/playwright.bench.config.ts >&2 || status=$?
cat "$BENCH_OUT"
exit "$status"
