// What a connection sends next: picks scenario items by weight, renders their requests (static
// ones pre-rendered once), and carries extracted values through sequences.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "travelctl/bench/rng.hpp"
#include "travelctl/bench/scenario.hpp"
#include "travelctl/bench/url.hpp"

namespace travelctl::bench {

class ResponseParser;

/// The immutable, shared-by-all-threads form of a scenario for one target: pre-rendered bytes of
/// every request that has no variables, and the pieces to render the others.
class RequestPlan {
 public:
  RequestPlan(const Scenario& scenario, const Url& target);
  ~RequestPlan();
  RequestPlan(const RequestPlan&) = delete;
  RequestPlan& operator=(const RequestPlan&) = delete;

  const Scenario& scenario() const { return scenario_; }
  /// `copies` times the one request of a scenario made of one static request, else empty: the
  /// closed model then writes it without rendering anything.
  const std::string& static_batch() const { return static_batch_; }
  void build_static_batch(unsigned copies);

  struct StepPlan;
  const StepPlan& step(std::size_t item, std::size_t step) const;
  /// Appends the request bytes of a step rendered with `values`.
  void render(std::size_t item, std::size_t step, const std::vector<std::string>& values,
              std::string& out, std::string& scratch) const;
  bool uses_slot(int slot) const { return uses_slot_[static_cast<std::size_t>(slot)]; }
  /// Every step of every item numbered in order, for per-request statistics.
  std::size_t flat_index(std::size_t item, std::size_t step) const {
    return first_flat_[item] + step;
  }
  std::size_t step_count() const { return step_names_.size(); }
  /// "step" for a request, "item / step" inside a sequence.
  const std::string& step_name(std::size_t flat) const { return step_names_[flat]; }

 private:
  const Scenario& scenario_;
  std::string host_;
  std::vector<std::vector<std::unique_ptr<StepPlan>>> steps_;
  std::vector<bool> uses_slot_;
  std::vector<std::size_t> first_flat_;
  std::vector<std::string> step_names_;
  std::string static_batch_;
};

/// One connection's walk through the scenario. Not thread-safe; owned by its connection.
class Driver {
 public:
  Driver(const RequestPlan& plan, uint32_t conn, uint32_t thread, uint32_t run, uint64_t seed);

  /// A request sent, to be matched with its response.
  struct Sent {
    uint32_t item = 0;
    uint32_t step = 0;
    bool head = false;
    bool continues = false;  ///< a later step of its sequence needs this response first
  };

  /// Appends the next request to `out`. After a Sent with `continues`, call on_response() (or
  /// abort()) before the next call.
  Sent next(std::string& out);
  /// Arms the parser's captures for this request's extractions (nothing for most requests).
  void prepare(const Sent& sent, ResponseParser& parser);

  enum class Outcome { kOk, kUnexpectedStatus, kExtractFailed };
  /// Judges a complete response (status against `expect`, extractions); a failure ends the
  /// sequence, so the next request starts a new item.
  Outcome on_response(const Sent& sent, int status, const ResponseParser& parser);
  /// The connection failed: forget the sequence in progress; true when one was.
  bool abort();

  const std::string& value(int slot) const { return values_[static_cast<std::size_t>(slot)]; }

 private:
  void start_item();
  void evaluate(std::size_t variable_index);
  int64_t random_below(uint64_t n);
  void set_number(int slot, int64_t v);

  const RequestPlan& plan_;
  Rng rng_;
  Rng uuid_rng_;  // ${uuid}: unique per process, not reproducible by the seed
  std::vector<std::string> values_;
  std::vector<int64_t> counters_;  // next value of each counter variable, by variable index
  std::string scratch_;
  std::string body_;  // captured body of the request being extracted from
  uint64_t iteration_ = 0;
  uint32_t conn_ = 0;  // this connection's index over the whole run
  int64_t today_ = 0;  // days since 1970-01-01 (UTC) when the connection started
  uint32_t item_ = 0;
  uint32_t step_ = 0;
  bool in_sequence_ = false;
  bool single_item_ = false;
};

}  // namespace travelctl::bench
