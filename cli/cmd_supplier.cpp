// `travelctl supplier`: wires the options to core::supplier::Simulator on an http::Server and
// runs until SIGINT or SIGTERM.
#include "cmd_supplier.hpp"

#include <signal.h>

#include <CLI/CLI.hpp>
#include <cstdio>
#include <cstdlib>
#include <memory>

#include "command.hpp"
#include "travelctl/bench/duration.hpp"
#include "travelctl/core/http/server.hpp"
#include "travelctl/core/supplier/simulator.hpp"

namespace travelctl::cli {
namespace {

// "host:port" (the last colon splits; "[::1]:9090" is accepted too).
bool split_listen(const std::string& listen, std::string& host, uint16_t& port) {
  const size_t colon = listen.rfind(':');
  if (colon == std::string::npos || colon + 1 == listen.size()) {
    return false;
  }
  host = listen.substr(0, colon);
  if (host.size() >= 2 && host.front() == '[' && host.back() == ']') {
    host = host.substr(1, host.size() - 2);
  }
  unsigned long p = 0;
  for (size_t i = colon + 1; i < listen.size(); ++i) {
    if (listen[i] < '0' || listen[i] > '9') {
      return false;
    }
    p = p * 10 + static_cast<unsigned long>(listen[i] - '0');
    if (p > 65535) {
      return false;
    }
  }
  port = static_cast<uint16_t>(p);
  return !host.empty();
}

constexpr const char* kFaultsHelp =
    R"help(Fault spec (--faults; POST /_sim/faults with a spec as the body replaces it live):
  spec   := entry {";" entry}                     (empty or "none": no faults)
  entry  := [ENDPOINT "="] fault {"," fault}      (no ENDPOINT: default) | [ENDPOINT "="] none
  fault  := KIND ["(" PARAM ")"] ":" RATE         RATE from 0 to 1; per endpoint they add up to <= 1
  ENDPOINT: search trip cart schema reserve confirm booking cancel other, or default (the others)
  KIND (PARAM, default):
    5xx (status 500..599; 500, 502 or 503 at random)   429 (Retry-After in whole seconds, 1s)
    timeout (how long the silent connection is held, 300s)   reset (RST, no answer)
    malformed (a body that is not JSON)   truncated (Content-Length promises more, then close)
    oversized (size of a valid JSON body, 16MB)   slow (time to drip the body, 2s)
    content_type (the wrong Content-Type, text/html)
  e.g. --faults "search=5xx:0.1,timeout(30s):0.05;reserve=reset:0.02;default=429(2s):0.01"
  5xx and 429 refuse the request before it is served; the others damage the real answer.
  Injected faults are counted by kind in GET /_sim/stats.

Webhooks (--webhook-url): each booking status change (confirmed, cancelled, expired: the latter
also with no API call, from a timer) is POSTed, after the API answer, as
  {"event_id": "evt_...", "type": "booking.status_changed", "bid": N, "status": "...",
   "occurred_at": "2026-12-01T01:02:03Z"}
  with X-Supplier-Timestamp: <unix seconds> and X-Supplier-Signature: sha256=<lowercase hex
  HMAC-SHA256(secret, timestamp + "." + body)>, signed again at each attempt.
  Events of one booking go one after the other, in order; different bookings in parallel.
  A non-2xx answer, a transport error or no answer within --webhook-timeout is retried after
  FIRST, then twice as long each time up to MAX (--webhook-retry FIRST..MAX), up to
  --webhook-attempts attempts; then the event is abandoned (one line on stderr).
  The development secret, used when neither --webhook-secret nor
  $TRAVELCTL_SUPPLIER_WEBHOOK_SECRET is set, is "travelctl-dev-webhook-secret".
Webhook chaos (--webhook-chaos), deterministic with --seed:
  spec := "none" | item {"," item}     item := dup=RATE | reorder=RATE | window=DURATION
  dup: the share of events sent twice (same event_id, same body)
  reorder: the share held back until the next event of the same booking has been sent (it
  overtakes them); one with no next event within the window (default 2s) goes anyway.
  e.g. --webhook-chaos dup=0.2,reorder=0.2
Counters in GET /_sim/stats "webhooks": sent (events), delivered (copies answered 2xx),
  failed_attempts, duplicates, reordered, abandoned.)help";

}  // namespace

