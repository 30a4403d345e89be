// Supplier search answer -> SupplierSearch: simdjson DOM parse, validation of every trip (usable or
// not, client-api.md transform step 2) and pre-rendering of the query-independent JSON fragments.
#include <simdjson.h>

#include <algorithm>
#include <array>
#include <charconv>
#include <cstring>
#include <optional>
#include <type_traits>

#include "json_text.hpp"
#include "supplier_search.hpp"
#include "travelctl/core/transform/itinerary.hpp"

namespace travelctl::core::transform {
namespace {

namespace dom = simdjson::dom;
static_assert(kParsePadding >= simdjson::SIMDJSON_PADDING);

// A dictionary entry (station, operator, class): its id and the JSON a reference to it writes:
// the name as a string literal, or for a station `{"id":N,"name":"..."}` (ids rendered once per
// entry rather than once per segment end).
struct DictEntry {
  int64_t id = 0;
  uint32_t offset = 0;  // in the names arena; size 0 when the entry has no usable `name`
  uint32_t size = 0;
};

enum class Reference { name, object };

// Dictionaries keyed by the ids as strings, sorted by id for binary search.
class Dictionary {
 public:
  void load(dom::element parent, std::string_view field, Reference as, std::string& names) {
    // The index too: a stale one from the thread's previous answer would map ids to old entries.
    entries_.clear();
    direct_.clear();
    dom::object obj;
    if (parent[field].get_object().get(obj) != simdjson::SUCCESS) {
      return;  // missing or not an object: every reference into it is dangling
    }
    for (auto [key, value] : obj) {
      const auto id = canonical_int(key);
      if (!id) {
        continue;  // "0101" or "x" can never equal an integer id's decimal spelling
      }
      DictEntry e{*id, 0, 0};
      std::string_view name;
      if (value.is_object() && value["name"].get_string().get(name) == simdjson::SUCCESS) {
        e.offset = static_cast<uint32_t>(names.size());
        if (as == Reference::object) {
          names += "{\"id\":";
          names += key;  // canonical: the id's decimal spelling
          names += ",\"name\":";
        }
        append_json_string(names, name);
        if (as == Reference::object) {
          names.push_back('}');
        }
        e.size = static_cast<uint32_t>(names.size() - e.offset);
      }
      entries_.push_back(e);
    }
    // Stable, so that the first of duplicate keys wins, as in the rest of the document.
    std::stable_sort(entries_.begin(), entries_.end(),
                     [](const DictEntry& a, const DictEntry& b) { return a.id < b.id; });
    build_direct_index();
  }

  /// The entry for `id` when it exists and has a string `name`.
  const DictEntry* find(int64_t id) const {
    const DictEntry* e = nullptr;
    if (!direct_.empty()) {
      // Unsigned differences: exact for any two int64 values, and ids below `min_` wrap past span.
      const uint64_t slot = static_cast<uint64_t>(id) - static_cast<uint64_t>(min_);
      if (slot >= direct_.size() || direct_[slot] < 0) {
        return nullptr;
      }
      e = &entries_[static_cast<size_t>(direct_[slot])];
    } else {
      auto it = std::lower_bound(entries_.begin(), entries_.end(), id,
                                 [](const DictEntry& d, int64_t v) { return d.id < v; });
      if (it == entries_.end() || it->id != id) {
        return nullptr;
      }
      e = &*it;
    }
    return e->size == 0 ? nullptr : e;
  }

 private:
  // The integer whose shortest decimal spelling is exactly `key`.
  static std::optional<int64_t> canonical_int(std::string_view key) {
    const bool negative = !key.empty() && key[0] == '-';
    const std::string_view digits = negative ? key.substr(1) : key;
    if (digits.empty() || digits.size() > 19 || (digits[0] == '0' && digits.size() > 1) ||
        (negative && digits == "0")) {
      return std::nullopt;
    }
    unsigned __int128 v = 0;
    for (char c : digits) {
      if (c < '0' || c > '9') {
        return std::nullopt;
      }
      v = v * 10 + static_cast<unsigned>(c - '0');
    }
    if (v > (negative ? static_cast<unsigned __int128>(INT64_MAX) + 1 : INT64_MAX)) {
      return std::nullopt;
    }
    return negative ? static_cast<int64_t>(-v) : static_cast<int64_t>(v);
  }

