// `travelctl serve` wiring: configuration (file < environment < flags), optional embedded
// simulator, the proxy's server, then the signal loop (serve_lifecycle.cpp).
#include "cmd_serve.hpp"

#include <signal.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <cstdio>
#include <optional>

#include "command.hpp"
#include "serve_lifecycle.hpp"
#include "travelctl/bench/duration.hpp"
#include "travelctl/core/capture/recorder.hpp"
#include "travelctl/core/config/load.hpp"
#include "travelctl/core/http/address.hpp"
#include "travelctl/core/http/server.hpp"
#include "travelctl/core/observe/log.hpp"
#include "travelctl/core/proxy/deliverer.hpp"
#include "travelctl/core/proxy/demo.hpp"
#include "travelctl/core/proxy/proxy.hpp"
#include "travelctl/core/store/store.hpp"
#include "travelctl/core/supplier/simulator.hpp"

namespace travelctl::cli {
namespace {

namespace config = core::config;
namespace observe = core::observe;

void print_problems(const std::vector<config::Problem>& problems, const char* prefix) {
  for (const auto& p : problems) {
    std::fprintf(stderr, "%s%s\n", prefix, config::to_string(p).c_str());
  }
}

// `capture.routes` as the filter's comma list (validate() has checked the names).
std::string joined(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& item : items) {
    out += (out.empty() ? "" : ",") + item;
  }
  return out;
}

core::proxy::DelivererOptions deliverer_options(const config::Config& c) {
  core::proxy::DelivererOptions o;
  o.retry.first = std::chrono::milliseconds(c.webhooks.first_retry_ms);
  o.retry.max = std::chrono::milliseconds(c.webhooks.max_retry_ms);
  o.retry.max_attempts = static_cast<int>(c.webhooks.max_attempts);
  o.timeout = std::chrono::milliseconds(c.webhooks.timeout_ms);
  o.max_in_flight = static_cast<int>(c.webhooks.max_in_flight);
  o.max_in_flight_per_client = static_cast<int>(c.webhooks.max_in_flight_per_client);
  o.unrouted_timeout = std::chrono::milliseconds(c.webhooks.unrouted_timeout_ms);
  return o;
}

// The http::Server's limits from server.* (all validated).
core::http::ServerOptions server_options_of(const config::Config& cfg,
                                            const core::http::ListenAddress& listen) {
  core::http::ServerOptions so;
  so.host = listen.host;
  so.port = listen.port;
  const auto ms = [](int64_t v) { return std::chrono::milliseconds(v); };
  so.threads = static_cast<unsigned>(cfg.server.threads);
  so.max_body_bytes = static_cast<std::size_t>(cfg.server.max_body_bytes);
  so.max_header_bytes = static_cast<std::size_t>(cfg.server.max_header_bytes);
  so.header_timeout = ms(cfg.server.header_timeout_ms);
  so.read_timeout = ms(cfg.server.read_timeout_ms);
  so.idle_timeout = ms(cfg.server.idle_timeout_ms);
  so.write_timeout = ms(cfg.server.write_timeout_ms);
  so.max_connections = static_cast<std::size_t>(cfg.server.max_connections);
  return so;
}

}  // namespace