void add_supplier_command(CLI::App& app, int& exit_code) {
  auto opts = std::make_shared<SupplierOptions>();
  auto* cmd =
      app.add_subcommand("supplier",
                         "Run the supplier simulator: deterministic catalogue, carts and bookings, "
                         "latency model (spec/supplier-api.md)");
  cmd->add_option("--listen", opts->listen, "listen address host:port (port 0: any free port)")
      ->capture_default_str();
  cmd->add_option("--seed", opts->seed, "catalogue seed: same seed, same answers")
      ->capture_default_str();
  cmd->add_option("--trips-per-search", opts->trips_per_search,
                  "trips in each search answer (40: about 20 KB; 2500: over 1 MB)")
      ->check(CLI::Range(0, 100000))
      ->capture_default_str();
  cmd->add_option("--latency", opts->latency,
                  "latency model, e.g. fixed:20ms, uniform:5ms..50ms, "
                  "search=lognormal:p50=20ms,p99=200ms;default=fixed:1ms")
      ->capture_default_str();
  cmd->add_option("--faults", opts->faults,
                  "fault injection by rate per endpoint, e.g. "
                  "search=5xx:0.1,timeout:0.05;reserve=reset:0.02 (grammar below)");
  cmd->add_option(
      "--partner-key", opts->partner_key,
      "expected X-Partner-Key (default: $TRAVELCTL_SUPPLIER_API_KEY, else partner-key)");
  cmd->add_option("--threads", opts->threads, "worker threads, 0 = one per core")
      ->check(CLI::Range(0, 1024))
      ->capture_default_str();
  cmd->add_option("--hold", opts->hold, "lifetime of carts and unconfirmed reservations")
      ->capture_default_str();
  cmd->add_option("--webhook-url", opts->webhook_url,
                  "POST booking status changes here, e.g. "
                  "http://127.0.0.1:8080/v1/supplier/webhooks (details below)");
  cmd->add_option("--webhook-secret", opts->webhook_secret,
                  "HMAC key of X-Supplier-Signature (default: $TRAVELCTL_SUPPLIER_WEBHOOK_SECRET, "
                  "else the development secret below)");
  cmd->add_option("--webhook-retry", opts->webhook_retry,
                  "backoff between attempts FIRST..MAX, doubling (one duration: fixed)")
      ->capture_default_str();
  cmd->add_option("--webhook-attempts", opts->webhook_attempts,
                  "attempts per event before it is abandoned")
      ->check(CLI::Range(1, 100))
      ->capture_default_str();
  cmd->add_option("--webhook-timeout", opts->webhook_timeout,
                  "time allowed for one attempt (connect, send, whole answer)")
      ->capture_default_str();
  cmd->add_option("--webhook-chaos", opts->webhook_chaos,
                  "send some events twice, hold some back so that later ones overtake them, "
                  "e.g. dup=0.2,reorder=0.2 (grammar below)");
  cmd->footer(kFaultsHelp);
  cmd->callback([opts, &exit_code] { exit_code = run_supplier(*opts); });
}

int run_supplier(const SupplierOptions& o) {
  core::supplier::SimulatorOptions sim;
  sim.seed = o.seed;
  sim.trips_per_search = o.trips_per_search;
  sim.latency = o.latency;
  sim.faults = o.faults;
  sim.webhook_url = o.webhook_url;
  sim.webhook_secret = o.webhook_secret;
  if (sim.webhook_secret.empty()) {
    const char* env = std::getenv("TRAVELCTL_SUPPLIER_WEBHOOK_SECRET");
    sim.webhook_secret = env != nullptr ? env : "";  // empty: the simulator's development secret
  }
  sim.webhook_retry = o.webhook_retry;
  sim.webhook_attempts = o.webhook_attempts;
  sim.webhook_chaos = o.webhook_chaos;
  sim.partner_key = o.partner_key;
  if (sim.partner_key.empty()) {
    const char* env = std::getenv("TRAVELCTL_SUPPLIER_API_KEY");
    sim.partner_key = env != nullptr && *env != '\0' ? env : "partner-key";
  }
  const auto hold = bench::parse_duration(o.hold);
  if (!hold || hold->count() < 1000) {
    std::fprintf(stderr, "supplier: --hold: not a duration of at least 1ms: %s\n", o.hold.c_str());
    return kExitUsage;
  }
  sim.hold_ms = hold->count() / 1000;
  const auto webhook_timeout = bench::parse_duration(o.webhook_timeout);
  if (!webhook_timeout || webhook_timeout->count() < 1000) {
    std::fprintf(stderr, "supplier: --webhook-timeout: not a duration of at least 1ms: %s\n",
                 o.webhook_timeout.c_str());
    return kExitUsage;
  }
  sim.webhook_timeout_ms = webhook_timeout->count() / 1000;
  if (auto problem = core::supplier::Simulator::validate(sim)) {
    std::fprintf(stderr, "supplier: %s\n", problem->c_str());
    return kExitUsage;
  }
  core::http::ServerOptions server_options;
  if (!split_listen(o.listen, server_options.host, server_options.port)) {
    std::fprintf(stderr, "supplier: --listen: expected host:port, got '%s'\n", o.listen.c_str());
    return kExitUsage;
  }
  server_options.threads = o.threads;

  // Block the stop signals before any thread starts so that every thread inherits the mask and
  // only the sigwait below sees them.
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGINT);
  sigaddset(&stop_signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);

  core::supplier::Simulator simulator(sim);
  core::http::Server server(server_options, simulator.handler_factory());
  auto port = server.start();
  if (!port) {
    std::fprintf(stderr, "supplier: %s\n", port.error().c_str());
    return kExitRuntime;
  }
  std::fprintf(stderr,
               "travelctl supplier listening on http://%s:%u (seed %llu, %d trips per search, "
               "hold %llds)\nlatency: %s\nfaults: %s\nwebhooks: %s\n",
               server_options.host.c_str(), static_cast<unsigned>(*port),
               static_cast<unsigned long long>(sim.seed), sim.trips_per_search,
               static_cast<long long>(sim.hold_ms / 1000), simulator.describe_latency().c_str(),
               simulator.describe_faults().c_str(), simulator.describe_webhooks().c_str());
  int sig = 0;
  while (sigwait(&stop_signals, &sig) != 0) {
  }
  std::fprintf(stderr, "supplier: %s received, stopping\n", sig == SIGINT ? "SIGINT" : "SIGTERM");
  server.stop(std::chrono::milliseconds(2000));
  simulator.stop_webhooks(std::chrono::milliseconds(1000));
  if (!sim.webhook_url.empty()) {
    const auto w = simulator.stats().webhooks;
    std::fprintf(stderr,
                 "supplier: webhooks: %llu sent, %llu delivered, %llu failed attempts, %llu "
                 "abandoned, %llu undelivered at stop\n",
                 static_cast<unsigned long long>(w.sent),
                 static_cast<unsigned long long>(w.delivered),
                 static_cast<unsigned long long>(w.failed_attempts),
                 static_cast<unsigned long long>(w.abandoned),
                 static_cast<unsigned long long>(w.undelivered()));
  }
  return kExitOk;
}

}  // namespace travelctl::cli
