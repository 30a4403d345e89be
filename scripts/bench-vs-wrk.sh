#!/usr/bin/env bash
# Measures `travelctl bench run` against `wrk -t1` on the same target: nginx (one worker) pinned to
# one core serving a 612-byte page, each generator on another core, alternating rounds; prints the
# median req/s, p50, p99 and CPU per request of both, the req/s ratio of the medians and the median
# of the rounds' paired ratios, and the load average around the measurement.
# usage: scripts/bench-vs-wrk.sh [path/to/travelctl]   (env: CONNS="10 50 200" ROUNDS=5 DURATION=10
#        SERVER_CPU=0 CLIENT_CPU=1 PORT=18181)
set -euo pipefail
bin=${1:-build/travelctl}
conns=${CONNS:-"50"}
rounds=${ROUNDS:-5}
duration=${DURATION:-10}
server_cpu=${SERVER_CPU:-0}
client_cpu=${CLIENT_CPU:-1}
port=${PORT:-18181}
for tool in nginx wrk taskset python3; do
  command -v "$tool" >/dev/null || { echo "needs $tool (scripts/setup.sh test installs it)" >&2; exit 2; }
done

dir=$(mktemp -d)
trap 'kill $(cat "$dir/nginx.pid" 2>/dev/null) 2>/dev/null || true; rm -rf "$dir"' EXIT
mkdir -p "$dir/html" "$dir/logs"
head -c 459 /dev/zero | tr '\0' 'x' | base64 -w0 | head -c 612 > "$dir/html/index.html"
cat > "$dir/nginx.conf" <<CONF
worker_processes 1;
daemon on;
pid $dir/nginx.pid;
error_log $dir/logs/error.log warn;
events { worker_connections 8192; }
http {
  access_log off;
  keepalive_requests 100000000;
  keepalive_timeout 300s;
  server { listen 127.0.0.1:$port reuseport backlog=8192; root $dir/html; }
}
CONF
taskset -c "$server_cpu" nginx -c "$dir/nginx.conf" -p "$dir"
sleep 0.5
url="http://127.0.0.1:$port/"

# One run of each tool: "rps p50_ms p99_ms cpu_us_per_request".
run_wrk() {
  /usr/bin/time -f "%U %S" -o "$dir/time" taskset -c "$client_cpu" \
    wrk -t1 -c"$1" -d"${duration}s" --latency "$url" > "$dir/wrk.out"
  python3 - "$dir/wrk.out" "$dir/time" <<'PY'
import re, sys
out = open(sys.argv[1]).read(); u, s = map(float, open(sys.argv[2]).read().split()[-2:])
def ms(v):
    n, unit = re.match(r"([\d.]+)(us|ms|s)", v).groups()
    return float(n) * {"us": 1e-3, "ms": 1, "s": 1e3}[unit]
rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
n = int(re.search(r"(\d+) requests in", out).group(1))
# Anchored: "92.50%" in the Stdev column must not pass for the 50th percentile.
p50 = ms(re.search(r"^\s+50%\s+(\S+)", out, re.M).group(1))
p99 = ms(re.search(r"^\s+99%\s+(\S+)", out, re.M).group(1))
print(rps, p50, p99, (u + s) * 1e6 / n)
PY
}
run_ours() {
  /usr/bin/time -f "%U %S" -o "$dir/time" taskset -c "$client_cpu" \
    "$bin" bench run "$url" -c "$1" -d "${duration}s" --format json --no-progress > "$dir/ours.json"
  python3 - "$dir/ours.json" "$dir/time" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))["scenarios"][0]["runs"][0]; u, s = map(float, open(sys.argv[2]).read().split()[-2:])
print(r["rps"], r["latency_ms"]["p50"], r["latency_ms"]["p99"], (u + s) * 1e6 / r["requests"])
PY
}

echo "load average at start: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
echo "| connections | wrk req/s | travelctl req/s | ratio | paired ratio | wrk p50 / p99 (ms) | travelctl p50 / p99 (ms) | CPU µs/request wrk / travelctl |"
echo "|---:|---:|---:|---:|---:|---:|---:|---:|"
for c in $conns; do
  : > "$dir/wrk.all"; : > "$dir/ours.all"
  for _ in $(seq "$rounds"); do
    run_wrk "$c" >> "$dir/wrk.all"
    run_ours "$c" >> "$dir/ours.all"
  done
  python3 - "$c" "$dir/wrk.all" "$dir/ours.all" <<'PY'
import statistics as st, sys
c = sys.argv[1]
w = [list(map(float, l.split())) for l in open(sys.argv[2])]
o = [list(map(float, l.split())) for l in open(sys.argv[3])]
m = lambda rows, i: st.median(r[i] for r in rows)
print("  rounds wrk:", " ".join(f"{r[0]:.0f}" for r in w), " travelctl:", " ".join(f"{r[0]:.0f}" for r in o), file=sys.stderr)
sys.stderr.flush()
# Each round runs wrk then travelctl back to back: the median of the rounds' own ratios cancels the
# drift of a shared machine's load between rounds, which the ratio of the two medians does not.
paired = st.median(b[0] / a[0] for a, b in zip(w, o))
print(f"| {c} | {m(w,0):,.0f} | {m(o,0):,.0f} | {m(o,0)/m(w,0):.3f} | {paired:.3f} | "
      f"{m(w,1):.3f} / {m(w,2):.3f} | {m(o,1):.3f} / {m(o,2):.3f} | {m(w,3):.2f} / {m(o,3):.2f} |")
PY
done
echo "load average at end: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
