// Booking tokens, the booking request's validation and supplier booking answers -> client bodies.
#include "travelctl/core/transform/booking.hpp"

#include <algorithm>
#include <nlohmann/json.hpp>

#include "opaque_codec.hpp"
#include "travelctl/core/json/writer.hpp"
#include "travelctl/core/transform/money.hpp"

namespace travelctl::core::transform {
namespace {

using Json = nlohmann::json;

// Record: version(1) pax(1) currency(3) client id length(1) client id(n) cart id(rest).
constexpr char kTokenVersion = 2;

bool is_currency_code(std::string_view c) {
  return c.size() == 3 &&
         std::all_of(c.begin(), c.end(), [](char x) { return x >= 'A' && x <= 'Z'; });
}

// `{"amount": "...", "currency": "..."}` for `minor` units of `currency`.
void write_money(json::Writer& w, std::string_view key, uint64_t minor, std::string_view currency) {
  std::string amount;
  money::append_minor(amount, minor, money::exponent(currency));
  w.key(key).begin_object().key("amount").string(amount).key("currency").string(currency);
  w.end_object();
}

// A supplier money object, or why it is unusable.
Expected<std::pair<uint64_t, std::string>, std::string> read_money(const Json& m,
                                                                   std::string_view what) {
  if (!m.is_object() || !m.contains("amount_minor") || !m["amount_minor"].is_number_integer() ||
      !m.contains("currency") || !m["currency"].is_string()) {
    return unexpected("supplier booking `" + std::string(what) + "` is not a money object");
  }
  const auto& a = m["amount_minor"];
  const std::string cur = m["currency"].get<std::string>();
  if ((a.is_number_unsigned() ? false : a.get<int64_t>() < 0) || !is_currency_code(cur)) {
    return unexpected("supplier booking `" + std::string(what) + "` is not a money object");
  }
  return std::pair<uint64_t, std::string>{a.get<uint64_t>(), cur};
}

}  // namespace

std::string encode_booking_token(const BookingToken& t) {
  std::string record;
  record.push_back(kTokenVersion);
  record.push_back(static_cast<char>(t.pax));
  record.append(t.currency.substr(0, 3));
  record.append(3 - std::min<size_t>(3, t.currency.size()), ' ');
  record.push_back(static_cast<char>(std::min<size_t>(t.client_id.size(), 255)));
  record.append(t.client_id.substr(0, 255));
  record.append(t.cart_id);
  std::string out;
  append_sealed(out, record);
  return out;
}

Expected<BookingToken, std::string> decode_booking_token(std::string_view text) {
  std::string r;
  if (text.size() > 2048 || !open_sealed(text, r)) {
    return unexpected(std::string("not a booking token from GET /v1/itineraries/{id}"));
  }
  if (r.size() < 7 || r[0] != kTokenVersion) {
    return unexpected(std::string("not a booking token of this version"));
  }
  BookingToken t;
  t.pax = static_cast<unsigned char>(r[1]);
  t.currency = r.substr(2, 3);
  const size_t client_size = static_cast<unsigned char>(r[5]);
  if (t.pax < 1 || t.pax > 9 || !is_currency_code(t.currency) || r.size() <= 6 + client_size) {
    return unexpected(std::string("booking token carries invalid fields"));
  }
  t.client_id = r.substr(6, client_size);
  t.cart_id = r.substr(6 + client_size);
  return t;
}

bool is_valid_idempotency_key(std::string_view key) {
  return !key.empty() && key.size() <= 255 &&
         std::all_of(key.begin(), key.end(), [](char c) { return c >= 0x20 && c <= 0x7E; });
}

Expected<BookingRequest, std::vector<FieldError>> parse_booking_request(std::string_view body) {
  std::vector<FieldError> bad;
  const Json doc = Json::parse(body, nullptr, /*allow_exceptions=*/false);
  if (doc.is_discarded() || !doc.is_object()) {
    return unexpected(std::vector<FieldError>{{"body", "must be a JSON object"}});
  }
  BookingRequest req;
  const auto token = doc.find("booking_token");
  if (token == doc.end() || !token->is_string()) {
    bad.push_back({"booking_token", "is required: the booking_token of GET /v1/itineraries/{id}"});
  } else if (auto t = decode_booking_token(token->get_ref<const std::string&>())) {
    req.token = std::move(*t);
  } else {
    bad.push_back({"booking_token", t.error()});
  }
  const auto pax = doc.find("passengers");
  if (pax == doc.end() || !pax->is_array() || pax->empty() || pax->size() > 9) {
    bad.push_back({"passengers", "must be a list of 1 to 9 passengers"});
  } else {
    for (size_t i = 0; i < pax->size(); ++i) {
      const Json& p = (*pax)[i];
      const std::string at = "passengers[" + std::to_string(i) + "]";
      if (!p.is_object()) {
        bad.push_back({at, "must be an object of strings"});
        continue;
      }
      for (const auto& [name, value] : p.items()) {
        if (!value.is_string()) {
          bad.push_back({at + "." + name, "must be a string"});
        }
      }
    }
    if (!req.token.cart_id.empty() && pax->size() != static_cast<size_t>(req.token.pax)) {
      bad.push_back({"passengers", "must have " + std::to_string(req.token.pax) +
                                       " entries: the itinerary was opened for that many"});
    }
  }
  const auto contact = doc.find("contact");
  if (contact == doc.end() || !contact->is_object()) {
    bad.push_back({"contact", "must be an object with an email"});
  } else {
    const auto email = contact->find("email");
    if (email == contact->end() || !email->is_string() ||
        email->get_ref<const std::string&>().empty()) {
      bad.push_back({"contact.email", "is required (a non-empty string)"});
    }
    const auto phone = contact->find("phone");
    if (phone != contact->end() && !phone->is_string()) {
      bad.push_back({"contact.phone", "must be a string"});
    }
  }
  if (!bad.empty()) {
    return unexpected(std::move(bad));
  }
  Json reserve = Json::object();
  reserve["passengers"] = *pax;
  reserve["contact"] = *contact;
  req.reserve_body = reserve.dump();
  return req;
}

std::optional<uint64_t> marked_up_total(uint64_t total, int pax, uint64_t percent_bps,
                                        uint64_t fixed) {
  const auto n = static_cast<uint64_t>(pax < 1 ? 1 : pax);
  if (total % n == 0) {
    const auto per = money::apply_markup(total / n, percent_bps, fixed);
    return per ? money::multiply(*per, n) : std::nullopt;
  }
  const auto fees = money::multiply(fixed, n);
  const auto pct = money::apply_markup(total, percent_bps, 0);
  if (!fees || !pct || *pct > money::kMaxMinor - *fees) {
    return std::nullopt;
  }
  return *pct + *fees;
}

Expected<BookingBody, std::string> render_booking(std::string_view supplier_body, int pax,
                                                  const ClientPricing& client) {
  using Error = Unexpected<std::string>;
  const Json doc = Json::parse(supplier_body, nullptr, /*allow_exceptions=*/false);
  if (doc.is_discarded() || !doc.is_object()) {
    return Error{"supplier booking body is not a JSON object"};
  }
  const auto bid = doc.find("bid");
  const auto status = doc.find("status");
  if (bid == doc.end() || !(bid->is_number_unsigned() || bid->is_string()) || status == doc.end() ||
      !status->is_string()) {
    return Error{"supplier booking body has no `bid` and `status`"};
  }
  BookingBody out;
  out.booking_id =
      bid->is_string() ? bid->get<std::string>() : std::to_string(bid->get<uint64_t>());
  if (out.booking_id.empty()) {
    return Error{"supplier booking body has an empty `bid`"};
  }
  const auto passengers = doc.find("passengers");
  if (pax == 0) {
    pax = passengers != doc.end() && passengers->is_array() ? static_cast<int>(passengers->size())
                                                            : 1;
  }
  const auto bps = static_cast<uint64_t>(client.percent_bps);
  json::Writer w(out.json);
  w.begin_object().key("booking_id").string(out.booking_id);
  w.key("status").string(status->get_ref<const std::string&>());
  for (const char* key : {"ticket_url", "expires_at", "created_at"}) {
    if (auto it = doc.find(key); it != doc.end() && it->is_string()) {
      w.key(key).string(it->get_ref<const std::string&>());
    }
  }
  if (auto it = doc.find("price"); it != doc.end()) {
    auto m = read_money(*it, "price");
    if (!m) {
      return Error{m.error()};
    }
    const auto fixed = static_cast<uint64_t>(client.fixed_for(m->second));
    const auto total = marked_up_total(m->first, pax, bps, fixed);
    if (!total) {
      return Error{"supplier booking price is too large to represent"};
    }
    write_money(w, "price", *total, m->second);
  }
  if (auto it = doc.find("refund"); it != doc.end()) {
    auto m = read_money(*it, "refund");
    const auto refund = m ? money::apply_markup(m->first, bps, 0) : std::nullopt;
    if (!refund) {
      return Error{m ? "supplier booking refund is too large to represent" : m.error()};
    }
    write_money(w, "refund", *refund, m->second);
  }
  if (passengers != doc.end() && passengers->is_array()) {
    w.key("passengers").raw(passengers->dump(-1, ' ', false, Json::error_handler_t::replace));
  }
  w.end_object();
  return out;
}

std::vector<std::string> supplier_rejected_fields(std::string_view supplier_body) {
  std::vector<std::string> out;
  const Json doc = Json::parse(supplier_body, nullptr, /*allow_exceptions=*/false);
  if (!doc.is_object() || !doc.contains("error") || !doc["error"].is_object()) {
    return out;
  }
  const Json& e = doc["error"];
  if (auto it = e.find("fields"); it != e.end() && it->is_array()) {
    for (const auto& f : *it) {
      if (f.is_string()) {
        out.push_back(f.get<std::string>());
      }
    }
  }
  return out;
}

}  // namespace travelctl::core::transform
