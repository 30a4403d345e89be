# Shared by the perf scripts (sourced): start a `travelctl supplier` + `travelctl serve` pair on
# 127.0.0.1, pinned to core 0 when the machine has two cores (the load generator gets core 1).
# Needs: $work (a temp dir), the array `pids` (for cleanup). Sets pin_load for the generator.
# Optional: $cache_ttl_ms sets serve's cache.search_ttl_ms (0: every search goes to the supplier).

perf_key=perf-gate-key-0123456789
pin_server=() pin_load=()
if [ "$(nproc)" -ge 2 ] && command -v taskset >/dev/null; then
  pin_server=(taskset -c 0) pin_load=(taskset -c 1)
fi

# port_of LOG: waits for "listening on http://127.0.0.1:PORT" in LOG and prints PORT.
port_of() {
  local p
  for _ in $(seq 150); do
    p=$(grep -o 'listening on http://127.0.0.1:[0-9]*' "$1" 2>/dev/null | head -1 | sed 's/.*://')
    if [ -n "$p" ]; then echo "$p"; return 0; fi
    sleep 0.1
  done
  echo "perf: no start-up line in $1:" >&2; cat "$1" >&2; return 1
}

# start_target NAME BIN LATENCY: a simulator with LATENCY and a serve (BIN) in front of it; sets
# target_url to the serve's base URL (not printed: the servers must not hold a $(...) pipe open).
# Logs go to $work/NAME-*.log.
start_target() {
  local name=$1 bin=$2 latency=$3 sport
  "${pin_server[@]}" "$bin" supplier --listen 127.0.0.1:0 --threads 1 --partner-key perf-partner \
    --latency "$latency" >/dev/null 2>"$work/$name-supplier.log" &
  pids+=($!)
  sport=$(port_of "$work/$name-supplier.log") || return 1
  local cache_line=""
  if [ -n "${cache_ttl_ms:-}" ]; then
    cache_line=$'\n'" \"cache\": {\"search_ttl_ms\": $cache_ttl_ms},"
  fi
  cat >"$work/$name.json" <<JSON
{"server": {"listen": "127.0.0.1:0", "threads": 1},
 "supplier": {"base_url": "http://127.0.0.1:$sport", "api_key": "perf-partner"},
 "store": {"kind": "sqlite", "path": "$work/$name.db"},$cache_line
 "clients": [{"id": "perf", "api_keys": ["$perf_key"], "currency": "USD",
              "currencies": ["USD", "EUR", "THB", "JPY"], "markup": {"percent_bps": 500}}]}
JSON
  "${pin_server[@]}" "$bin" serve --config "$work/$name.json" >/dev/null 2>"$work/$name-serve.log" &
  pids+=($!)
  target_url="http://127.0.0.1:$(port_of "$work/$name-serve.log")"
}
