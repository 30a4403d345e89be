// `replay`: reads the file (bench/replay readers), plans, sends (bench/replay engine), classifies
// and renders (reports/replay); this file only turns options into those calls and exit codes.
#include "cmd_replay.hpp"

#include <CLI/CLI.hpp>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <memory>
#include <sstream>

#include "terminal.hpp"
#include "travelctl/bench/duration.hpp"
#include "travelctl/bench/replay/engine.hpp"
#include "travelctl/bench/replay/readers.hpp"
#include "travelctl/bench/replay/report_builder.hpp"
#include "travelctl/reports/host_info.hpp"
#include "travelctl/reports/replay/render.hpp"

namespace travelctl::cli {

namespace {

namespace rp = bench::replay;

std::optional<std::string> read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return std::nullopt;
  }
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// Options into a plan's settings; the error is a usage message.
std::optional<std::string> plan_options(const ReplayOptions& o, rp::PlanOptions& p) {
  auto pacing = rp::parse_speed(o.speed);
  if (!pacing) {
    return "--speed " + o.speed + ": expected a positive number (2 = twice as fast) or max";
  }
  p.pacing = *pacing;
  p.pacing.max_rate = o.max_rate;
  p.allow_writes = o.allow_writes;
  for (const auto& f : o.filters) {
    auto filter = rp::parse_filter(f);
    if (!filter) {
      return "--filter " + filter.error();
    }
    p.filters.push_back(std::move(*filter));
  }
  for (const auto& w : o.rewrites) {
    auto rewrite = rp::parse_rewrite(w);
    if (!rewrite) {
      return "--rewrite " + rewrite.error();
    }
    p.rewrites.push_back(std::move(*rewrite));
  }
  if (!o.keys_file.empty()) {
    const auto text = read_file(o.keys_file);
    if (!text) {
      return "--keys " + o.keys_file + ": cannot read the file";
    }
    if (auto why = rp::add_keys_file(p.keys, *text)) {
      return "--keys " + o.keys_file + ": " + *why;
    }
  }
  for (const auto& k : o.keys) {
    if (auto why = rp::add_key(p.keys, k)) {
      return "--key: " + *why;
    }
  }
  return std::nullopt;
}

std::optional<std::string> diff_options(const ReplayOptions& o,
                                        reports::replay::JsonDiffOptions& d) {
  std::vector<std::string> patterns = o.ignores;
  if (!o.no_default_ignores) {
    const auto& defaults = reports::replay::default_ignores();
    patterns.insert(patterns.end(), defaults.begin(), defaults.end());
  }
  for (const auto& text : patterns) {
    auto p = reports::replay::PointerPattern::parse(text);
    if (!p) {
      return "--ignore " + text +
             ": expected a JSON pointer such as /search_id or /itineraries/*/id";
    }
    d.ignore.push_back(std::move(*p));
  }
  return std::nullopt;
}

nlohmann::json echo_options(const ReplayOptions& o, const reports::replay::JsonDiffOptions& d) {
  nlohmann::json ignores = nlohmann::json::array();
  for (const auto& p : d.ignore) {
    ignores.push_back(p.text());
  }
  return {{"speed", o.speed},
          {"concurrency", o.concurrency},
          {"filters", o.filters},
          {"rewrites", o.rewrites},
          {"allow_writes", o.allow_writes},
          {"max_rate", o.max_rate},
          {"ignore", ignores},
          {"timeout", o.timeout}};
}

void warn_input(const rp::ReplayInput& in, const rp::Plan& plan, const std::string& file) {
  for (const auto& p : in.problems) {
    std::fprintf(stderr, "replay: %s:%s %zu: %s (skipped)\n", file.c_str(), in.where_label.c_str(),
                 p.where, p.reason.c_str());
  }
  for (const auto& c : plan.clients_without_key) {
    std::fprintf(stderr,
                 "replay: warning: no key for client \"%s\" (captures hold none): its requests go "
                 "without X-Api-Key; give --key %s=KEY\n",
                 c.c_str(), c.c_str());
  }
}

struct Settings {
  rp::PlanOptions plan;
  reports::replay::JsonDiffOptions diff;
  rp::EngineOptions engine;
};

// Every option checked and turned into settings; the error is a usage message.
std::optional<std::string> make_settings(const ReplayOptions& o, Settings& s) {
  if (auto why = plan_options(o, s.plan)) {
    return why;
  }
  if (auto why = diff_options(o, s.diff)) {
    return why;
  }
  const auto timeout = bench::parse_duration(o.timeout);
  if (!timeout || timeout->count() < 1000) {
    return "--timeout " + o.timeout + ": expected a duration such as 30s";
  }
  s.engine.timeout = std::chrono::duration_cast<std::chrono::milliseconds>(*timeout);
  s.engine.concurrency = o.concurrency;
  s.engine.tls_verify = !o.insecure;
  if (o.target.empty()) {
    return o.dry_run
               ? std::nullopt
               : std::optional<std::string>("--target URL is required (except with --dry-run)");
  }
  auto url = bench::parse_url(o.target);
  if (!url) {
    return "--target " + o.target + ": " + url.error();
  }
  s.engine.target = std::move(*url);
  return std::nullopt;
}

// The full JSON report to --out, the chosen format to stdout; false when --out cannot be written.
bool write_outputs(const reports::replay::ReplayReport& report, const ReplayOptions& o) {
  if (!o.out.empty()) {
    std::ofstream out(o.out, std::ios::binary);
    out << reports::replay::replay_to_json(report, SIZE_MAX).dump(2) << '\n';
    if (!out) {
      std::fprintf(stderr, "replay: cannot write %s\n", o.out.c_str());
      return false;
    }
  }
  if (o.format == "json") {
    std::cout << reports::replay::replay_to_json(report, o.max_diffs).dump(2) << '\n';
  } else if (o.format == "markdown") {
    std::cout << reports::replay::render_replay_markdown(report, o.max_diffs);
  } else {
    std::cout << reports::replay::render_replay_table(report, o.max_diffs, colour_wanted());
  }
  std::cout.flush();
  return true;
}

}  // namespace

