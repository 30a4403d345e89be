// From what was read to what replay sends: selection (--filter), rewriting, keys, the safety
// rules (only GET/HEAD unless --allow-writes; masked bodies never sent) and the schedule.
#pragma once

#include <cstddef>
#include <cstdint>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "travelctl/bench/replay/exchange.hpp"
#include "travelctl/bench/replay/keys.hpp"
#include "travelctl/bench/replay/pacing.hpp"
#include "travelctl/bench/replay/selection.hpp"

namespace travelctl::bench::replay {

struct PlanOptions {
  std::vector<Filter> filters;  ///< any may match; none = everything
  std::vector<Rewrite> rewrites;
  KeyMap keys;
  bool allow_writes = false;
  Pacing pacing;
};

/// One request to send.
struct PlannedRequest {
  std::size_t exchange = 0;  ///< index in ReplayInput::exchanges
  std::string method;
  std::string target;  ///< after --rewrite
  std::string host;    ///< the Host header; empty = the target's
  HeaderList headers;  ///< recorded ones plus X-Api-Key
  std::string body;
  int64_t send_at_us = 0;  ///< from the replay's start
  bool keyed = false;      ///< carries an X-Api-Key
};

/// An exchange that is not sent, and why.
struct SkippedRequest {
  std::size_t exchange = 0;
  std::string target;
  std::string reason;
};

struct Plan {
  std::vector<PlannedRequest> requests;  ///< by send time
  std::vector<SkippedRequest> skipped;
  std::size_t filtered_out = 0;
  std::set<std::string> clients_without_key;  ///< captured clients sent with no key
};

/// True when a body holds a value masked at capture: a JSON string "***" anywhere, or, for a
/// body that is not JSON, the text *** at all.
bool has_masked_value(std::string_view body);

/// True for GET and HEAD, the only methods replay sends without --allow-writes.
bool is_read_method(std::string_view method);

Plan make_plan(const ReplayInput& input, const PlanOptions& options);

/// The --dry-run listing: one line per request (offset, method, target, client, key or not) and
/// one per skipped exchange with its reason.
std::string describe_plan(const ReplayInput& input, const Plan& plan);

}  // namespace travelctl::bench::replay
