#!/usr/bin/env bash
# CTest: the interleaved A/B gate passes on A/A (same binary, same supplier latency) and catches a
# regression injected into the target: a supplier 30% slower (of the end-to-end search latency).
# Usage: ab_gate_test.sh aa|regression BUILD_DIR
set -uo pipefail
mode=$1 build=$2
cd "$(dirname "$0")/../.."
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
# The search cache is off (every search reaches the supplier, as a cache hit would hide it).
# Base: the simulator answers in 2 ms; end to end a search takes about 2.6 ms at 400 req/s here.
# Regression: 2.8 ms, about +30% of that end-to-end latency.
current=fixed:2ms
expected=0
if [ "$mode" = regression ]; then
  current=fixed:2800us
  expected=1
fi
scripts/perf-ab.sh --base-bin "$build/travelctl" --current-bin "$build/travelctl" \
  --scenario scenarios/search.json --runs 10 --duration 1s --rate 400 --cache-ttl 0 \
  --base-latency fixed:2ms --current-latency "$current" --out "$out"
status=$?
if [ "$status" != "$expected" ]; then
  echo "ab_gate_test $mode: expected exit $expected, got $status" >&2
  exit 1
fi
# The verdict must come from the comparison itself, with p50 the metric that moved.
if [ "$mode" = regression ] && ! grep -q '| search | p50 .*regression' "$out/compare.md"; then
  echo "ab_gate_test $mode: no p50 regression in the report" >&2
  exit 1
fi
echo "ab_gate_test $mode: exit $status as expected"
