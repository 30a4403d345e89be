// Request routing, parameter checks and JSON answers of every supplier-api.md endpoint.
#include "routes.hpp"

#include <cctype>
#include <charconv>
#include <optional>
#include <string_view>
#include <vector>

#include "civil.hpp"
#include "travelctl/core/json/writer.hpp"
#include "travelctl/core/observe/request_id.hpp"
#include "travelctl/core/supplier/sim/render.hpp"
#include "travelctl/core/transform/query.hpp"

namespace travelctl::core::supplier::sim {
namespace {

using http::Response;
using http::Status;
using http::Verb;

Query parse_query(std::string_view q) {
  Query out;
  while (!q.empty()) {
    const size_t amp = q.find('&');
    const std::string_view part = q.substr(0, amp);
    q = amp == std::string_view::npos ? std::string_view{} : q.substr(amp + 1);
    const size_t eq = part.find('=');
    std::string k, v;
    if (transform::form_decode(part.substr(0, eq), k) &&
        (eq == std::string_view::npos || transform::form_decode(part.substr(eq + 1), v))) {
      out.params.emplace_back(std::move(k), std::move(v));
    }
  }
  return out;
}

std::vector<std::string> split_path(std::string_view path) {
  std::vector<std::string> out;
  while (!path.empty()) {
    if (path.front() == '/') {
      path.remove_prefix(1);
      continue;
    }
    const size_t slash = path.find('/');
    std::string seg;
    if (!transform::form_decode(path.substr(0, slash), seg)) {
      seg.assign(1, '\x01');  // undecodable: matches no id
    }
    out.push_back(std::move(seg));
    path = slash == std::string_view::npos ? std::string_view{} : path.substr(slash);
  }
  return out;
}

std::optional<int64_t> parse_int(std::string_view s, int64_t lo, int64_t hi) {
  int64_t v = 0;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (s.empty() || s[0] == '-' || s[0] == '+' || ec != std::errc() || p != s.data() + s.size() ||
      v < lo || v > hi) {
    return std::nullopt;
  }
  return v;
}

Response json(Status status, std::string body) {
  Response res{status, 11};
  res.set(http::Field::content_type, "application/json");
  res.body() = std::move(body);
  res.prepare_payload();
  return res;
}

Response fail(const SimError& e) { return json(static_cast<Status>(e.status), sim_error_body(e)); }

Response fail(int status, std::string_view code, std::string message) {
  return fail(SimError{status, std::string(code), std::move(message), {}});
}

void write_money(json::Writer& w, std::string_view key, uint64_t minor, std::string_view cur) {
  w.key(key).begin_object().key("amount_minor").integer(static_cast<int64_t>(minor));
  w.key("currency").string(cur).end_object();
}

std::string ticket_url(int64_t bid) {
  return "https://tickets.supplier.example/" + std::to_string(bid) + ".pdf";
}

Response booking_body(Status status, const BookingInfo& b, bool full) {
  std::string out;
  json::Writer w(out);
  w.begin_object().key("bid").integer(b.bid).key("status").string(status_name(b.status));
  if (b.status == BookingStatus::kConfirmed) {
    w.key("ticket_url").string(ticket_url(b.bid));
  }
  if (b.status == BookingStatus::kCancelled) {
    write_money(w, "refund", b.refund_minor, b.currency);
  }
  if (full || b.status == BookingStatus::kReserved) {
    write_money(w, "price", b.price_minor, b.currency);
    w.key("expires_at").string(format_utc(b.expires_at_ms / 1000));
  }
  if (full) {
    w.key("passengers").raw(b.passengers_json);
    w.key("created_at").string(format_utc(b.created_at_ms / 1000));
  }
  w.end_object();
  return json(status, std::move(out));
}

// GET /v1/search?from&to&date&seats
Response search(SimContext& ctx, const Query& q, int64_t now_ms) {
  std::vector<std::string> bad;
  const std::string* from = q.get("from");
  const std::string* to = q.get("to");
  const std::string* date = q.get("date");
  const std::string* seats = q.get("seats");
  const auto from_id = from ? parse_int(*from, 1, 1'000'000'000) : std::nullopt;
  const auto to_id = to ? parse_int(*to, 1, 1'000'000'000) : std::nullopt;
  const auto day = date ? parse_day(*date) : std::nullopt;
  const auto n = seats ? parse_int(*seats, 1, 9) : std::optional<int64_t>(1);
  if (!from_id) bad.push_back("from");
  if (!to_id) bad.push_back("to");
  if (!day) bad.push_back("date");
  if (!n) bad.push_back("seats");
  if (!bad.empty()) {
    std::string names;
    for (const auto& b : bad) {
      names += names.empty() ? b : ", " + b;
    }
    return fail(400, "invalid_request", "bad or missing parameter(s): " + names);
  }
  const SearchQuery sq{static_cast<int>(*from_id), static_cast<int>(*to_id), *day,
                       static_cast<int>(*n)};
  auto trips = ctx.catalogue.search(sq);
  if (!trips) {
    return fail(trips.error().status, trips.error().status == 404 ? "not_found" : "invalid_request",
                trips.error().message);
  }
  ctx.state.apply_reserved_seats(*trips, now_ms);
  return json(Status::ok, render_search(ctx.catalogue.search_id(sq), *trips));
}

// GET /v1/trips/{id}?date&seats
Response trip(SimContext& ctx, const std::string& id, const Query& q, int64_t now_ms) {
  const std::string* date = q.get("date");
  const auto day = date ? parse_day(*date) : std::nullopt;
  if (!day) {
    return fail(400, "invalid_request", "date must be a calendar date YYYY-MM-DD");
  }
  if (const std::string* seats = q.get("seats"); seats && !parse_int(*seats, 1, 9)) {
    return fail(400, "invalid_request", "seats must be an integer from 1 to 9");
  }
  auto t = ctx.catalogue.find_trip(id, *day);
  if (!t) {
    return fail(404, "not_found", "no trip " + id + " on " + *date);
  }
  ctx.state.apply_reserved_seats(*t, now_ms);
  return json(Status::ok, render_trip(*t));
}

// POST /v1/carts
Response create_cart(SimContext& ctx, const std::string& body, int64_t now_ms) {
  auto req = parse_cart_body(body);
  if (!req) {
    return fail(req.error());
  }
  auto t = ctx.catalogue.find_trip(req->trip_id, req->day);
  if (!t) {
    return fail(404, "not_found", "no trip " + req->trip_id + " on that date");
  }
  auto cart = ctx.state.create_cart(*t, req->seats, req->currency, now_ms);
  if (!cart) {
    return fail(cart.error());
  }
  std::string out;
  json::Writer w(out);
  w.begin_object().key("cart_id").string(cart->cart_id);
  w.key("expires_at").string(format_utc(cart->expires_at_ms / 1000));
  write_money(w, "price", cart->price_minor, cart->currency);
  w.key("seats").integer(cart->seats);
  w.end_object();
  return json(Status::created, std::move(out));
}

Response cart_schema(SimContext& ctx, const std::string& cart_id, int64_t now_ms) {
  auto cart = ctx.state.find_cart(cart_id, now_ms);
  if (!cart) {
    return fail(cart.error());
  }
  return json(Status::ok, R"({"fields":[{"name":"first_name","type":"string","required":true},)"
                          R"({"name":"last_name","type":"string","required":true},)"
                          R"({"name":"passport_number","type":"string","required":false},)"
                          R"({"name":"date_of_birth","type":"date","required":true}]})");
}

Response reserve(SimContext& ctx, const std::string& cart_id, const std::string& body,
                 int64_t now_ms) {
  auto cart = ctx.state.find_cart(cart_id, now_ms);
  if (!cart) {
    return fail(cart.error());
  }
  auto input = parse_reserve_body(body, cart->seats);
  if (!input) {
    return fail(input.error());
  }
  auto booking = ctx.state.reserve(cart_id, std::move(*input), now_ms);
  if (!booking) {
    return fail(booking.error());
  }
  return booking_body(Status::created, *booking, false);
}

bool key_matches(std::string_view given, std::string_view expected) {
  // Constant time in the key's content (the length is not secret).
  unsigned char diff = given.size() == expected.size() ? 0 : 1;
  for (size_t i = 0; i < given.size() && i < expected.size(); ++i) {
    diff |= static_cast<unsigned char>(given[i] ^ expected[i]);
  }
  return diff == 0;
}

Response method_not_allowed(std::string_view allow) {
  Response res = fail(405, "method_not_allowed", "method not allowed; use " + std::string(allow));
  res.set(http::Field::allow, allow);
  return res;
}

// The endpoint a path names, before any check (so that latency and counters see it).
Endpoint endpoint_of(const std::vector<std::string>& p) {
  if (p.size() < 2 || p[0] != "v1") {
    return Endpoint::kOther;
  }
  if (p.size() == 2 && p[1] == "search") return Endpoint::kSearch;
  if (p.size() == 3 && p[1] == "trips") return Endpoint::kTrip;
  if (p.size() == 2 && p[1] == "carts") return Endpoint::kCart;
  if (p.size() == 4 && p[1] == "carts" && p[3] == "schema") return Endpoint::kSchema;
  if (p.size() == 4 && p[1] == "carts" && p[3] == "reserve") return Endpoint::kReserve;
  if (p.size() == 4 && p[1] == "bookings" && p[3] == "confirm") return Endpoint::kConfirm;
  if (p.size() == 3 && p[1] == "bookings") return Endpoint::kBooking;
  if (p.size() == 4 && p[1] == "bookings" && p[3] == "cancel") return Endpoint::kCancel;
  return Endpoint::kOther;
}

Response stats_body(SimContext& ctx) {
  const SimStats s = ctx.state.stats();
  std::string out;
  json::Writer w(out);
  w.begin_object();
  w.key("carts").integer(static_cast<int64_t>(s.carts));
  w.key("reservations").integer(static_cast<int64_t>(s.reservations));
  w.key("confirmations").integer(static_cast<int64_t>(s.confirmations));
  w.key("cancellations").integer(static_cast<int64_t>(s.cancellations));
  w.key("expirations").integer(static_cast<int64_t>(s.expirations));
  w.key("requests").begin_object();
  for (size_t i = 0; i < kEndpointCount; ++i) {
    w.key(endpoint_name(static_cast<Endpoint>(i)))
        .integer(static_cast<int64_t>(ctx.requests[i].load(std::memory_order_relaxed)));
  }
  w.end_object();
  w.key("faults").begin_object();
  for (size_t i = 0; i < kFaultKindCount; ++i) {
    w.key(fault_name(static_cast<FaultKind>(i)))
        .integer(static_cast<int64_t>(ctx.injected[i].load(std::memory_order_relaxed)));
  }
  w.end_object();
  const WebhookStats wh = ctx.webhooks.snapshot();
  w.key("webhooks").begin_object();
  w.key("sent").integer(static_cast<int64_t>(wh.sent));
  w.key("delivered").integer(static_cast<int64_t>(wh.delivered));
  w.key("failed_attempts").integer(static_cast<int64_t>(wh.failed_attempts));
  w.key("duplicates").integer(static_cast<int64_t>(wh.duplicates));
  w.key("reordered").integer(static_cast<int64_t>(wh.reordered));
  w.key("abandoned").integer(static_cast<int64_t>(wh.abandoned));
  w.end_object().end_object();
  return json(Status::ok, std::move(out));
}

Response faults_body(const FaultPlan& plan) {
  std::string out;
  json::Writer w(out);
  w.begin_object().key("faults").string(plan.describe()).end_object();
  return json(Status::ok, std::move(out));
}

// GET /_sim/faults: the plan in force; POST /_sim/faults: replace it with the spec in the body.
Response sim_faults(SimContext& ctx, const http::Request& req) {
  if (req.method() == Verb::get) {
    return faults_body(*ctx.faults.current());
  }
  // A spec sent from a file usually ends with a newline.
  std::string_view spec = req.body();
  while (!spec.empty() && std::isspace(static_cast<unsigned char>(spec.back()))) {
    spec.remove_suffix(1);
  }
  while (!spec.empty() && std::isspace(static_cast<unsigned char>(spec.front()))) {
    spec.remove_prefix(1);
  }
  auto plan = FaultPlan::parse(spec);
  if (!plan) {
    return fail(400, "invalid_request", "faults: " + plan.error());
  }
  Response res = faults_body(*plan);
  ctx.faults.replace(std::move(*plan));
  return res;
}

// The simulator's own routes, for tests and health checks.
bool is_own_route(const std::vector<std::string>& p, Verb m) {
  if (p.size() == 1 && p[0] == "health") {
    return m == Verb::get;
  }
  if (p.size() == 2 && p[0] == "_sim" && p[1] == "stats") {
    return m == Verb::get;
  }
  return p.size() == 2 && p[0] == "_sim" && p[1] == "faults" && (m == Verb::get || m == Verb::post);
}

Response dispatch(SimContext& ctx, const http::Request& req, const std::vector<std::string>& p,
                  Endpoint ep, const Query& q, int64_t now_ms) {
  const Verb m = req.method();
  switch (ep) {
    case Endpoint::kSearch:
      return m == Verb::get ? search(ctx, q, now_ms) : method_not_allowed("GET");
    case Endpoint::kTrip:
      return m == Verb::get ? trip(ctx, p[2], q, now_ms) : method_not_allowed("GET");
    case Endpoint::kCart:
      return m == Verb::post ? create_cart(ctx, req.body(), now_ms) : method_not_allowed("POST");
    case Endpoint::kSchema:
      return m == Verb::get ? cart_schema(ctx, p[2], now_ms) : method_not_allowed("GET");
    case Endpoint::kReserve:
      return m == Verb::post ? reserve(ctx, p[2], req.body(), now_ms) : method_not_allowed("POST");
    default:
      break;
  }
  // Booking routes: the id is a positive integer, anything else is unknown.
  const auto bid = parse_int(p[2], 1, INT64_MAX);
  const bool get = ep == Endpoint::kBooking;
  if (m != (get ? Verb::get : Verb::post)) {
    return method_not_allowed(get ? "GET" : "POST");
  }
  if (!bid) {
    return fail(404, "not_found", "booking " + p[2] + " does not exist");
  }
  auto r = ep == Endpoint::kConfirm  ? ctx.state.confirm(*bid, now_ms)
           : ep == Endpoint::kCancel ? ctx.state.cancel(*bid, now_ms)
                                     : ctx.state.get(*bid, now_ms);
  if (!r) {
    return fail(r.error());
  }
  return booking_body(Status::ok, *r, get);
}

}  // namespace

std::string sim_error_body(const SimError& e) {
  std::string out;
  json::Writer w(out);
  w.begin_object().key("error").begin_object();
  w.key("code").string(e.code).key("message").string(e.message);
  if (!e.fields.empty()) {
    w.key("fields").begin_array();
    for (const auto& f : e.fields) {
      w.string(f);
    }
    w.end_array();
  }
  w.end_object().end_object();
  return out;
}

Target classify(SimContext& ctx, const http::Request& req) {
  const std::string_view target(req.target().data(), req.target().size());
  const size_t qmark = target.find('?');
  Target t;
  t.path = std::string(target.substr(0, qmark));
  t.parts = split_path(t.path);
  t.query =
      parse_query(qmark == std::string_view::npos ? std::string_view{} : target.substr(qmark + 1));
  t.endpoint = endpoint_of(t.parts);
  t.own = t.endpoint == Endpoint::kOther && is_own_route(t.parts, req.method());
  ctx.requests[static_cast<size_t>(t.endpoint)].fetch_add(1, std::memory_order_relaxed);
  return t;
}

Response route(SimContext& ctx, const http::Request& req, const Target& t, int64_t now_ms) {
  if (t.own) {
    if (t.parts[0] == "health") {
      return json(Status::ok, R"({"status":"ok"})");
    }
    return t.parts[1] == "stats" ? stats_body(ctx) : sim_faults(ctx, req);
  }
  if (t.endpoint == Endpoint::kOther) {
    return fail(404, "not_found", "no route " + t.path);
  }
  if (!key_matches(req["X-Partner-Key"], ctx.partner_key)) {
    return fail(401, "unauthorized", "missing or wrong X-Partner-Key");
  }
  return dispatch(ctx, req, t.parts, t.endpoint, t.query, now_ms);
}

void echo_request_id(const http::Request& req, http::Response& res) {
  const auto rid = req["X-Request-Id"];
  res.set("X-Request-Id",
          observe::is_valid_request_id(rid) ? std::string(rid) : observe::new_request_id());
}

}  // namespace travelctl::core::supplier::sim