void add_serve_command(CLI::App& app, int& exit_code) {
  auto opts = std::make_shared<ServeOptions>();
  auto* cmd = app.add_subcommand(
      "serve",
      "Run the proxy. With no --config and no --supplier it starts a simulated supplier and a demo "
      "client in-process and prints a ready-to-paste curl line");
  cmd->add_option("--config", opts->config_file, "configuration file (JSON, see README)");
  cmd->add_option("--listen", opts->listen, "listen address host:port (overrides server.listen)");
  cmd->add_option("--supplier", opts->supplier, "supplier base URL (overrides supplier.base_url)");
  cmd->add_option("--threads", opts->threads,
                  "worker threads, 0 = one per core (overrides "
                  "server.threads)")
      ->check(CLI::Range(0, 1024));
  cmd->add_option("--drain", opts->drain,
                  "time in-flight requests get to finish on SIGTERM/SIGINT, e.g. 5s (overrides "
                  "server.drain_ms, default 5s)");
  cmd->add_option("--log-format", opts->log_format,
                  "log lines on stderr: text or json (overrides "
                  "logging.format, default text)")
      ->check(CLI::IsMember({"text", "json"}));
  cmd->add_option("--log-level", opts->log_level,
                  "least severe level logged: debug, info, warn, error (overrides logging.level, "
                  "default info)")
      ->check(CLI::IsMember({"debug", "info", "warn", "error"}));
  cmd->add_flag("--access-log", opts->access_log,
                "one access line per request on stderr (sets logging.access_log)");
  cmd->add_option("--capture", opts->capture,
                  "append one NDJSON line per exchange to FILE (travelctl.capture/v1; keys never "
                  "written, passenger data masked; overrides capture.file)");
  // Parsed into plain values; the callback keeps those given, so that unset flags leave the
  // configuration's capture.* keys alone.
  auto raw = std::make_shared<config::CaptureConfig>();
  auto* max_bytes = cmd->add_option("--capture-max-bytes", raw->max_bytes,
                                    "rotate FILE to FILE.1 (FILE.1 to FILE.2, ...) before it grows "
                                    "past this size; 0 never rotates; 100MB = 100 MiB")
                        ->transform(CLI::AsSizeValue(false))
                        ->capture_default_str();
  auto* keep =
      cmd->add_option("--capture-keep", raw->keep, "rotated files kept (FILE.1 ... FILE.N)")
          ->check(CLI::Range(0, 1000))
          ->capture_default_str();
  auto* sample = cmd->add_option("--capture-sample", raw->sample,
                                 "fraction of exchanges kept, decided by request id (0.1 = one "
                                 "in ten)")
                     ->check(CLI::Range(0.0, 1.0))
                     ->capture_default_str();
  auto routes = std::make_shared<std::string>("search,itinerary,bookings");
  auto* routes_opt = cmd->add_option("--capture-routes", *routes,
                                     "routes captured, comma-separated: route names as in "
                                     "/metrics, or the groups bookings, api, webhooks, ops, all")
                         ->capture_default_str();
  auto* queue = cmd->add_option("--capture-queue", raw->queue,
                                "exchanges waiting for the capture writer, per worker thread; "
                                "more are dropped and counted, never waited for")
                    ->check(CLI::Range(int64_t{1}, int64_t{1} << 24))
                    ->capture_default_str();
  cmd->callback([=, &exit_code] {
    if (max_bytes->count() > 0) {
      opts->capture_max_bytes = static_cast<uint64_t>(raw->max_bytes);
    }
    if (keep->count() > 0) {
      opts->capture_keep = static_cast<int>(raw->keep);
    }
    if (sample->count() > 0) {
      opts->capture_sample = raw->sample;
    }
    if (routes_opt->count() > 0) {
      opts->capture_routes = *routes;
    }
    if (queue->count() > 0) {
      opts->capture_queue = static_cast<std::size_t>(raw->queue);
    }
    exit_code = run_serve(*opts);
  });
}

