// Loading the configuration: JSON file, then environment overrides, then validation of every rule.
//
// Environment rule: every scalar key (and the string lists `api_keys`, `currencies`,
// comma-separated) can be set by `TRAVELCTL_` + its JSON path upper-cased, with `.` and `[i]`
// written as `_` and `_i`: `supplier.api_key` -> TRAVELCTL_SUPPLIER_API_KEY, `server.listen` ->
// TRAVELCTL_SERVER_LISTEN, `clients[0].markup.percent_bps` ->
// TRAVELCTL_CLIENTS_0_MARKUP_PERCENT_BPS, `clients[1].markup.fixed.USD` ->
// TRAVELCTL_CLIENTS_1_MARKUP_FIXED_USD. The environment wins over the file; a variable for
// clients[N] creates that client when the file has fewer.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "travelctl/core/config/config.hpp"
#include "travelctl/core/expected.hpp"

namespace travelctl::core::config {

/// One problem: where (a JSON path such as `clients[0].markup.percent_bps`) and what is wrong.
struct Problem {
  std::string path;
  std::string reason;
};

/// `path: reason` (or just the reason when the path is empty).
std::string to_string(const Problem& p);

/// Errors refuse the configuration; warnings (unknown keys) are reported and ignored.
class Diagnostics {
 public:
  /// Records an error unless `path` already has one (one reason per path is enough).
  void error(std::string path, std::string reason);
  void warning(std::string path, std::string reason);
  /// Notes that `path` was set by environment variable `var`, so that its problems say so.
  void set_origin(const std::string& path, std::string var);

  const std::vector<Problem>& errors() const { return errors_; }
  const std::vector<Problem>& warnings() const { return warnings_; }
  bool ok() const { return errors_.empty(); }

 private:
  std::string annotate(const std::string& path, std::string reason) const;

  std::vector<Problem> errors_;
  std::vector<Problem> warnings_;
  std::map<std::string, std::string> origins_;
};

/// A snapshot of environment variables (name -> value); tests build their own.
using Environment = std::map<std::string, std::string>;

/// The `TRAVELCTL_*` variables of this process.
Environment process_environment();

/// The variable name for a JSON path, by the rule above (`clients[0].id` ->
/// TRAVELCTL_CLIENTS_0_ID).
std::string env_name_for(std::string_view path);

/// Reads JSON text (empty text means `{}`) with `env` applied on top into `config`, which keeps
/// its current value wherever the input says nothing or says something of the wrong type.
/// Records syntax, type and unknown-key diagnostics; ranges and cross-field rules are validate()'s.
/// Returns false when the text is not a JSON object at all (then nothing was read).
bool read_config(std::string_view json_text, const Environment& env, Config& config,
                 Diagnostics& diag);

/// Checks every rule (ranges, shapes, uniqueness, cross-field consistency) and records each
/// problem.
void validate(const Config& config, Diagnostics& diag);

/// A configuration that passed validate(), with the warnings met on the way.
struct Loaded {
  Config config;
  std::vector<Problem> warnings;
};

/// read_config + validate on defaults: the configuration, or every problem (never half-applied).
Expected<Loaded, Diagnostics> load_config(std::string_view json_text, const Environment& env);

/// The same from a file; an unreadable file is one problem with the file name as its path.
Expected<Loaded, Diagnostics> load_config_file(const std::string& path, const Environment& env);

/// Reads a whole file; false when it cannot be read.
bool read_text_file(const std::string& path, std::string& out);

}  // namespace travelctl::core::config
