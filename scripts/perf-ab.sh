#!/usr/bin/env bash
# Interleaved A/B: the same scenarios against a baseline and a current `travelctl serve`, run in
# alternation (A B, B A, A B, ...) so both sides see the same machine noise and drift, then
# `bench compare` of the two (exit 0 pass, 1 regression, 2 bad input, 3 too few runs).
#
# Usage: scripts/perf-ab.sh [--base-bin PATH | --base-ref GIT_REF] [--current-bin PATH]
#          [--base-latency SPEC] [--current-latency SPEC] [--scenario FILE] [--runs N]
#          [--duration DUR] [--rate R] [--cache-ttl MS] [--out DIR] [-- extra bench compare options]
# --base-ref builds that commit in a git worktree (build-perf-base/, kept for the next time).
# Runs are open-model at --rate R req/s (default 400; 0: closed model, as the scenario says), well
# below capacity, so latency is service time and not queueing of a saturated core (a closed model
# would hide a slower supplier behind Little's law). --cache-ttl sets serve's search cache TTL
# (0: off, so that every search measures the supplier path). The two --*-latency options set each side's simulator (default fixed:1ms): with one binary and
# two latencies this injects a known regression (the test of this gate does exactly that).
set -euo pipefail
cd "$(dirname "$0")/.."

base_bin=build/travelctl current_bin=build/travelctl base_ref=""
base_latency="fixed:1ms" current_latency="fixed:1ms"
scenario=scenarios/default.json runs=8 duration=1500ms warmup=500ms out=build/perf-ab rate=400
compare_args=()
while [ $# -gt 0 ]; do
  case "$1" in
    --base-bin) base_bin=$2; shift ;;
    --base-ref) base_ref=$2; shift ;;
    --current-bin) current_bin=$2; shift ;;
    --base-latency) base_latency=$2; shift ;;
    --current-latency) current_latency=$2; shift ;;
    --scenario) scenario=$2; shift ;;
    --runs) runs=$2; shift ;;
    --rate) rate=$2; shift ;;
    --cache-ttl) cache_ttl_ms=$2; shift ;;
    --duration) duration=$2; shift ;;
    --out) out=$2; shift ;;
    --) shift; compare_args=("$@"); break ;;
    -h|--help) sed -n '2,12p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "perf-ab: unknown argument: $1" >&2; exit 2 ;;
  esac
  shift
done
if [ -n "$base_ref" ]; then
  git worktree add --force --detach build-perf-base-src "$base_ref" >&2 2>/dev/null ||
    git -C build-perf-base-src checkout --detach "$base_ref" >&2
  cmake -S build-perf-base-src -B build-perf-base -G Ninja -DCMAKE_BUILD_TYPE=Release \
    -DTRAVELCTL_TESTS=OFF >&2
  cmake --build build-perf-base -j "$(nproc)" --target travelctl >&2
  base_bin=build-perf-base/travelctl
fi
for b in "$base_bin" "$current_bin"; do
  [ -x "$b" ] || { echo "perf-ab: no binary at $b" >&2; exit 2; }
done
mkdir -p "$out"
rm -f "$out"/base-*.json "$out"/current-*.json
work=$(mktemp -d)
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT
. scripts/lib/perf-target.sh

# A target that does not start is a runtime failure (3), never a verdict.
start_target base "$base_bin" "$base_latency" || exit 3
base_url=$target_url
start_target current "$current_bin" "$current_latency" || exit 3
current_url=$target_url

# run_side SIDE URL I: one run of every scenario against one side.
run_side() {
  TRAVELCTL_API_KEY=$perf_key "${pin_load[@]}" "$current_bin" bench run "$2" --scenario "$scenario" \
    --runs 1 -d "$duration" --warmup "$warmup" --threads 1 $([ "$rate" != 0 ] && echo "--rate $rate") --out "$out/$1-$(printf %03d "$3").json" \
    --format json >/dev/null
}
echo "perf-ab: $runs interleaved runs of $scenario, $duration each" >&2
for i in $(seq "$runs"); do
  if [ $((i % 2)) = 1 ]; then
    run_side base "$base_url" "$i"; run_side current "$current_url" "$i"
  else
    run_side current "$current_url" "$i"; run_side base "$base_url" "$i"
  fi
done
"$current_bin" bench merge --append-runs "$out"/base-*.json -o "$out/base.json" 2>/dev/null
"$current_bin" bench merge --append-runs "$out"/current-*.json -o "$out/current.json" 2>/dev/null
set +e
"$current_bin" bench compare "$out/base.json" "$out/current.json" --format markdown \
  "${compare_args[@]}" | tee "$out/compare.md"
status=${PIPESTATUS[0]}
set -e
echo "perf-ab: verdict exit $status (report: $out/compare.md)" >&2
exit "$status"
