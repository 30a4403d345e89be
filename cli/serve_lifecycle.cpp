// `travelctl serve`'s signal loop: SIGHUP reloads clients and logging, SIGTERM/SIGINT drain.
#include "serve_lifecycle.hpp"

#include <time.h>

#include "travelctl/core/config/reload.hpp"
#include "travelctl/core/http/server.hpp"
#include "travelctl/core/observe/log.hpp"
#include "travelctl/core/proxy/deliverer.hpp"
#include "travelctl/core/proxy/proxy.hpp"

namespace travelctl::cli {
namespace {

namespace config = core::config;
namespace observe = core::observe;
using observe::LogLevel;
using observe::LogLine;

std::string join(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& s : items) {
    out += (out.empty() ? "" : ",") + s;
  }
  return out.empty() ? "-" : out;
}

const char* signal_name(int sig) {
  return sig == SIGINT ? "SIGINT" : sig == SIGTERM ? "SIGTERM" : sig == SIGHUP ? "SIGHUP" : "?";
}

// Waits for a signal of `set` for up to `timeout`; 0 when none came.
int wait_signal_for(const sigset_t& set, std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  for (;;) {
    const auto left = deadline - std::chrono::steady_clock::now();
    if (left <= std::chrono::nanoseconds(0)) {
      return 0;
    }
    const auto ns = std::chrono::duration_cast<std::chrono::nanoseconds>(left).count();
    timespec ts{static_cast<time_t>(ns / 1'000'000'000), static_cast<long>(ns % 1'000'000'000)};
    const int sig = sigtimedwait(&set, nullptr, &ts);
    if (sig > 0) {
      return sig;
    }
    if (errno != EINTR && errno != EAGAIN) {
      return 0;
    }
  }
}

void drain_and_stop(ServeRuntime& rt, int sig, const sigset_t& signals) {
  rt.proxy.set_draining();
  const bool grace = sig == SIGTERM && rt.drain_grace.count() > 0;
  LogLine(LogLevel::info,
          std::string("travelctl serve: ") + signal_name(sig) + " received, draining")
      .integer("grace_ms", grace ? rt.drain_grace.count() : 0)
      .integer("drain_ms", rt.drain.count());
  if (grace) {
    // /ready is 503 now; keep serving (with Connection: close) until the load balancer has seen
    // it. Another SIGTERM or a SIGINT ends the grace early; SIGHUP is ignored from here on.
    rt.server.begin_drain();
    sigset_t stop_only = signals;
    sigdelset(&stop_only, SIGHUP);
    if (const int again = wait_signal_for(stop_only, rt.drain_grace); again != 0) {
      LogLine(LogLevel::info, "grace period cut short").str("signal", signal_name(again));
    }
  }
  const auto started = std::chrono::steady_clock::now();
  const std::size_t cut = rt.server.stop(rt.drain);
  const auto took = std::chrono::duration_cast<std::chrono::milliseconds>(
      std::chrono::steady_clock::now() - started);
  if (cut > 0) {
    LogLine(LogLevel::warn, "drain time over: requests still in flight were cut")
        .integer("requests", static_cast<int64_t>(cut))
        .integer("drain_ms", rt.drain.count());
  } else {
    LogLine(LogLevel::info, "drained: every in-flight request finished")
        .integer("took_ms", took.count());
  }
  const auto left = rt.drain - took;
  const int cancelled = rt.deliverer.stop(
      std::clamp(std::chrono::duration_cast<std::chrono::milliseconds>(left),
                 std::chrono::milliseconds(100), std::chrono::milliseconds(1000)));
  if (cancelled > 0) {
    LogLine(LogLevel::info, "webhook deliveries in flight stopped; the outbox keeps them")
        .integer("deliveries", cancelled);
  }
}

}  // namespace

std::vector<core::proxy::WebhookTarget> webhook_targets(const config::Config& c) {
  std::vector<core::proxy::WebhookTarget> out;
  for (const auto& client : c.clients) {
    out.push_back({client.id, client.webhook.url, client.webhook.secret});
  }
  return out;
}

