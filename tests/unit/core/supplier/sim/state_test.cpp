// Tests of carts, reservations and bookings: transitions, seats, expiry, refunds, validation.
#include "travelctl/core/supplier/sim/state.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>
#include <vector>

#include "travelctl/core/supplier/sim/fx.hpp"
#include "travelctl/core/transform/time.hpp"

using namespace travelctl::core::supplier::sim;

namespace {

constexpr int64_t kHold = 60'000;
const int64_t kDay = travelctl::core::transform::days_from_civil(2026, 12, 1);
const int64_t kNow = (kDay - 10) * 86'400'000;  // ten days before travel

Trip make_trip(int seats_left, bool bookable = true) {
  Trip t;
  t.id = "T101-117-20261201-0";
  Segment s;
  s.from_id = 101;
  s.to_id = 117;
  s.departs_utc = kDay * 86400 + 3600;
  s.arrives_utc = s.departs_utc + 7200;
  t.segments.push_back(s);
  t.price_minor = 85000;
  t.cart_price_minor = 90000;
  t.seats_left = seats_left;
  t.bookable = bookable;
  t.cancellation_policy = {{48, 90}, {24, 50}};
  return t;
}

ReserveInput passengers(int n) {
  nlohmann::json body;
  body["contact"] = {{"email", "a@example.com"}};
  for (int i = 0; i < n; ++i) {
    body["passengers"].push_back(
        {{"first_name", "Ann"}, {"last_name", "Lee"}, {"date_of_birth", "1990-01-02"}});
  }
  auto r = parse_reserve_body(body.dump(), n);
  REQUIRE(r.has_value());
  return *r;
}

}  // namespace

TEST_CASE("BookingState: cart price is the moved price converted by the Money rule", "[core]") {
  BookingState s(1, kHold);
  auto cart = s.create_cart(make_trip(10), 2, "USD", kNow);
  REQUIRE(cart.has_value());
  CHECK(cart->price_minor == *convert_from_thb(90000, "USD"));  // 900 THB -> 25.71 USD
  CHECK(cart->price_minor == 2571u);
  CHECK(cart->seats == 2);
  CHECK(cart->expires_at_ms == kNow + kHold);
  CHECK(cart->cart_id.rfind("c_", 0) == 0);
  CHECK(s.create_cart(make_trip(10), 1, "XYZ", kNow).error().status == 400);
  CHECK(s.create_cart(make_trip(10, false), 1, "USD", kNow).error().status == 409);
  CHECK(s.create_cart(make_trip(1), 2, "USD", kNow).error().status == 409);
}

TEST_CASE("BookingState: reserved -> confirmed -> cancelled, wrong transitions are 409", "[core]") {
  BookingState s(1, kHold);
  auto cart = s.create_cart(make_trip(10), 2, "USD", kNow);
  REQUIRE(cart.has_value());
  auto b = s.reserve(cart->cart_id, passengers(2), kNow);
  REQUIRE(b.has_value());
  CHECK(b->bid == kFirstBid);
  CHECK(b->status == BookingStatus::kReserved);
  CHECK(b->price_minor == 2 * cart->price_minor);
  CHECK(s.cancel(b->bid + 1, kNow).error().status == 404);
  CHECK(s.confirm(b->bid, kNow)->status == BookingStatus::kConfirmed);
  CHECK(s.confirm(b->bid, kNow).error().status == 409);
  CHECK(s.get(b->bid, kNow)->status == BookingStatus::kConfirmed);
  auto c = s.cancel(b->bid, kNow);
  REQUIRE(c.has_value());
  CHECK(c->status == BookingStatus::kCancelled);
  CHECK(c->refund_minor == (2 * cart->price_minor * 90 + 50) / 100);  // 90% ten days ahead
  CHECK(s.cancel(b->bid, kNow).error().status == 409);
  CHECK(s.confirm(b->bid, kNow).error().status == 409);
  const SimStats st = s.stats();
  CHECK(st.carts == 1);
  CHECK(st.reservations == 1);
  CHECK(st.confirmations == 1);
  CHECK(st.cancellations == 1);
}

