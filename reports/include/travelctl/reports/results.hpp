// The bench results model ("travelctl.bench/v1", spec/files.md): types, JSON writer and reader.
#pragma once

#include <cstdint>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "travelctl/reports/expected.hpp"
#include "travelctl/reports/histogram.hpp"

namespace travelctl::reports {

/// The schema tag every results file carries; readers refuse any other.
inline constexpr std::string_view kBenchSchema = "travelctl.bench/v1";

/// Latency figures in milliseconds, as printed and compared.
struct LatencySummary {
  double min = 0, mean = 0, stdev = 0;
  double p50 = 0, p75 = 0, p90 = 0, p99 = 0, p999 = 0, p9999 = 0;
  double max = 0;
};

/// Fills every figure from a histogram of microseconds (converted to milliseconds).
LatencySummary latency_from_histogram(const Histogram& us);

/// Failures by kind. A non-2xx response counts in `status` (keyed by the code) and still has a
/// latency; connect, timeout and reset failures never completed.
struct Errors {
  uint64_t connect = 0;
  uint64_t timeout = 0;
  uint64_t reset = 0;
  std::map<std::string, uint64_t> status;
  /// Further kinds a tool adds (bench run: "protocol", "unexpected", "sequence"), written as
  /// keys beside the ones above and counted in total().
  std::map<std::string, uint64_t> other;

  uint64_t total() const;
  /// Requests that never completed (connect + timeout + reset).
  uint64_t failed() const { return connect + timeout + reset; }
};

/// One second (or slice) of a run.
struct TimelinePoint {
  double t_s = 0;  ///< end of the slice, seconds since the measured phase began
  uint64_t requests = 0;
  uint64_t errors = 0;
  double p50_ms = 0;
  double p99_ms = 0;
  nlohmann::json extra = nlohmann::json::object();  ///< fields this version does not know, kept
};

/// One measured run of a scenario.
struct Run {
  uint64_t requests = 0;  ///< completed responses of any status
  double duration_s = 0;  ///< measured phase, warm-up excluded
  double rps = 0;
  double bytes_per_sec = 0;
  Errors errors;
  LatencySummary latency_ms;
  std::optional<LatencySummary> latency_uncorrected_ms;  ///< open model (--rate) only
  std::optional<uint64_t> behind_schedule;               ///< open model: sends that started late
  std::optional<Histogram> histogram;                    ///< latency in µs (corrected when open)
  std::vector<TimelinePoint> timeline;
  nlohmann::json extra = nlohmann::json::object();

  /// errors.total() / (requests + errors.failed()); 0 when nothing was attempted.
  double error_rate() const;
};

/// The load configuration of a scenario: the JSON as written (so nothing is lost) plus the common
/// fields typed. to_json writes `raw` with the typed fields laid over it.
struct ScenarioConfig {
  std::string url;
  int connections = 0;
  int pipelining = 1;
  double duration_s = 0;
  double warmup_s = 0;
  std::optional<double> rate;  ///< requests per second (open model); nullopt = closed model
  int threads = 1;
  nlohmann::json raw = nlohmann::json::object();
};

/// The median over runs of each figure (spec/files.md).
struct Summary {
  double requests = 0;
  double rps = 0;
  double bytes_per_sec = 0;
  LatencySummary latency_ms;
  double errors_total = 0;
  double error_rate = 0;
  nlohmann::json extra = nlohmann::json::object();
};

struct Scenario {
  std::string name;
  ScenarioConfig config;
  std::vector<Run> runs;
  Summary summary;
  nlohmann::json extra = nlohmann::json::object();
};

struct ToolInfo {
  std::string name = "travelctl";
  std::string version;
};

struct HostInfo {
  std::string cpu;
  int cores = 0;
  std::string os;
};

struct Results {
  std::string schema{kBenchSchema};
  ToolInfo tool;
  std::string started_at;  ///< ISO 8601 UTC, e.g. 2026-11-22T10:00:00Z
  HostInfo host;
  std::vector<Scenario> scenarios;
  nlohmann::json extra = nlohmann::json::object();

  const Scenario* find(std::string_view name) const;
};

/// The median over `runs` of every figure; zeros when there are no runs.
Summary summarize(const std::vector<Run>& runs);
/// Median of a sample (mean of the two middle values when the size is even); 0 when empty.
double median(std::vector<double> values);

nlohmann::json to_json(const LatencySummary& l);
nlohmann::json to_json(const Errors& e);
nlohmann::json to_json(const Run& r);
nlohmann::json to_json(const Scenario& s);
nlohmann::json to_json(const Results& r);

/// One thing wrong with an input file: where (a JSON path such as
/// `$.scenarios[0].runs[2].latency_ms.p99`) and why.
struct Problem {
  std::string path;
  std::string reason;
};

/// Why a results file could not be read. `kind` lets the CLI choose its message and exit code.
struct ReadError {
  enum class Kind { io, syntax, schema, invalid };
  Kind kind = Kind::invalid;
  std::string source;  ///< the file name, or "<input>"
  std::vector<Problem> problems;

  /// One line per problem: "<source>: <path>: <reason>".
  std::string message() const;
};

/// Reads a parsed results document: every problem is listed, unknown fields are kept (in `extra`)
/// and never an error; a missing or different `schema` is reported alone.
Expected<Results, ReadError> results_from_json(const nlohmann::json& j,
                                               std::string_view source = "<input>");
/// Parses JSON text, then results_from_json.
Expected<Results, ReadError> parse_results(std::string_view text,
                                           std::string_view source = "<input>");
/// Reads a file, then parse_results.
Expected<Results, ReadError> read_results_file(const std::string& path);
/// Writes to_json(results) to `path` (pretty-printed); the error reason when it cannot.
std::optional<std::string> write_results_file(const std::string& path, const Results& results);

}  // namespace travelctl::reports