  // Ids of real answers are small and dense (101..116): a table indexed by `id - min` then finds
  // an entry without the mispredicted branches of a binary search, once per reference.
  void build_direct_index() {
    direct_.clear();
    if (entries_.empty()) {
      return;
    }
    min_ = entries_.front().id;
    const uint64_t span = static_cast<uint64_t>(entries_.back().id) - static_cast<uint64_t>(min_);
    if (span > 4 * entries_.size() + 64) {
      return;  // sparse: binary search
    }
    direct_.assign(span + 1, -1);
    for (size_t i = 0; i < entries_.size(); ++i) {
      int32_t& slot = direct_[static_cast<uint64_t>(entries_[i].id) - static_cast<uint64_t>(min_)];
      if (slot < 0) {
        slot = static_cast<int32_t>(i);  // sorted stably: the first of duplicate keys
      }
    }
  }

  std::vector<DictEntry> entries_;
  std::vector<int32_t> direct_;  // empty when the ids are too sparse for a table
  int64_t min_ = 0;
};

// The first value of each wanted field of an object, found in one walk over its fields.
template <size_t N>
struct Fields {
  std::array<dom::element, N> value;
  uint32_t found = 0;
  bool has(size_t i) const { return (found >> i & 1U) != 0; }
};

// `Index(key)` is the wanted field's index, or -1 for a key that is not wanted.
template <size_t N, int (*Index)(std::string_view)>
Fields<N> gather(dom::object obj) {
  Fields<N> f;
  for (auto field : obj) {
    const int i = Index(field.key);
    if (i >= 0 && !f.has(static_cast<size_t>(i))) {  // the first of duplicate keys wins (at_key)
      f.value[static_cast<size_t>(i)] = field.value;
      f.found |= 1U << i;
    }
  }
  return f;
}

template <size_t N>
bool get_int(const Fields<N>& f, size_t i, int64_t& out) {
  // get_int64 refuses doubles (85000.0) and integers past INT64_MAX: both unusable here.
  return f.has(i) && f.value[i].get_int64().get(out) == simdjson::SUCCESS;
}

template <size_t N>
bool get_string(const Fields<N>& f, size_t i, std::string_view& out) {
  return f.has(i) && f.value[i].get_string().get(out) == simdjson::SUCCESS;
}

bool get_string(dom::element parent, std::string_view field, std::string_view& out) {
  return parent[field].get_string().get(out) == simdjson::SUCCESS;
}

// One segment after validation, before it is written.
struct Segment {
  int64_t from_id = 0;
  int64_t to_id = 0;
  const DictEntry* from = nullptr;
  const DictEntry* to = nullptr;
  const DictEntry* op = nullptr;
  const DictEntry* cls = nullptr;
  std::string_view departs_at;
  std::string_view arrives_at;
  std::string_view vehicle;
  dom::array amenities;
  bool has_amenities = false;
  Instant departs;
  Instant arrives;
};

// Reused per thread: the parser keeps its buffers between calls.
struct Scratch {
  dom::parser parser;
  Dictionary stations;
  Dictionary operators;
  Dictionary classes;
  std::string names;
  std::vector<Segment> segments;
};

enum SegmentField {
  kFromId,
  kToId,
  kOperatorId,
  kClassId,
  kDepartsAt,
  kArrivesAt,
  kVehicle,
  kAmenities
};
// `key == name` for a literal name of 4 to 16 bytes, as two overlapping fixed-size loads from each
// side: no call (in a function as big as add_trip, GCC calls memcmp even for literals).
template <size_t N>
bool is(std::string_view key, const char (&name)[N]) {
  constexpr size_t n = N - 1;
  static_assert(n >= 4 && n <= 16);
  using Word = std::conditional_t<(n >= 8), uint64_t, uint32_t>;
  if (key.size() != n) {
    return false;
  }
  Word head_key, head_name, tail_key, tail_name;
  std::memcpy(&head_key, key.data(), sizeof(Word));
  std::memcpy(&head_name, name, sizeof(Word));
  std::memcpy(&tail_key, key.data() + n - sizeof(Word), sizeof(Word));
  std::memcpy(&tail_name, name + n - sizeof(Word), sizeof(Word));
  return ((head_key ^ head_name) | (tail_key ^ tail_name)) == 0;
}

// The field indices below switch on the key's length, then compare with is().
int segment_field(std::string_view key) {
  switch (key.size()) {
    case 5:
      return is(key, "to_id") ? kToId : -1;
    case 7:
      return is(key, "from_id") ? kFromId : (is(key, "vehicle") ? kVehicle : -1);
    case 8:
      return is(key, "class_id") ? kClassId : -1;
    case 9:
      return is(key, "amenities") ? kAmenities : -1;
    case 10:
      return is(key, "departs_at") ? kDepartsAt : (is(key, "arrives_at") ? kArrivesAt : -1);
    case 11:
      return is(key, "operator_id") ? kOperatorId : -1;
    default:
      return -1;
  }
}

template <size_t N>
const DictEntry* lookup(const Fields<N>& f, size_t i, const Dictionary& dict, int64_t& id) {
  return get_int(f, i, id) ? dict.find(id) : nullptr;
}

bool read_segment(dom::element seg, const Scratch& s, Segment& out) {
  dom::object obj;
  if (seg.get_object().get(obj) != simdjson::SUCCESS) {
    return false;
  }
  const auto f = gather<8, segment_field>(obj);
  int64_t op_id = 0;
  int64_t class_id = 0;
  out.from = lookup(f, kFromId, s.stations, out.from_id);
  out.to = lookup(f, kToId, s.stations, out.to_id);
  out.op = lookup(f, kOperatorId, s.operators, op_id);
  out.cls = lookup(f, kClassId, s.classes, class_id);
  if (out.from == nullptr || out.to == nullptr || out.op == nullptr || out.cls == nullptr ||
      !get_string(f, kDepartsAt, out.departs_at) || !get_string(f, kArrivesAt, out.arrives_at) ||
      !get_string(f, kVehicle, out.vehicle)) {
    return false;
  }
  const auto dep = parse_timestamp(out.departs_at);
  const auto arr = parse_timestamp(out.arrives_at);
  if (!dep || !arr) {
    return false;
  }
  out.departs = *dep;
  out.arrives = *arr;
  // Amenities are decorative: copied when an array, `[]` when absent, null or anything else.
  out.has_amenities =
      f.has(kAmenities) && f.value[kAmenities].get_array().get(out.amenities) == simdjson::SUCCESS;
  return true;
}

void append_amenities(TextArena& text, const Segment& seg) {
  text.push_back('[');
  if (seg.has_amenities) {
    bool first = true;
    for (dom::element a : seg.amenities) {
      if (!first) {
        text.push_back(',');
      }
      first = false;
      std::string_view str;
      if (a.get_string().get(str) == simdjson::SUCCESS) {
        text.commit(write_json_string(text.claim(max_json_string_size(str.size())), str));
      } else {
        text.append(simdjson::minify(a));  // not a string: copied as the supplier wrote it
      }
    }
  }
  text.push_back(']');
}

// Writes into room claimed at the end of the arena, sized by the caller for the worst case, so
// that a segment costs one capacity check instead of twenty (and no zero fill).
class Cursor {
 public:
  Cursor(TextArena& t, size_t max) : t_(t), p_(t.claim(max)) {}
  template <size_t N>
  void lit(const char (&t)[N]) {
    std::memcpy(p_, t, N - 1);
    p_ += N - 1;
  }
  void bytes(std::string_view v) {
    std::memcpy(p_, v.data(), v.size());
    p_ += v.size();
  }
  void integer(int64_t v) { p_ = std::to_chars(p_, p_ + 20, v).ptr; }
  void json_string(std::string_view v) { p_ = write_json_string(p_, v); }
  /// A validated timestamp is plain ASCII with nothing to escape.
  void timestamp(std::string_view ts) {
    *p_++ = '"';
    bytes(ts);
    *p_++ = '"';
  }
  void done() { t_.commit(p_); }