TEST_CASE("BookingState: reserving a cart twice makes two bookings until seats run out", "[core]") {
  BookingState s(1, kHold);
  auto cart = s.create_cart(make_trip(5), 2, "THB", kNow);
  REQUIRE(cart.has_value());
  auto first = s.reserve(cart->cart_id, passengers(2), kNow);
  auto second = s.reserve(cart->cart_id, passengers(2), kNow);
  REQUIRE(first.has_value());
  REQUIRE(second.has_value());
  CHECK(first->bid == kFirstBid);
  CHECK(second->bid == kFirstBid + 1);
  CHECK(s.reserve(cart->cart_id, passengers(2), kNow).error().status == 409);  // 1 seat left
  std::vector<Trip> trips{make_trip(5)};
  s.apply_reserved_seats(trips, kNow);
  CHECK(trips[0].seats_left == 1);
  CHECK(s.create_cart(make_trip(5), 2, "THB", kNow).error().status == 409);
  // Cancelling gives the seats back.
  REQUIRE(s.cancel(first->bid, kNow).has_value());
  CHECK(s.create_cart(make_trip(5), 2, "THB", kNow).has_value());
  CHECK(s.stats().reservations == 2);
}

TEST_CASE("BookingState: unconfirmed reservations and carts expire", "[core]") {
  BookingState s(1, kHold);
  auto cart = s.create_cart(make_trip(3), 2, "THB", kNow);
  REQUIRE(cart.has_value());
  auto b = s.reserve(cart->cart_id, passengers(2), kNow + 1000);
  REQUIRE(b.has_value());
  CHECK(s.find_cart(cart->cart_id, kNow + kHold - 1).has_value());
  CHECK(s.find_cart(cart->cart_id, kNow + kHold).error().status == 404);
  CHECK(s.get(b->bid, kNow + kHold)->status == BookingStatus::kReserved);
  CHECK(s.get(b->bid, kNow + 1000 + kHold)->status == BookingStatus::kExpired);
  CHECK(s.confirm(b->bid, kNow + 1000 + kHold).error().status == 409);
  CHECK(s.cancel(b->bid, kNow + 1000 + kHold).error().status == 409);
  CHECK(s.stats().expirations == 1);
  // The expired reservation's seats are free again.
  CHECK(s.create_cart(make_trip(3), 3, "THB", kNow + 2000 + kHold).has_value());
}

TEST_CASE("BookingState: a confirmed booking does not expire", "[core]") {
  BookingState s(1, kHold);
  auto cart = s.create_cart(make_trip(3), 1, "THB", kNow);
  auto b = s.reserve(cart->cart_id, passengers(1), kNow);
  REQUIRE(s.confirm(b->bid, kNow + 10).has_value());
  CHECK(s.get(b->bid, kNow + 10 * kHold)->status == BookingStatus::kConfirmed);
}

struct Change {
  int64_t bid;
  BookingStatus status;
  int64_t at_ms;
  bool operator==(const Change&) const = default;
};

TEST_CASE("BookingState: status changes are told to the listener, reservations are not", "[core]") {
  BookingState s(1, kHold);
  std::vector<Change> changes;
  s.on_status_change([&changes](int64_t bid, BookingStatus st, int64_t at) {
    changes.push_back({bid, st, at});
  });
  auto cart = s.create_cart(make_trip(5), 1, "THB", kNow);
  auto a = s.reserve(cart->cart_id, passengers(1), kNow + 1);
  auto b = s.reserve(cart->cart_id, passengers(1), kNow + 2);
  auto c = s.reserve(cart->cart_id, passengers(1), kNow + 3);
  REQUIRE((a.has_value() && b.has_value() && c.has_value()));
  CHECK(changes.empty());
  REQUIRE(s.confirm(a->bid, kNow + 10).has_value());
  REQUIRE(s.cancel(a->bid, kNow + 20).has_value());
  REQUIRE(s.cancel(b->bid, kNow + 30).has_value());
  CHECK_FALSE(s.confirm(b->bid, kNow + 40).has_value());  // refused: no change, no event
  // c lapses at kNow + 3 + kHold and is noticed later, by any call: the time is the lapse's.
  CHECK(s.get(a->bid, kNow + 5 * kHold).has_value());
  CHECK(changes == std::vector<Change>{{a->bid, BookingStatus::kConfirmed, kNow + 10},
                                       {a->bid, BookingStatus::kCancelled, kNow + 20},
                                       {b->bid, BookingStatus::kCancelled, kNow + 30},
                                       {c->bid, BookingStatus::kExpired, kNow + 3 + kHold}});
}

