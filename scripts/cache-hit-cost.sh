#!/usr/bin/env bash
# serve's CPU per request, end to end: a search-cache hit, a miss (cache off: supplier call, parse,
# render) and /health (the HTTP floor every request pays), at a fixed open-model rate so that
# neither side saturates. nginx serves the peers' 19.6 KB supplier answer.
# Usage: scripts/cache-hit-cost.sh [PATH/TO/travelctl] [RATE]   (needs nginx)
set -euo pipefail
TCTL=${1:-build/travelctl}
RATE=${2:-3000}
HERE=$(cd "$(dirname "$0")/.." && pwd)
SUPPLIER_JSON=$HERE/../shared/peers/supplier-search.json
command -v nginx >/dev/null || { echo "needs nginx (apt-get install nginx-light)" >&2; exit 2; }
[ -f "$SUPPLIER_JSON" ] || { echo "no $SUPPLIER_JSON" >&2; exit 2; }
TMP=$(mktemp -d)
PIDS=()
trap 'for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null; done; rm -rf "$TMP"' EXIT
port() { python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1])'; }
up() { for _ in $(seq 100); do curl -s -o /dev/null "$1" && return 0; sleep 0.1; done; echo "no answer at $1" >&2; exit 3; }

NP=$(port); HP=$(port); MP=$(port)
cat >"$TMP/nginx.conf" <<CONF
worker_processes 1; daemon off; pid $TMP/nginx.pid; error_log $TMP/error.log;
events { worker_connections 1024; }
http { access_log off; client_body_temp_path $TMP; proxy_temp_path $TMP; fastcgi_temp_path $TMP;
  uwsgi_temp_path $TMP; scgi_temp_path $TMP; keepalive_requests 10000000; keepalive_timeout 300;
  server { listen 127.0.0.1:$NP;
    location = /v1/search { default_type application/json; alias $SUPPLIER_JSON; } } }
CONF
nginx -p "$TMP" -c "$TMP/nginx.conf" & PIDS+=($!)
KEY=key-acme-0123456789abcdef
config() {  # port cache_ttl_ms
  cat <<JSON
{"server": {"listen": "127.0.0.1:$1", "threads": 1},
 "supplier": {"base_url": "http://127.0.0.1:$NP", "api_key": "partner-key"},
 "cache": {"search_ttl_ms": $2}, "store": {"path": "$TMP/t-$1.db"},
 "clients": [{"id": "acme", "api_keys": ["$KEY"], "currency": "USD", "currencies": ["USD", "EUR"],
              "markup": {"percent_bps": 500, "fixed": {"USD": 50}}}]}
JSON
}
config "$HP" 600000 >"$TMP/hit.json"
config "$MP" 0 >"$TMP/miss.json"
"$TCTL" serve --config "$TMP/hit.json" 2>"$TMP/hit.log" & HIT_PID=$!; PIDS+=($HIT_PID)
"$TCTL" serve --config "$TMP/miss.json" 2>"$TMP/miss.log" & MISS_PID=$!; PIDS+=($MISS_PID)
up "http://127.0.0.1:$NP/v1/search"; up "http://127.0.0.1:$HP/health"; up "http://127.0.0.1:$MP/health"

Q="/v1/itineraries?from=101&to=117&date=2026-12-01&pax=2&sort=price"
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
# Microseconds of the serve process's CPU (user + system) per completed request.
per_request() {  # pid url
  local before after n
  before=$(cpu_ticks "$1")
  n=$("$TCTL" bench run "$2" -c 8 -d 5s --rate "$RATE" -H "X-Api-Key: $KEY" --format json 2>/dev/null |
    python3 -c 'import json,sys; print(json.load(sys.stdin)["scenarios"][0]["runs"][0]["requests"])')
  after=$(cpu_ticks "$1")
  python3 -c "print('%.1f' % (($after - $before) * 1e6 / $(getconf CLK_TCK) / $n))"
}
echo "serve CPU per request (us), $RATE req/s, 1 worker thread; load: $(cut -d' ' -f1-3 /proc/loadavg)"
printf '%-6s %8s %8s %8s %10s %18s\n' run hit miss health hit/miss "(hit-h)/(miss-h)"
for i in 1 2 3; do
  h=$(per_request "$HIT_PID" "http://127.0.0.1:$HP$Q")
  m=$(per_request "$MISS_PID" "http://127.0.0.1:$MP$Q")
  f=$(per_request "$HIT_PID" "http://127.0.0.1:$HP/health")
  python3 -c "print('%-6d %8.1f %8.1f %8.1f %9.1f%% %17.1f%%' % ($i, $h, $m, $f, 100*$h/$m, 100*($h-$f)/($m-$f)))"
done
