// `travelctl bench run`: flags -> run settings per scenario, runs the engine, prints and saves.
#include "cmd_bench.hpp"

#include <strings.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <memory>
#include <sstream>

#include "travelctl/bench/duration.hpp"
#include "travelctl/bench/engine.hpp"
#include "travelctl/bench/results_builder.hpp"
#include "travelctl/bench/run_options.hpp"
#include "travelctl/bench/scenario.hpp"
#include "travelctl/bench/url.hpp"
#include "travelctl/reports/host_info.hpp"
#include "travelctl/reports/results.hpp"
#include "travelctl/reports/run_table.hpp"

namespace travelctl::cli {

namespace {

namespace b = travelctl::bench;
namespace reports = travelctl::reports;

// Which flags were given explicitly (they override scenario settings).
struct Given {
  CLI::Option *connections, *threads, *pipelining, *duration, *requests, *warmup, *rate, *timeout,
      *connect_timeout, *method, *body, *body_file;
};

struct UsageError {
  std::string message;
};

std::chrono::microseconds duration_flag(const std::string& flag, const std::string& text) {
  auto d = b::parse_duration(text);
  if (!d) {
    throw UsageError{flag + ": '" + text + "' is not a duration (250ms, 30s, 2m)"};
  }
  return *d;
}

b::RunConfig explicit_config(const BenchRunOptions& o, const Given& g) {
  b::RunConfig c;
  if (g.connections->count()) c.connections = o.connections;
  if (g.threads->count()) c.threads = o.threads;
  if (g.pipelining->count()) c.pipelining = o.pipelining;
  if (g.duration->count()) c.duration = duration_flag("--duration", o.duration);
  if (g.requests->count()) c.requests = o.requests;
  if (g.warmup->count()) c.warmup = duration_flag("--warmup", o.warmup);
  if (g.rate->count()) c.rate = o.rate;
  if (g.timeout->count()) c.timeout = duration_flag("--timeout", o.timeout);
  if (g.connect_timeout->count()) {
    c.connect_timeout = duration_flag("--connect-timeout", o.connect_timeout);
  }
  return c;
}

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    throw UsageError{"--body-file: cannot open " + path};
  }
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

// The scenarios to run: from --scenario, or the single request of URL/-m/-H/-b.
b::ScenarioSet scenarios(const BenchRunOptions& o, const Given& g,
                         const std::optional<b::Url>& url) {
  if (!o.scenario.empty()) {
    if (g.method->count() || g.body->count() || g.body_file->count()) {
      throw UsageError{"-m, -b and --body-file describe a single request: not with --scenario"};
    }
    auto set = b::load_scenario_file(o.scenario);
    if (!set) {
      throw UsageError{set.error().message()};
    }
    for (auto& s : set->scenarios) {  // -H adds to (and overrides) every scenario's headers
      for (const auto& h : o.headers) {
        auto kv = b::parse_header_line(h);
        std::erase_if(s.headers, [&](const b::HeaderTemplate& t) {
          return strcasecmp(t.name.c_str(), kv->first.c_str()) == 0;
        });
        s.headers.push_back({kv->first, b::Template::literal(kv->second)});
      }
    }
    return std::move(*set);
  }
  if (!url) {
    throw UsageError{"give a URL or --scenario FILE"};
  }
  std::string body = o.body;
  if (!o.body_file.empty()) {
    if (!body.empty()) {
      throw UsageError{"give -b or --body-file, not both"};
    }
    body = read_file(o.body_file);
  }
  b::ScenarioSet set;
  set.scenarios.push_back(b::make_single_request_scenario(o.method + " " + url->target, o.method,
                                                          url->target, o.headers, body));
  set.name = set.scenarios.back().name;
  return set;
}

void print_progress(const b::Progress& p) {
  char line[160];
  if (p.elapsed_s < 0) {
    std::snprintf(line, sizeof line, "\r\x1b[Kwarming up (%.0fs left)", -p.elapsed_s);
  } else {
    char total[32] = "";
    if (p.total_s > 0) {
      std::snprintf(total, sizeof total, " / %gs", p.total_s);
    }
    std::snprintf(line, sizeof line, "\r\x1b[K%5.1fs%s  %10.0f req/s  p99 %.2f ms  errors %llu",
                  p.elapsed_s, total, p.rps, p.p99_ms, static_cast<unsigned long long>(p.errors));
  }
  std::fputs(line, stderr);
  std::fflush(stderr);
}

// The settings of one scenario: flags given explicitly, then the scenario's, then defaults.
b::RunOptions run_options(const BenchRunOptions& o, const b::RunConfig& flags,
                          const std::optional<b::Url>& url, const b::Scenario& scenario) {
  b::RunOptions ro;
  if (url) {
    ro.url = *url;
  } else if (scenario.url) {
    auto u = b::parse_url(*scenario.url);
    if (!u) {
      throw UsageError{scenario.file + ": $.url: " + u.error()};
    }
    ro.url = *u;
  } else {
    throw UsageError{"no target for scenario '" + scenario.name +
                     "': give a URL or set \"url\" in the scenario"};
  }
  b::RunConfig c = flags;
  c.fill_from(scenario.config);
  b::apply_config(ro, c);
  ro.tls_verify = o.tls_verify;
  ro.seed = o.seed;
  if (ro.threads > ro.connections) {
    throw UsageError{"--threads (" + std::to_string(ro.threads) + ") is more than --connections (" +
                     std::to_string(ro.connections) + ")"};
  }
  return ro;
}

int run_bench_run(const BenchRunOptions& o, const Given& g) {
  std::optional<b::Url> url;
  if (!o.url.empty()) {
    auto u = b::parse_url(o.url);
    if (!u) {
      throw UsageError{"bad URL: " + u.error()};
    }
    url = *u;
  }
  for (const auto& h : o.headers) {
    if (!b::parse_header_line(h)) {
      throw UsageError{"-H '" + h + "': expected 'Name: value'"};
    }
  }
  const b::RunConfig flags = explicit_config(o, g);
  b::ScenarioSet set = scenarios(o, g, url);
  const bool show_progress = !o.no_progress && ::isatty(STDERR_FILENO);
  reports::Results results;
  results.tool = reports::this_tool();
  results.started_at = reports::iso8601_utc(std::chrono::system_clock::now());
  results.host = reports::detect_host();
  bool any_completed = false;
  for (const auto& scenario : set.scenarios) {
    b::RunOptions ro = run_options(o, flags, url, scenario);
    const std::string shown =
        o.scenario.empty() ? ro.url.origin() + ro.url.target : ro.url.origin();
    reports::Scenario& rs = results.scenarios.emplace_back();
    rs.name = scenario.name;
    rs.config = b::to_results_config(ro, shown, scenario.file);
    if (!scenario.description.empty()) {
      rs.extra["description"] = scenario.description;
    }
    for (unsigned run = 1; run <= o.runs; ++run) {
      ro.run_index = run;
      if (show_progress) {
        std::fprintf(
            stderr, "%s%s: %s\n", scenario.name.c_str(),
            o.runs > 1
                ? (" (run " + std::to_string(run) + " of " + std::to_string(o.runs) + ")").c_str()
                : "",
            shown.c_str());
      }
      auto stats = b::run_load(ro, scenario,
                               show_progress ? b::ProgressFn(print_progress) : b::ProgressFn());
      if (show_progress) {
        std::fputs("\r\x1b[K", stderr);
      }
      if (!stats) {
        std::fprintf(stderr, "bench run: %s\n", stats.error().c_str());
        return kExitRuntime;
      }
      if (stats->requests == 0 && !stats->errors.first_connect_error.empty()) {
        std::fprintf(stderr, "bench run: %s: no response; first connect error: %s\n",
                     scenario.name.c_str(), stats->errors.first_connect_error.c_str());
      }
      any_completed = any_completed || stats->requests > 0;
      rs.runs.push_back(b::to_results_run(*stats));
      if (o.format == "table") {
        std::fputs((reports::render_run_table(rs, rs.runs.size() - 1) + "\n").c_str(), stdout);
        std::fflush(stdout);
      }
    }
    rs.summary = reports::summarize(rs.runs);
    if (o.format == "table" && rs.runs.size() > 1) {
      std::printf("%s\n\n", reports::render_summary_line(rs).c_str());
    }
  }
  if (o.format == "json") {
    std::printf("%s\n", reports::to_json(results).dump(2).c_str());
  } else if (o.format == "markdown") {
    std::fputs(reports::render_run_markdown(results).c_str(), stdout);
  }
  if (!o.out.empty()) {
    if (auto err = reports::write_results_file(o.out, results)) {
      std::fprintf(stderr, "bench run: cannot write %s: %s\n", o.out.c_str(), err->c_str());
      return kExitRuntime;
    }
  }
  if (!any_completed) {
    std::fprintf(stderr, "bench run: no request completed\n");
    return kExitRuntime;
  }
  return kExitOk;
}

}  // namespace