TEST_CASE("BookingState: sweep_expired expires what is due and tells the next expiry", "[core]") {
  BookingState s(1, kHold);
  std::vector<Change> changes;
  s.on_status_change([&changes](int64_t bid, BookingStatus st, int64_t at) {
    changes.push_back({bid, st, at});
  });
  CHECK_FALSE(s.sweep_expired(kNow).has_value());
  auto cart = s.create_cart(make_trip(5), 1, "THB", kNow);
  auto a = s.reserve(cart->cart_id, passengers(1), kNow + 100);
  auto b = s.reserve(cart->cart_id, passengers(1), kNow + 200);
  CHECK(s.sweep_expired(kNow + 150) == kNow + 100 + kHold);
  CHECK(changes.empty());
  CHECK(s.sweep_expired(kNow + 100 + kHold) == kNow + 200 + kHold);
  CHECK(changes == std::vector<Change>{{a->bid, BookingStatus::kExpired, kNow + 100 + kHold}});
  // A confirmed booking's expiry entry is stale: it is dropped without an event.
  REQUIRE(s.confirm(b->bid, kNow + 300).has_value());
  CHECK_FALSE(s.sweep_expired(kNow + 200 + kHold).has_value());
  CHECK(changes.size() == 2);
  CHECK(changes.back().status == BookingStatus::kConfirmed);
}

TEST_CASE("BookingState: refunds follow the cancellation policy", "[core]") {
  const std::vector<RefundRule> p{{48, 90}, {24, 50}};
  CHECK(refund_for(10001, p, 100) == 9001);  // 9000.9 -> 9001
  CHECK(refund_for(10000, p, 48) == 9000);
  CHECK(refund_for(10000, p, 47) == 5000);
  CHECK(refund_for(10000, p, 24) == 5000);
  CHECK(refund_for(10000, p, 23) == 0);
  CHECK(refund_for(10000, {}, 1000) == 0);
  CHECK(refund_for(3, {{0, 50}}, 0) == 2);  // 1.5 -> 2 (half up)
}

TEST_CASE("Reserve body: missing passenger data is 422 with the fields", "[core]") {
  auto r = parse_reserve_body(
      R"({"passengers":[{"first_name":"A","last_name":"B","date_of_birth":"1990-01-01"},)"
      R"({"first_name":"","last_name":"B","date_of_birth":"1990-02-30","passport_number":5}],)"
      R"("contact":{"phone":"1"}})",
      2);
  REQUIRE_FALSE(r.has_value());
  CHECK(r.error().status == 422);
  CHECK(r.error().code == "validation_failed");
  CHECK(r.error().fields ==
        std::vector<std::string>{"passengers[1].first_name", "passengers[1].date_of_birth",
                                 "passengers[1].passport_number", "contact.email"});
  auto count = parse_reserve_body(R"({"passengers":[],"contact":{"email":"a@b"}})", 1);
  CHECK(count.error().status == 422);
  CHECK(count.error().fields == std::vector<std::string>{"passengers"});
  CHECK(parse_reserve_body("not json", 1).error().status == 400);
  CHECK(parse_reserve_body(R"({"passengers":{}})", 1).error().status == 400);
  CHECK(parse_reserve_body("[]", 1).error().status == 400);
}

TEST_CASE("Cart body: bad fields are 400", "[core]") {
  auto ok = parse_cart_body(R"({"trip_id":"T1","date":"2026-12-01","seats":2,"currency":"USD"})");
  REQUIRE(ok.has_value());
  CHECK(ok->seats == 2);
  CHECK(ok->currency == "USD");
  CHECK(parse_cart_body(R"({"trip_id":"T1","date":"2026-12-01","seats":1})")->currency == "THB");
  for (const char* bad : {"", "{}", R"({"trip_id":"","date":"2026-12-01","seats":1})",
                          R"({"trip_id":"T1","date":"2026-13-01","seats":1})",
                          R"({"trip_id":"T1","date":"2026-12-01","seats":0})",
                          R"({"trip_id":"T1","date":"2026-12-01","seats":10})",
                          R"({"trip_id":"T1","date":"2026-12-01","seats":"2"})",
                          R"({"trip_id":"T1","date":"2026-12-01","seats":1,"currency":5})"}) {
    INFO(bad);
    CHECK(parse_cart_body(bad).error().status == 400);
  }
}