int run_replay(const ReplayOptions& o) {
  Settings settings;
  if (auto why = make_settings(o, settings)) {
    std::fprintf(stderr, "replay: %s\n", why->c_str());
    return kExitUsage;
  }
  const auto text = read_file(o.file);
  if (!text) {
    std::fprintf(stderr, "replay: cannot read %s\n", o.file.c_str());
    return kExitUsage;
  }
  auto input = rp::read_replay_input(*text);
  if (!input) {
    std::fprintf(stderr, "replay: %s: %s\n", o.file.c_str(), input.error().c_str());
    return kExitUsage;
  }
  const rp::Plan plan = rp::make_plan(*input, settings.plan);
  warn_input(*input, plan, o.file);
  if (input->exchanges.empty()) {
    std::fprintf(stderr, "replay: %s: no usable exchange (%zu %s%s with problems)\n",
                 o.file.c_str(), input->problems.size(), input->where_label.c_str(),
                 input->problems.size() == 1 ? "" : "s");
    return kExitUsage;
  }
  if (o.dry_run) {
    std::cout << rp::describe_plan(*input, plan) << std::flush;
    return kExitOk;
  }
  const rp::ReportContext context{o.file, o.target,
                                  reports::iso8601_utc(std::chrono::system_clock::now()),
                                  echo_options(o, settings.diff), settings.diff};
  auto run = rp::run_replay(plan.requests, settings.engine);
  if (!run) {
    std::fprintf(stderr, "replay: %s (nothing was sent)\n", run.error().c_str());
    return kExitRuntime;
  }
  const auto report = rp::build_report(*input, plan, *run, context);
  if (!write_outputs(report, o)) {
    return kExitRuntime;
  }
  return reports::replay::has_differences(report) ? kExitVerdict : kExitOk;
}

void add_replay_command(CLI::App& app, int& exit_code) {
  auto o = std::make_shared<ReplayOptions>();
  CLI::App* cmd = app.add_subcommand(
      "replay",
      "Replay a capture (travelctl.capture/v1 NDJSON) or a HAR 1.2 file against a target and "
      "report which answers changed and how latency moved: exit 0 nothing differs, 1 "
      "differences, 2 bad input, 3 target unreachable. Only GET/HEAD are sent unless "
      "--allow-writes; requests with masked (\"***\") data are never sent");
  cmd->add_option("file", o->file, "Capture (NDJSON) or HAR file")->required();
  cmd->add_option("--target", o->target, "Base URL to replay against, http(s)://host:port");
  cmd->add_option("--speed", o->speed,
                  "Pacing: the captured timing divided by X (2 = twice as fast), or max");
  cmd->add_option("--concurrency", o->concurrency, "Requests in flight at most (default 16)")
      ->check(CLI::Range(1u, 4096u));
  cmd->add_option("--key", o->keys,
                  "X-Api-Key per captured client: CLIENT=KEY; *=KEY (or KEY) for every other "
                  "request, HAR included (repeatable)");
  cmd->add_option("--keys", o->keys_file, "File of CLIENT=KEY lines (# comments)");
  cmd->add_option("--filter", o->filters,
                  "Only exchanges matching '[METHOD ]/path-glob', e.g. 'GET /v1/itineraries*' "
                  "(the query counts only when the pattern has a '?'; repeatable, any matches)");
  cmd->add_option("--rewrite", o->rewrites,
                  "/v1=/v2 rewrites a path prefix; old.host=new.host:port the Host header of "
                  "HAR requests to old.host (repeatable)");
  cmd->add_flag("--allow-writes", o->allow_writes,
                "Also send POST, PUT, PATCH, DELETE... (never those with masked data)");
  cmd->add_flag("--dry-run", o->dry_run,
                "List what would be sent, with the schedule; send nothing");
  cmd->add_option("--max-rate", o->max_rate, "Requests per second at most (default: no cap)")
      ->check(CLI::PositiveNumber);
  cmd->add_option("--ignore", o->ignores,
                  "JSON pointer left out of the body diff; * matches one segment, e.g. "
                  "/itineraries/*/id (repeatable)");
  cmd->add_flag("--no-default-ignores", o->no_default_ignores,
                "Also compare /search_id, /request_id, /error/request_id, /booking_token, "
                "/expires_at");
  cmd->add_option("--max-diffs", o->max_diffs, "Differences shown in full (default 10)");
  cmd->add_option("--format", o->format, "Output: table (default), markdown or json")
      ->check(CLI::IsMember({"table", "markdown", "json"}));
  cmd->add_option("--out", o->out, "Write the full JSON report (every difference) here");
  cmd->add_option("--timeout", o->timeout, "Per request (default 30s)");
  cmd->add_flag("--insecure", o->insecure, "Do not verify the target's TLS certificate");
  cmd->callback([o, &exit_code] { exit_code = run_replay(*o); });
}

}  // namespace travelctl::cli
