#!/usr/bin/env bash
# End-to-end tests: builds the lab and runs Playwright in Debian's headless Chromium, installing the
# `chromium` package first when it is missing. Never passes by skipping: a missing browser is a failure.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
bash "$here/ensure-system-packages.sh" chromium
cd "$here/.."
npx vite build --logLevel warn
exec npx playwright test -c e2e/playwright.config.ts "$@"
