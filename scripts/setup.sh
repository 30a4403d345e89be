#!/usr/bin/env bash
# One-step set-up: installs missing Debian packages, builds travelctl (Release), then either runs
# `travelctl serve` on its embedded default (`setup.sh serve`) or the whole test suite (`setup.sh test`).
set -euo pipefail
cd "$(dirname "$0")/.."

mode=${1:-serve}
shift || true
build_dir=${BUILD_DIR:-build}

packages=(build-essential cmake ninja-build ccache pkg-config git curl python3
  libboost1.81-dev libcli11-dev nlohmann-json3-dev libsimdjson-dev catch2 libssl-dev
  libsqlite3-dev libhiredis-dev libbenchmark-dev)
if [ "$mode" = test ]; then
  packages+=(redis-server nginx-light wrk python3-prometheus-client chromium)
  # Node.js may come from elsewhere than Debian (its npm then conflicts with Debian's): keep it.
  command -v npm >/dev/null || packages+=(nodejs npm)
fi

as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "installing: ${missing[*]}" >&2
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
fi

jobs=$(nproc)
cmake -S . -B "$build_dir" -G Ninja -DCMAKE_BUILD_TYPE="${BUILD_TYPE:-Release}" >&2
cmake --build "$build_dir" -j "$jobs" >&2

case "$mode" in
  serve) exec "$build_dir/travelctl" serve "$@" ;;
  test)
    # The OpenAPI test's independent validator (npm), as tests/openapi/package-lock.json pins it.
    (cd tests/openapi && npm ci --no-audit --no-fund) >&2
    # The webhook test's reference verifier (npm standardwebhooks), as tests/webhooks pins it.
    (cd tests/webhooks && npm ci --no-audit --no-fund) >&2
    # The replay test's real browser session (npm playwright-core driving Debian's chromium).
    (cd tests/browser && npm ci --no-audit --no-fund) >&2
    exec ctest --test-dir "$build_dir" --output-on-failure -j "$jobs" --timeout 300 "$@" ;;
  build) ;;
  *) echo "usage: scripts/setup.sh serve|test|build [args]" >&2; exit 2 ;;
esac
