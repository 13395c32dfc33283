#!/usr/bin/env sh
# Best effort: install the real consumers the tests use when the package registries are reachable.
# Nothing here is required: without a piece, the tests that need it skip and name it.
#   - the npm packages in this folder (Mermaid's renderer and parser), when npm is on PATH;
#   - Debian's Chromium, only in CI running as root (it is ~200 packages; on your own machine
#     install it yourself: apt-get install chromium).
cd "$(dirname "$0")" || exit 0
if command -v npm >/dev/null 2>&1 && [ ! -d node_modules/@mermaid-js/mermaid-cli ]; then
  PUPPETEER_SKIP_DOWNLOAD=1 timeout 600 npm install --no-audit --no-fund --loglevel=error >/dev/null 2>&1 \
    || echo "tests/consumers: npm install failed; the Mermaid consumer tests will skip"
fi
if [ -n "${CI:-}" ] && [ "$(id -u)" = 0 ] && ! command -v chromium >/dev/null 2>&1 && command -v apt-get >/dev/null 2>&1; then
  (timeout 600 apt-get update -qq && DEBIAN_FRONTEND=noninteractive timeout 900 apt-get install -y -qq chromium) \
    >/dev/null 2>&1 || echo "tests/consumers: apt-get install chromium failed; the browser tests will skip"
fi
exit 0
