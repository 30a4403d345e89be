// POST /v1/bookings (with idempotency) and GET/confirm/cancel of one booking, owner-checked.
#include <string>

#include "route_helpers.hpp"
#include "travelctl/core/http/responses.hpp"
#include "travelctl/core/json/writer.hpp"
#include "travelctl/core/proxy/supplier_errors.hpp"
#include "travelctl/core/transform/booking.hpp"
#include "worker_handler.hpp"

namespace travelctl::core::proxy {
namespace asio = boost::asio;
using http::Response;
using http::Status;

namespace {

Response not_found_booking(std::string_view rid) {
  return http::error_response(Status::not_found, "not_found", "no such booking", rid);
}

// A definite supplier refusal of a booking call, or the usual mapping.
Response booking_failure(const supplier::SupplierReply& reply, std::string_view what,
                         std::string_view rid) {
  if (reply.error == http::ClientError::none) {
    if (reply.status == 409) {
      const bool reserving = what == "reserve";
      return http::error_response(Status::conflict, "conflict",
                                  "the supplier refused to " + std::string(what) +
                                      (reserving ? ": the seats are gone"
                                                 : ": the booking is not in a state that allows "
                                                   "it (GET it to see its status)"),
                                  rid);
    }
    if (reply.status == 422) {
      std::string details;
      json::Writer w(details);
      w.begin_array();
      for (const auto& f : transform::supplier_rejected_fields(reply.body())) {
        w.begin_object().key("field").string(f).key("reason").string("rejected by the supplier");
        w.end_object();
      }
      w.end_array();
      return http::error_response(Status::unprocessable_entity, "validation_failed",
                                  "the supplier rejected the passenger data", rid, details);
    }
  }
  if (auto mapped = map_supplier_failure(reply, rid)) {
    return std::move(*mapped);
  }
  return supplier_unusable("unexpected status " + std::to_string(reply.status), rid);
}

// The supplier may have acted on a request it got but did not answer: say so, and how to check.
Response outcome_unknown(const supplier::SupplierReply& reply, std::string_view what,
                         std::string_view how_to_check, std::string_view rid) {
  // The usual mapping decides status and code; only the message says more.
  http::ErrorReply e = *classify_supplier_failure(reply);
  e.message = "the supplier did not answer the " + std::string(what) +
              " request it may have received: the outcome is unknown; " + std::string(how_to_check);
  return http::error_response(e, rid);
}

store::TimePoint now() { return std::chrono::system_clock::now(); }

}  // namespace

asio::awaitable<Response> WorkerHandler::book(const Call& call) {
  const std::string_view rid = call.rid;
  const http::Request& req = call.req;
  if (!is_json_media_type(req[http::Field::content_type])) {
    co_return http::error_response(Status::unsupported_media_type, "unsupported_media_type",
                                   "the body must be JSON (Content-Type: application/json)", rid);
  }
  const std::string_view key = req["Idempotency-Key"];
  const bool has_key = req.find("Idempotency-Key") != req.end();
  std::vector<transform::FieldError> bad;
  if (has_key && !transform::is_valid_idempotency_key(key)) {
    bad.push_back({"Idempotency-Key", "must be 1 to 255 printable ASCII characters"});
  }
  auto booking = transform::parse_booking_request(req.body());
  if (!booking) {
    bad.insert(bad.end(), booking.error().begin(), booking.error().end());
  }
  if (!bad.empty()) {
    co_return invalid_request("invalid booking request", bad, rid);
  }
  if (booking->token.client_id != call.client.id) {
    co_return http::error_response(Status::not_found, "not_found", "no such booking token", rid);
  }
  if (!has_key) {
    co_return co_await reserve(call, *booking, std::nullopt);
  }

  auto begin_task = shared_->store->idempotency_begin_or_wait(
      call.client.id, std::string(key), store::sha256_hex(req.body()), shared_->request_timeout);
  auto begun = co_await std::move(begin_task);
  if (!begun) {
    co_return store_unavailable(begun.error(), rid);
  }
  metrics_.on_idempotency(begun->outcome);
  switch (begun->outcome) {
    case store::BeginOutcome::started:
      co_return co_await reserve(call, *booking, begun->lease);
    case store::BeginOutcome::replay: {
      const store::StoredResponse& stored = *begun->response;
      Response res{static_cast<Status>(stored.status), 11};
      for (const auto& [name, value] : stored.headers) {
        res.set(name, value);
      }
      res.set("Idempotent-Replayed", "true");
      res.body() = stored.body;
      res.prepare_payload();
      co_return res;
    }
    case store::BeginOutcome::conflict:
      co_return http::error_response(Status::conflict, "idempotency_conflict",
                                     "this Idempotency-Key was used with another body", rid);
    case store::BeginOutcome::in_progress:
      co_return http::error_response(Status::conflict, "conflict",
                                     "a request with this Idempotency-Key is still in progress; "
                                     "retry it later with the same key",
                                     rid);
    case store::BeginOutcome::unknown_outcome:
      break;
  }
  co_return http::error_response(
      Status::conflict, "idempotency_outcome_unknown",
      "an earlier request with this Idempotency-Key reached the supplier but got no answer, so "
      "whether it reserved is unknown; it is never sent again. An unconfirmed reservation expires "
      "by itself; a confirmed or expired one is announced by webhook. To book anyway, open the "
      "itinerary again and use a new key",
      rid);
}

asio::awaitable<Response> WorkerHandler::reserve(
    const Call& call, const transform::BookingRequest& booking,
    const std::optional<store::IdempotencyLease>& lease) {
  const std::string_view rid = call.rid;
  ReplyLease reply(spare_replies_);
  std::string target = "/v1/carts/";
  append_path_segment(target, booking.token.cart_id);
  target += "/reserve";
  co_await supplier_post(call, target, booking.reserve_body, *reply);

  const bool answered = reply->error == http::ClientError::none;
  const bool created = answered && reply->status >= 200 && reply->status < 300;
  Expected<transform::BookingBody, std::string> body = unexpected(std::string("not created"));
  if (created) {
    body = transform::render_booking(reply->body(), booking.token.pax, call.client.pricing);
    if (!body) {
      reply->report_malformed();
    }
  }
  if (!body) {
    // Unanswered after sending, or created but unreadable: the supplier may hold a reservation
    // this proxy cannot name, so the key stays in doubt. Refused before sending, or a definite
    // 4xx/5xx: nothing was reserved, the key is released for a clean retry.
    const bool in_doubt = created || (!answered && reply->sent);
    if (lease) {
      auto task = in_doubt ? shared_->store->idempotency_mark_unknown(*lease, now())
                           : shared_->store->idempotency_release(*lease);
      co_await std::move(task);
    }
    if (created) {
      co_return supplier_unusable(body.error() + "; the reservation, if any, expires unconfirmed",
                                  rid);
    }
    if (in_doubt) {
      co_return outcome_unknown(*reply, "reserve",
                                lease ? "a retry with the same Idempotency-Key answers 409 and "
                                        "never reserves twice"
                                      : "send bookings with an Idempotency-Key to retry safely",
                                rid);
    }
    co_return booking_failure(*reply, "reserve", rid);
  }

  store::BookingRecord owner{body->booking_id, call.client.id, now()};
  if (lease) {
    store::StoredResponse stored{201, {{"Content-Type", "application/json"}}, body->json};
    auto task =
        shared_->store->idempotency_complete(*lease, std::move(stored), std::move(owner), now());
    auto done = co_await std::move(task);
    if (!done) {
      co_return store_unavailable(done.error(), rid);
    }
  } else {
    auto task = shared_->store->record_booking(std::move(owner));
    auto done = co_await std::move(task);
    if (!done) {
      co_return store_unavailable(done.error(), rid);
    }
  }
  co_return http::json_response(Status::created, std::move(body->json));
}

asio::awaitable<Response> WorkerHandler::booking_action(const Call& call, Route route,
                                                        std::string_view id) {
  const std::string_view rid = call.rid;
  if (!is_booking_id(id)) {
    co_return not_found_booking(rid);
  }
  auto owner_task = shared_->store->booking_owner(std::string(id));
  auto owner = co_await std::move(owner_task);
  if (!owner) {
    co_return store_unavailable(owner.error(), rid);
  }
  if (!*owner || (*owner)->client_id != call.client.id) {
    co_return not_found_booking(rid);  // never 403: do not reveal that it exists
  }

  ReplyLease reply(spare_replies_);
  const std::string target = "/v1/bookings/" + std::string(id);
  const char* what = "read the booking";
  if (route == Route::booking) {
    co_await supplier_get(call, target, *reply);
  } else {
    what = route == Route::booking_confirm ? "confirm" : "cancel";
    // Built outside the co_await operand (GCC 12 destroys such temporaries twice; see Store).
    const std::string action = target + "/" + what;
    co_await supplier_post(call, action, "{}", *reply);
  }
  if (reply->error != http::ClientError::none && reply->sent && route != Route::booking) {
    co_return outcome_unknown(*reply, what,
                              "GET /v1/bookings/" + std::string(id) + " shows its status", rid);
  }
  if (reply->status != 200) {
    co_return booking_failure(*reply, what, rid);
  }
  auto body = transform::render_booking(reply->body(), 0, call.client.pricing);
  if (!body) {
    reply->report_malformed();
    co_return supplier_unusable(body.error(), rid);
  }
  co_return http::json_response(Status::ok, std::move(body->json));
}

}  // namespace travelctl::core::proxy
