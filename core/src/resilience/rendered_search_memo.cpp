// RenderedSearchMemo: a direct-mapped table of rendered search bodies, probed by everything a
// body depends on.
#include "travelctl/core/resilience/rendered_search_memo.hpp"

#include <functional>
#include <string_view>

namespace travelctl::core::resilience {
namespace {

uint64_t mix(uint64_t h, uint64_t v) {
  // boost::hash_combine's mixing step, on 64 bits.
  return h ^ (v + 0x9e3779b97f4a7c15ULL + (h << 6) + (h >> 2));
}

}  // namespace

RenderedSearchMemo::RenderedSearchMemo(std::size_t slots, std::size_t max_body_bytes)
    : slots_(slots), max_body_bytes_(max_body_bytes) {}

Expected<transform::RenderStats, std::string> RenderedSearchMemo::render(
    const Answer& answer, const transform::SearchQuery& query,
    const transform::ClientPricing& pricing, std::string& out) {
  if (slots_.empty()) {
    return transform::render_search(*answer, query, pricing, out);
  }
  // The markup is keyed by value, not by client: clients priced alike share bodies, and a client
  // whose markup changed (config reload) can never get a body rendered with the old one.
  const int64_t fixed = pricing.fixed_for(query.currency);
  uint64_t h = std::hash<const void*>{}(answer.get());
  h = mix(h, std::hash<std::string_view>{}(query.currency));
  h = mix(h, static_cast<uint64_t>(pricing.percent_bps));
  h = mix(h, static_cast<uint64_t>(fixed));
  h = mix(h, static_cast<uint64_t>(query.sort));
  h = mix(h, static_cast<uint64_t>(query.limit));
  h = mix(h, static_cast<uint64_t>(query.pax));
  Slot& slot = slots_[h % slots_.size()];
  if (slot.answer == answer && slot.currency == query.currency &&
      slot.percent_bps == pricing.percent_bps && slot.fixed == fixed && slot.sort == query.sort &&
      slot.limit == query.limit && slot.pax == query.pax && slot.date == query.date) {
    ++hits_;
    out += slot.body;
    return slot.stats;
  }
  ++misses_;
  const std::size_t at = out.size();
  auto rendered = transform::render_search(*answer, query, pricing, out);
  if (!rendered || out.size() - at > max_body_bytes_) {
    return rendered;  // errors are not kept (they are rare and cheap); huge bodies would hoard
  }
  slot.answer = answer;
  slot.currency = query.currency;
  slot.date = query.date;
  slot.percent_bps = pricing.percent_bps;
  slot.fixed = fixed;
  slot.sort = query.sort;
  slot.limit = query.limit;
  slot.pax = query.pax;
  slot.body.assign(out, at, std::string::npos);  // reuses the slot's capacity
  slot.stats = *rendered;
  return rendered;
}

std::size_t RenderedSearchMemo::kept_bytes() const {
  std::size_t total = 0;
  for (const auto& s : slots_) {
    if (s.answer) {
      total += s.body.capacity();
    }
  }
  return total;
}

}  // namespace travelctl::core::resilience