CLI::App& add_bench_command(CLI::App& app) {
  CLI::App* bench = app.add_subcommand("bench", "Load generation and benchmark results");
  bench->require_subcommand(1);
  return *bench;
}

void add_bench_run_command(CLI::App& bench, int& exit_code) {
  auto opts = std::make_shared<BenchRunOptions>();
  auto given = std::make_shared<Given>();
  CLI::App* cmd = bench.add_subcommand(
      "run", "Load an HTTP service (closed or open model) and report latency percentiles");
  cmd->add_option("url", opts->url, "Target, http:// or https:// (with --scenario: the origin)");
  given->connections =
      cmd->add_option("-c,--connections", opts->connections, "Connections in total (default 10)")
          ->check(CLI::Range(1u, 100000u));
  given->threads = cmd->add_option("-t,--threads", opts->threads,
                                   "Worker threads, each with its own event loop "
                                   "(default 1)")
                       ->check(CLI::Range(1u, 1024u));
  given->pipelining = cmd->add_option("-p,--pipelining", opts->pipelining,
                                      "Requests in flight per connection (default 1)")
                          ->check(CLI::Range(1u, 1024u));
  given->duration = cmd->add_option("-d,--duration", opts->duration,
                                    "Measured duration: 250ms, 30s, 2m (default 10s)");
  given->requests = cmd->add_option("-a,--requests", opts->requests,
                                    "Send this many measured requests instead of a duration")
                        ->check(CLI::PositiveNumber);
  given->warmup = cmd->add_option("--warmup", opts->warmup, "Warm-up before measuring, discarded");
  given->rate = cmd->add_option("-R,--rate", opts->rate,
                                "Open model: constant arrival rate in req/s over all connections "
                                "(latency corrected for coordinated omission)")
                    ->check(CLI::PositiveNumber);
  given->timeout = cmd->add_option("--timeout", opts->timeout, "Per-request timeout (default 10s)");
  given->connect_timeout =
      cmd->add_option("--connect-timeout", opts->connect_timeout, "Connect timeout (default 3s)");
  cmd->add_option("-H,--header", opts->headers, "Request header 'Name: value' (repeatable)");
  given->method = cmd->add_option("-m,--method", opts->method, "HTTP method (default GET)");
  given->body = cmd->add_option("-b,--body", opts->body, "Request body");
  given->body_file = cmd->add_option("--body-file", opts->body_file, "Request body from a file");
  cmd->add_option("--scenario", opts->scenario, "Scenario or suite file (scenarios/README.md)");
  cmd->add_option("--runs", opts->runs, "Repeat each scenario N times, keeping every run")
      ->check(CLI::Range(1u, 1000u));
  cmd->add_option("--format", opts->format, "Output on stdout: table, json or markdown")
      ->check(CLI::IsMember({"table", "json", "markdown"}));
  cmd->add_option("--out", opts->out, "Also write the results (travelctl.bench/v1 JSON) to F");
  cmd->add_flag("--tls-verify", opts->tls_verify, "Verify the server's certificate");
  cmd->add_option("--seed", opts->seed, "Seed of the scenarios' random choices (default 1)");
  cmd->add_flag("--no-progress", opts->no_progress, "No live progress line on stderr");
  cmd->callback([opts, given, &exit_code] {
    try {
      exit_code = run_bench_run(*opts, *given);
    } catch (const UsageError& e) {
      std::fprintf(stderr, "bench run: %s\n", e.message.c_str());
      exit_code = kExitUsage;
    }
  });
}

}  // namespace travelctl::cli
