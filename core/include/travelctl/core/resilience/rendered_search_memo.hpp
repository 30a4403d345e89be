// One worker thread's memo of rendered search bodies, so that a search repeated by clients with
// the same pricing costs a probe and one copy instead of a render (DESIGN.md: a hit costs only the
// per-client reshaping; this makes repeated reshaping free too).
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "travelctl/core/expected.hpp"
#include "travelctl/core/transform/search.hpp"

namespace travelctl::core::resilience {

/// Direct-mapped: a body is found by what it depends on (the cached answer object, currency, the
/// markup for that currency, sort, limit, pax, date); a collision replaces the older body. Keeps a
/// reference to each answer it holds, so an answer replaced in the search cache can never be
/// mistaken for its successor. Not thread-safe: each worker owns one.
class RenderedSearchMemo {
 public:
  using Answer = std::shared_ptr<const transform::SupplierSearch>;

  /// `slots` 0 turns the memo off (every call renders). Bodies over `max_body_bytes` are not kept.
  explicit RenderedSearchMemo(std::size_t slots = 256, std::size_t max_body_bytes = 256u << 10);

  /// Appends the client's body for `query` to `out`, as transform::render_search() would.
  Expected<transform::RenderStats, std::string> render(const Answer& answer,
                                                       const transform::SearchQuery& query,
                                                       const transform::ClientPricing& pricing,
                                                       std::string& out);

  uint64_t hits() const { return hits_; }
  uint64_t misses() const { return misses_; }
  /// Bytes held by kept bodies (their capacity), for sizing.
  std::size_t kept_bytes() const;

 private:
  struct Slot {
    Answer answer;  ///< null: empty slot
    std::string currency;
    std::string date;
    int64_t percent_bps = 0;
    int64_t fixed = 0;
    transform::SortKey sort = transform::SortKey::departure;
    int limit = 0;
    int pax = 0;
    std::string body;
    transform::RenderStats stats;
  };

  std::vector<Slot> slots_;
  std::size_t max_body_bytes_;
  uint64_t hits_ = 0;
  uint64_t misses_ = 0;
};

}  // namespace travelctl::core::resilience