int run_serve(const ServeOptions& o) {
  std::optional<std::chrono::milliseconds> drain_flag;
  if (!o.drain.empty()) {
    const auto drain = bench::parse_duration(o.drain);
    if (!drain) {
      std::fprintf(stderr, "serve: --drain: not a duration: %s\n", o.drain.c_str());
      return kExitUsage;
    }
    drain_flag = std::chrono::duration_cast<std::chrono::milliseconds>(*drain);
  }
  // Block the signals before any thread starts so that every thread inherits the mask and only
  // the signal loop's sigwait sees them.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  sigaddset(&signals, SIGHUP);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);

  const config::Environment env = config::process_environment();
  std::string text;
  if (!o.config_file.empty() && !config::read_text_file(o.config_file, text)) {
    std::fprintf(stderr, "serve: %s: cannot read the file\n", o.config_file.c_str());
    return kExitUsage;
  }
  config::Config cfg;
  config::Diagnostics diag;
  const bool readable = config::read_config(text, env, cfg, diag);
  apply_serve_flags(o, cfg);
  const bool embedded =
      o.config_file.empty() && o.supplier.empty() && !env.count("TRAVELCTL_SUPPLIER_BASE_URL");
  std::string demo_key;
  core::supplier::SimulatorOptions sim_options;
  if (embedded) {
    sim_options.partner_key = "sim-" + core::proxy::random_hex(12);
    cfg.supplier.base_url = "http://127.0.0.1:1";  // the simulator's port is known once it runs
    cfg.supplier.api_key = sim_options.partner_key;
    if (cfg.clients.empty()) {
      demo_key = "demo-" + core::proxy::random_hex(16);
      cfg.clients.push_back(core::proxy::demo_client(demo_key));
    }
  }
  if (readable) {
    config::validate(cfg, diag);
  }
  print_problems(diag.warnings(), "warning: ");
  if (!diag.ok()) {
    std::fprintf(stderr, "serve: the configuration has %zu problem(s):\n", diag.errors().size());
    print_problems(diag.errors(), "  ");
    return kExitUsage;
  }
  apply_logging(cfg);

  std::optional<core::supplier::Simulator> simulator;
  std::optional<core::http::Server> sim_server;
  if (embedded) {
    // The simulator's booking webhooks come back to this serve, signed with a fresh secret, when
    // its port is known before it starts (the default 8080 is; port 0 is not, then none are sent).
    if (const auto at = core::http::parse_listen_address(cfg.server.listen); at && at->port != 0) {
      const bool any = at->host == "0.0.0.0" || at->host == "::";
      const std::string host = any                                       ? "127.0.0.1"
                               : at->host.find(':') != std::string::npos ? "[" + at->host + "]"
                                                                         : at->host;
      if (cfg.supplier.webhook_secret.empty()) {
        cfg.supplier.webhook_secret = "sim-webhook-" + core::proxy::random_hex(16);
      }
      sim_options.webhook_secret = cfg.supplier.webhook_secret;
      sim_options.webhook_url =
          "http://" + host + ":" + std::to_string(at->port) + "/v1/supplier/webhooks";
    }
    simulator.emplace(sim_options);
    core::http::ServerOptions so;
    so.threads = 1;
    sim_server.emplace(so, simulator->handler_factory());
    auto port = sim_server->start();
    if (!port) {
      std::fprintf(stderr, "serve: cannot start the simulated supplier: %s\n",
                   port.error().c_str());
      return kExitRuntime;
    }
    cfg.supplier.base_url = "http://127.0.0.1:" + std::to_string(*port);
  }

  // Declared before the store: destroyed after it (Store's order: its callers' io_context last).
  std::optional<core::proxy::Deliverer> deliverer;
  core::store::StoreOptions store_options;
  store_options.kind = cfg.store.kind;
  (cfg.store.kind == "redis" ? store_options.url : store_options.path) = cfg.store.path;
  auto store = core::store::open_store(store_options);
  if (!store) {
    std::fprintf(stderr, "error: %s\n", store.error().c_str());
    return kExitRuntime;
  }

  core::proxy::ProxyOptions proxy_options;
  proxy_options.access_log = cfg.logging.access_log;
  // Declared before the server: its workers push to the recorder's queues until they stop.
  std::unique_ptr<core::capture::Recorder> recorder;
  const std::string capture_routes = joined(cfg.capture.routes);
  if (!cfg.capture.file.empty()) {
    core::capture::RecorderOptions ro;
    ro.file.path = cfg.capture.file;
    ro.file.max_bytes = static_cast<uint64_t>(cfg.capture.max_bytes);
    ro.file.keep = static_cast<int>(cfg.capture.keep);
    ro.queue_entries = static_cast<std::size_t>(cfg.capture.queue);
    auto opened = core::capture::Recorder::open(ro);
    if (!opened) {
      std::fprintf(stderr, "serve: capture: %s\n", opened.error().c_str());
      return kExitUsage;
    }
    recorder = std::move(*opened);
    recorder->start();
    proxy_options.capture = recorder.get();
    proxy_options.capture_filter = core::proxy::parse_capture_routes(capture_routes).value();
    proxy_options.capture_filter.sample = cfg.capture.sample;
  }
  auto proxy = core::proxy::Proxy::create(cfg, **store, proxy_options);
  if (!proxy) {
    std::fprintf(stderr, "serve: %s\n", proxy.error().c_str());
    return kExitUsage;
  }
  const auto listen = core::http::parse_listen_address(cfg.server.listen);
  deliverer.emplace(**store, webhook_targets(cfg), deliverer_options(cfg));
  (*proxy)->set_delivery_stats(&deliverer->stats());
  core::http::Server server(server_options_of(cfg, *listen), (*proxy)->handler_factory());
  auto port = server.start();
  if (!port) {
    std::fprintf(stderr, "serve: %s\n", port.error().c_str());
    return kExitRuntime;
  }
  const std::string host =
      listen->host.find(':') != std::string::npos ? "[" + listen->host + "]" : listen->host;
  const std::string base = "http://" + host + ":" + std::to_string(*port);
  observe::LogLine(observe::LogLevel::info, "travelctl serve: listening on " + base, true)
      .str("supplier", embedded ? "simulated in-process" : cfg.supplier.base_url)
      .str("store", (*store)->describe())
      .integer("threads", static_cast<int64_t>(cfg.server.threads))
      .integer("pid", static_cast<int64_t>(::getpid()));
  if (recorder) {
    observe::LogLine(observe::LogLevel::info, "travelctl serve: capturing to " + cfg.capture.file)
        .str("routes", capture_routes)
        .decimal("sample", cfg.capture.sample);
  }
  if (!demo_key.empty()) {
    const std::string date = core::proxy::date_after(std::chrono::system_clock::now(), 30);
    const std::string curl = core::proxy::demo_curl_line(base, demo_key, date);
    if (cfg.logging.format == "json") {
      observe::LogLine(observe::LogLevel::info, "try").str("curl", curl);
    } else {
      std::fprintf(stderr, "try:\n  %s\n", curl.c_str());  // as it is, ready to paste
      std::fflush(stderr);
    }
  }
  deliverer->start();

  ServeRuntime rt{o,
                  env,
                  cfg,
                  !o.config_file.empty() && !embedded,
                  drain_flag.value_or(std::chrono::milliseconds(cfg.server.drain_ms)),
                  std::chrono::milliseconds(cfg.server.drain_grace_ms),
                  server,
                  **proxy,
                  *deliverer};
  serve_until_stopped(rt, signals);
  if (recorder) {
    recorder->stop();  // the workers stopped: everything they queued is written, then closed
  }
  // The store goes after the workers stopped and before their io_contexts (Store's order).
  store->reset();
  if (sim_server) {
    sim_server->stop(std::chrono::milliseconds(0));
  }
  observe::LogLine(observe::LogLevel::info, "travelctl serve: stopped");
  return kExitOk;
}

}  // namespace travelctl::cli
