// GET /v1/itineraries query validation (client-api.md): every bad field listed, in parameter order.
#include "travelctl/core/transform/query.hpp"

#include <array>
#include <optional>

#include "travelctl/core/transform/search.hpp"
#include "travelctl/core/transform/time.hpp"

namespace travelctl::core::transform {
namespace {

// The parameters the route knows, in the order their errors are listed.
enum Param { kFrom, kTo, kDate, kPax, kCurrency, kSort, kLimit, kParamCount };
constexpr std::array<std::string_view, kParamCount> kNames = {"from",     "to",   "date", "pax",
                                                              "currency", "sort", "limit"};

int hex_value(char c) {
  if (c >= '0' && c <= '9') {
    return c - '0';
  }
  if (c >= 'a' && c <= 'f') {
    return c - 'a' + 10;
  }
  if (c >= 'A' && c <= 'F') {
    return c - 'A' + 10;
  }
  return -1;
}

// The first value of each known parameter; `decoded` false when its escapes were malformed.
struct RawValue {
  bool present = false;
  bool decoded = false;
  std::string text;
};

std::array<RawValue, kParamCount> collect(std::string_view query) {
  std::array<RawValue, kParamCount> values;
  std::string key;
  while (!query.empty()) {
    const size_t amp = query.find('&');
    const std::string_view pair = query.substr(0, amp);
    query = amp == std::string_view::npos ? std::string_view{} : query.substr(amp + 1);
    const size_t eq = pair.find('=');
    const std::string_view raw_key = pair.substr(0, eq);
    if (!form_decode(raw_key, key)) {
      continue;  // not a name we know, whatever it meant
    }
    for (size_t p = 0; p < kParamCount; ++p) {
      if (key == kNames[p] && !values[p].present) {
        values[p].present = true;
        const std::string_view raw =
            eq == std::string_view::npos ? std::string_view{} : pair.substr(eq + 1);
        values[p].decoded = form_decode(raw, values[p].text);
      }
    }
  }
  return values;
}

// A run of ASCII digits (leading zeros allowed) within [lo, hi]; nullopt otherwise.
std::optional<uint64_t> read_uint(const RawValue& v, uint64_t lo, uint64_t hi) {
  if (!v.decoded || v.text.empty()) {
    return std::nullopt;
  }
  unsigned __int128 n = 0;
  for (char c : v.text) {
    if (c < '0' || c > '9') {
      return std::nullopt;
    }
    n = n * 10 + static_cast<unsigned>(c - '0');
    if (n > hi) {
      return std::nullopt;
    }
  }
  if (n < lo) {
    return std::nullopt;
  }
  return static_cast<uint64_t>(n);
}

std::string one_of(const std::vector<std::string>& names) {
  std::string reason = "must be one of ";
  for (size_t i = 0; i < names.size(); ++i) {
    reason += (i == 0 ? "" : ", ") + names[i];
  }
  return reason;
}

// The currency asked for (the client's default when absent), or the reason it cannot be used.
bool read_currency(const RawValue& v, const ClientPricing& client, std::string& currency,
                   std::string& bad) {
  currency = v.present ? v.text : client.currency;
  bool known = !v.present || v.decoded;
  if (known) {
    known = false;
    for (const auto& c : client.currencies) {
      known = known || c == currency;
    }
  }
  if (!known) {
    bad = one_of(client.currencies);
  }
  return known;
}

}  // namespace

bool form_decode(std::string_view in, std::string& out) {
  out.clear();
  for (size_t i = 0; i < in.size(); ++i) {
    const char c = in[i];
    if (c == '+') {
      out.push_back(' ');
    } else if (c == '%') {
      if (i + 2 >= in.size()) {
        return false;
      }
      const int hi = hex_value(in[i + 1]);
      const int lo = hex_value(in[i + 2]);
      if (hi < 0 || lo < 0) {
        return false;
      }
      out.push_back(static_cast<char>(hi * 16 + lo));
      i += 2;
    } else {
      out.push_back(c);
    }
  }
  return true;
}

int64_t ClientPricing::fixed_for(std::string_view code) const {
  for (const auto& [cur, fee] : fixed) {
    if (cur == code) {
      return fee;
    }
  }
  return 0;
}

Expected<SearchQuery, std::vector<FieldError>> parse_search_query(std::string_view raw_query,
                                                                  const ClientPricing& client) {
  const auto v = collect(raw_query);
  std::array<std::string, kParamCount> bad;
  SearchQuery q;

  constexpr uint64_t kMaxId = UINT64_MAX;
  const auto from = read_uint(v[kFrom], 1, kMaxId);
  const auto to = read_uint(v[kTo], 1, kMaxId);
  if (!from) {
    bad[kFrom] = v[kFrom].present ? "must be a positive integer" : "is required";
  }
  if (!to) {
    bad[kTo] = v[kTo].present ? "must be a positive integer" : "is required";
  }
  if (from && to && *from == *to) {
    bad[kFrom] = "must differ from to";
    bad[kTo] = "must differ from from";
  }
  q.from = from.value_or(0);
  q.to = to.value_or(0);

  if (!v[kDate].present) {
    bad[kDate] = "is required";
  } else if (!v[kDate].decoded || !parse_date(v[kDate].text)) {
    bad[kDate] = "must be a calendar date YYYY-MM-DD";
  } else {
    q.date = v[kDate].text;
  }

  if (v[kPax].present) {
    const auto pax = read_uint(v[kPax], 1, 9);
    if (pax) {
      q.pax = static_cast<int>(*pax);
    } else {
      bad[kPax] = "must be an integer from 1 to 9";
    }
  }

  read_currency(v[kCurrency], client, q.currency, bad[kCurrency]);

  if (v[kSort].present) {
    const std::string& s = v[kSort].text;
    if (v[kSort].decoded && s == "departure") {
      q.sort = SortKey::departure;
    } else if (v[kSort].decoded && s == "price") {
      q.sort = SortKey::price;
    } else if (v[kSort].decoded && s == "duration") {
      q.sort = SortKey::duration;
    } else {
      bad[kSort] = "must be one of departure, price, duration";
    }
  }

  if (v[kLimit].present) {
    const auto limit = read_uint(v[kLimit], 1, 200);
    if (limit) {
      q.limit = static_cast<int>(*limit);
    } else {
      bad[kLimit] = "must be an integer from 1 to 200";
    }
  }

  std::vector<FieldError> errors;
  for (size_t p = 0; p < kParamCount; ++p) {
    if (!bad[p].empty()) {
      errors.push_back({std::string(kNames[p]), std::move(bad[p])});
    }
  }
  if (!errors.empty()) {
    return unexpected(std::move(errors));
  }
  return q;
}

Expected<std::string, std::vector<FieldError>> parse_itinerary_query(std::string_view raw_query,
                                                                    const ClientPricing& client) {
  const auto v = collect(raw_query);
  std::string currency, bad;
  if (!read_currency(v[kCurrency], client, currency, bad)) {
    return unexpected(std::vector<FieldError>{{"currency", std::move(bad)}});
  }
  return currency;
}

}  // namespace travelctl::core::transform