void apply_serve_flags(const ServeOptions& o, config::Config& c) {
  if (!o.listen.empty()) {
    c.server.listen = o.listen;
  }
  if (!o.supplier.empty()) {
    c.supplier.base_url = o.supplier;
  }
  if (o.threads >= 0) {
    c.server.threads = o.threads;
  }
  if (!o.log_format.empty()) {
    c.logging.format = o.log_format;
  }
  if (!o.log_level.empty()) {
    c.logging.level = o.log_level;
  }
  if (o.access_log) {
    c.logging.access_log = true;
  }
  auto& cap = c.capture;
  if (!o.capture.empty()) {
    cap.file = o.capture;
  }
  if (o.capture_max_bytes) {
    cap.max_bytes = static_cast<int64_t>(*o.capture_max_bytes);
  }
  if (o.capture_keep) {
    cap.keep = *o.capture_keep;
  }
  if (o.capture_sample) {
    cap.sample = *o.capture_sample;
  }
  if (o.capture_routes) {
    cap.routes.clear();
    std::string_view list = *o.capture_routes;
    for (std::size_t comma; (comma = list.find(',')) != std::string_view::npos;
         list.remove_prefix(comma + 1)) {
      cap.routes.emplace_back(list.substr(0, comma));
    }
    cap.routes.emplace_back(list);
  }
  if (o.capture_queue) {
    cap.queue = static_cast<int64_t>(*o.capture_queue);
  }
}

void apply_logging(const config::Config& c) {
  if (const auto f = observe::parse_log_format(c.logging.format)) {
    observe::set_log_format(*f);
  }
  if (const auto l = observe::parse_log_level(c.logging.level)) {
    observe::set_log_level(*l);
  }
}

bool reload_configuration(ServeRuntime& rt) {
  if (!rt.reloadable) {
    LogLine(LogLevel::warn, "SIGHUP: nothing to reload (serve runs without --config)");
    return false;
  }
  const std::string& file = rt.options.config_file;
  std::string text;
  config::Config next;
  config::Diagnostics diag;
  if (!config::read_text_file(file, text)) {
    diag.error(file, "cannot read the file");
  } else if (config::read_config(text, rt.env, next, diag)) {
    apply_serve_flags(rt.options, next);
    // What only a restart applies is checked as it would be at start (the supplier's base URL of
    // an embedded simulator never reaches here: that serve has no file).
    config::validate(next, diag);
  }
  for (const auto& w : diag.warnings()) {
    LogLine(LogLevel::warn, "SIGHUP: configuration warning")
        .str("file", file)
        .str("problem", config::to_string(w));
  }
  if (!diag.ok()) {
    for (const auto& p : diag.errors()) {
      LogLine(LogLevel::error, "SIGHUP: configuration problem")
          .str("file", file)
          .str("problem", config::to_string(p));
    }
    LogLine(LogLevel::error, "SIGHUP: reload refused; the running configuration stays")
        .str("file", file)
        .integer("problems", static_cast<int64_t>(diag.errors().size()));
    rt.proxy.count_reload(false);
    return false;
  }
  auto swapped = rt.proxy.reload_clients(next);
  if (!swapped) {
    LogLine(LogLevel::error, "SIGHUP: reload refused; the running configuration stays")
        .str("file", file)
        .str("problem", swapped.error());
    rt.proxy.count_reload(false);
    return false;
  }
  for (const auto& path : config::restart_only_changes(rt.running, next)) {
    LogLine(LogLevel::warn, "SIGHUP: changed key not applied until restart").str("key", path);
  }
  rt.deliverer.set_targets(webhook_targets(next));
  apply_logging(next);
  rt.proxy.set_access_log(next.logging.access_log);
  rt.running = config::apply_reloadable(rt.running, next);
  rt.proxy.count_reload(true);
  LogLine(LogLevel::info, "SIGHUP: configuration reloaded")
      .str("file", file)
      .integer("clients", static_cast<int64_t>(swapped->clients))
      .integer("keys", static_cast<int64_t>(swapped->keys))
      .str("added", join(swapped->added))
      .str("removed", join(swapped->removed))
      .str("changed", join(swapped->changed));
  return true;
}

void serve_until_stopped(ServeRuntime& rt, const sigset_t& signals) {
  for (;;) {
    int sig = 0;
    while (sigwait(&signals, &sig) != 0) {
    }
    if (sig == SIGHUP) {
      reload_configuration(rt);
      continue;
    }
    drain_and_stop(rt, sig, signals);
    return;
  }
}

}  // namespace travelctl::cli