 private:
  TextArena& t_;
  char* p_;
};

std::string_view json_of(const DictEntry& e, const std::string& names) {
  return {names.data() + e.offset, e.size};
}

void append_segment(TextArena& text, const Segment& seg, const std::string& names) {
  const std::string_view from = json_of(*seg.from, names);
  const std::string_view to = json_of(*seg.to, names);
  const std::string_view op = json_of(*seg.op, names);
  const std::string_view cls = json_of(*seg.cls, names);
  // Literals (under 200 bytes), the rest as measured.
  const size_t max = 256 + from.size() + to.size() + op.size() + cls.size() +
                     seg.departs_at.size() + seg.arrives_at.size() +
                     max_json_string_size(seg.vehicle.size());
  Cursor c(text, max);
  c.lit("{\"from\":");
  c.bytes(from);
  c.lit(",\"to\":");
  c.bytes(to);
  c.lit(",\"departs_at\":");
  c.timestamp(seg.departs_at);
  c.lit(",\"arrives_at\":");
  c.timestamp(seg.arrives_at);
  c.lit(",\"operator\":");
  c.bytes(op);
  c.lit(",\"class\":");
  c.bytes(cls);
  c.lit(",\"vehicle\":");
  c.json_string(seg.vehicle);
  c.lit(",\"amenities\":");
  c.done();
  append_amenities(text, seg);
  text.push_back('}');
}

// `"departs_at":...,"stops":N,"segments":[` of an itinerary.
void append_trip_head(TextArena& text, const Segment& first, const Segment& last, int64_t duration,
                      size_t segments) {
  Cursor c(text, 128 + first.departs_at.size() + last.arrives_at.size());
  c.lit("\"departs_at\":");
  c.timestamp(first.departs_at);
  c.lit(",\"arrives_at\":");
  c.timestamp(last.arrives_at);
  c.lit(",\"duration_minutes\":");
  c.integer(duration);
  c.lit(",\"stops\":");
  c.integer(static_cast<int64_t>(segments) - 1);
  c.lit(",\"segments\":[");
  c.done();
}

enum TripField { kId, kSegments, kPrice, kSeatsLeft, kBookable };
int trip_field(std::string_view key) {
  switch (key.size()) {
    case 2:
      return key == "id" ? kId : -1;
    case 5:
      return is(key, "price") ? kPrice : -1;
    case 8:
      return is(key, "segments") ? kSegments : (is(key, "bookable") ? kBookable : -1);
    case 10:
      return is(key, "seats_left") ? kSeatsLeft : -1;
    default:
      return -1;
  }
}

enum PriceField { kAmountMinor, kCurrency };
int price_field(std::string_view key) {
  if (is(key, "amount_minor")) {
    return kAmountMinor;
  }
  return is(key, "currency") ? kCurrency : -1;
}

enum class TripResult { usable, unusable, too_big };

// Validates a bookable trip's data and writes its id and body into `out.text` (up to `max_text`).
TripResult read_trip(const Fields<5>& f, std::string_view fx_base, Scratch& s, SupplierSearch& out,
                     SupplierSearch::Trip& t, size_t max_text) {
  std::string_view id;
  dom::array segs;
  dom::object price;
  if (!get_string(f, kId, id) || id.empty() || !f.has(kSegments) ||
      f.value[kSegments].get_array().get(segs) != simdjson::SUCCESS || segs.size() == 0 ||
      !f.has(kPrice) || f.value[kPrice].get_object().get(price) != simdjson::SUCCESS) {
    return TripResult::unusable;
  }
  const auto p = gather<2, price_field>(price);
  std::string_view currency;
  if (!get_int(p, kAmountMinor, t.amount_minor) || t.amount_minor < 0 ||
      !get_string(p, kCurrency, currency) || currency != fx_base) {
    return TripResult::unusable;
  }
  s.segments.clear();
  for (dom::element seg : segs) {
    if (!read_segment(seg, s, s.segments.emplace_back())) {
      return TripResult::unusable;
    }
  }
  const Segment& first = s.segments.front();
  const Segment& last = s.segments.back();
  t.departs = first.departs;
  t.route_from = first.from_id;
  t.route_to = last.to_id;
  t.duration_minutes = floor_minutes_between(first.departs, last.arrives);

  TextArena& text = out.text;
  t.id_offset = static_cast<uint32_t>(text.size());
  t.id_size = static_cast<uint32_t>(id.size());
  text.append(id);
  t.body_offset = static_cast<uint32_t>(text.size());
  append_trip_head(text, first, last, t.duration_minutes, s.segments.size());
  for (size_t i = 0; i < s.segments.size(); ++i) {
    if (i != 0) {
      text.push_back(',');
    }
    append_segment(text, s.segments[i], s.names);
    if (text.size() > max_text) {
      return TripResult::too_big;
    }
  }
  text.push_back(']');
  t.body_size = static_cast<uint32_t>(text.size() - t.body_offset);
  return TripResult::usable;
}

void read_rates(dom::object fx, SupplierSearch& out) {
  dom::object rates;
  if (fx["rates"].get_object().get(rates) != simdjson::SUCCESS) {
    return;  // no rate at all: the render fails for whatever currency is asked
  }
  out.rates.reserve(rates.size());
  for (auto [key, value] : rates) {
    SupplierSearch::Rate r;
    r.currency = std::string(key);
    std::string_view text;
    r.is_string = value.get_string().get(text) == simdjson::SUCCESS;
    r.text = std::string(text);
    out.rates.push_back(std::move(r));
  }
}

Scratch& scratch() {
  thread_local Scratch s;
  return s;
}

// Reads one element of `trips` (or the trip of a trip answer) into `out.trips`. False when the
// rendered text would pass `max_text`.
bool add_trip(dom::element trip, std::string_view fx_base, Scratch& s, SupplierSearch& out,
              size_t max_text) {
  SupplierSearch::Trip& t = out.trips.emplace_back();
  dom::object obj;
  if (trip.get_object().get(obj) != simdjson::SUCCESS) {
    // Not even an object: counted as unusable (bookable with no valid seats) in every render.
    t.bookable = true;
    return true;
  }
  const auto f = gather<5, trip_field>(obj);
  bool bookable = false;
  t.bookable = f.has(kBookable) &&
               f.value[kBookable].get_bool().get(bookable) == simdjson::SUCCESS && bookable;
  t.seats_valid = get_int(f, kSeatsLeft, t.seats_left);
  if (!t.bookable || !t.seats_valid) {
    return true;  // never rendered: no need to look further
  }
  const size_t mark = out.text.size();
  const TripResult r = read_trip(f, fx_base, s, out, t, max_text);
  if (r == TripResult::too_big) {
    return false;
  }
  t.usable = r == TripResult::usable;
  if (!t.usable) {
    out.text.truncate(mark);
  }
  return true;
}

enum class Document { search, trip };

// The common part of a search answer and a trip answer: fx, dictionaries, then the trips.
Expected<std::shared_ptr<const SupplierSearch>, std::string> parse_document(
    std::string_view body, std::size_t readable_past_end, Document kind) {
  using Error = Unexpected<std::string>;
  const std::string_view what =
      kind == Document::search ? "supplier search body" : "supplier trip body";
  Scratch& s = scratch();
  dom::element root;
  const bool copy = readable_past_end < simdjson::SIMDJSON_PADDING;
  if (auto err = s.parser.parse(body.data(), body.size(), copy).get(root); err) {
    return Error{std::string(what) + " is not JSON: " + simdjson::error_message(err)};
  }
  dom::array trips;
  dom::element trip;
  dom::object fx;
  std::string_view fx_base;
  std::string_view search_id;
  if (!root.is_object()) {
    return Error{std::string(what) + " is not a JSON object"};
  }
  if (kind == Document::search && root["trips"].get_array().get(trips) != simdjson::SUCCESS) {
    return Error{std::string(what) + " has no `trips` array"};
  }
  if (kind == Document::trip &&
      (root["trip"].get(trip) != simdjson::SUCCESS || !trip.is_object())) {
    return Error{std::string(what) + " has no `trip` object"};
  }
  if (root["fx"].get_object().get(fx) != simdjson::SUCCESS) {
    return Error{std::string(what) + " has no `fx` object"};
  }
  if (fx["base"].get_string().get(fx_base) != simdjson::SUCCESS) {
    return Error{std::string(what) + " has no `fx.base` string"};
  }
  if (kind == Document::search && !get_string(root, "search_id", search_id)) {
    return Error{std::string(what) + " has no `search_id` string"};
  }

  auto out = std::make_shared<SupplierSearch>();
  out->fx_base = std::string(fx_base);
  if (kind == Document::search) {
    append_json_string(out->search_id_json, search_id);
  }
  read_rates(fx, *out);
  s.names.clear();
  s.stations.load(root, "stations", Reference::object, s.names);
  s.operators.load(root, "operators", Reference::name, s.names);
  s.classes.load(root, "classes", Reference::name, s.names);

  // Pre-rendering inlines dictionary names into every segment; bound that growth so that a small
  // hostile body cannot make a huge cache entry (a normal answer grows by well under 2x).
  const size_t max_text = std::min<size_t>(32 * body.size() + 65536, UINT32_MAX / 2);
  out->text.reserve(body.size() + body.size() / 2);
  if (kind == Document::trip) {
    if (!add_trip(trip, fx_base, s, *out, max_text)) {
      return Error{std::string(what) + " expands past the render limit"};
    }
    dom::array policy;
    if (trip["cancellation_policy"].get_array().get(policy) == simdjson::SUCCESS) {
      out->cancellation_policy_json = simdjson::minify(policy);
    } else {
      out->cancellation_policy_json = "[]";  // absent or not a list: no refund rules to show
    }
    return std::shared_ptr<const SupplierSearch>(std::move(out));
  }
  out->trips.reserve(trips.size());
  for (dom::element t : trips) {
    if (!add_trip(t, fx_base, s, *out, max_text)) {
      return Error{std::string(what) + " expands past the render limit"};
    }
  }
  return std::shared_ptr<const SupplierSearch>(std::move(out));
}

}  // namespace

Expected<std::shared_ptr<const SupplierSearch>, std::string> parse_supplier_search(
    std::string_view body, std::size_t readable_past_end) {
  return parse_document(body, readable_past_end, Document::search);
}

Expected<std::shared_ptr<const SupplierSearch>, std::string> parse_supplier_trip(
    std::string_view body, std::size_t readable_past_end) {
  return parse_document(body, readable_past_end, Document::trip);
}

}  // namespace travelctl::core::transform
