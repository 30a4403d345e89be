// POST /v1/supplier/webhooks: verify the supplier's signature, validate the event, store it with
// its outbox entry in one transaction, and answer 202 only after that commit.
#include <chrono>

#include "route_helpers.hpp"
#include "travelctl/core/http/responses.hpp"
#include "travelctl/core/json/writer.hpp"
#include "travelctl/core/proxy/webhooks.hpp"
#include "worker_handler.hpp"

namespace travelctl::core::proxy {
namespace asio = boost::asio;
using http::Response;
using http::Status;

namespace {

store::TimePoint to_time_point(transform::Instant i) {
  return store::TimePoint(std::chrono::duration_cast<store::TimePoint::duration>(
      std::chrono::seconds(i.seconds) + std::chrono::nanoseconds(i.nanos)));
}

}  // namespace

asio::awaitable<Response> WorkerHandler::supplier_webhook(http::Request& req,
                                                          std::string_view rid) {
  if (shared_->supplier_webhook_secret.empty()) {
    co_return http::error_response(Status::unauthorized, "unauthorized",
                                   "supplier webhooks are refused: supplier.webhook_secret is not "
                                   "configured, so no signature can be verified",
                                   rid);
  }
  const auto now = std::chrono::system_clock::now();
  const int64_t now_s =
      std::chrono::duration_cast<std::chrono::seconds>(now.time_since_epoch()).count();
  const auto check = webhooks::verify_supplier_signature(
      shared_->supplier_webhook_secret, req["X-Supplier-Timestamp"], req["X-Supplier-Signature"],
      req.body(), now_s);
  if (check != webhooks::SignatureCheck::ok) {
    metrics_.on_inbound_webhook(InboundResult::unauthorized);
    co_return http::error_response(Status::unauthorized, "unauthorized",
                                   std::string(webhooks::describe(check)), rid);
  }
  auto event = webhooks::parse_supplier_event(req.body());
  if (!event) {
    metrics_.on_inbound_webhook(InboundResult::invalid);
    co_return invalid_request("invalid supplier event", event.error(), rid);
  }
  store::InboundEvent in{event->event_id, event->booking_id, std::move(event->client_body),
                         to_time_point(event->occurred), now};
  auto task = shared_->store->record_event(std::move(in));
  auto stored = co_await std::move(task);
  if (!stored) {
    co_return store_unavailable(stored.error(), rid);
  }
  const bool fresh = *stored == store::EventInsert::inserted;
  metrics_.on_inbound_webhook(fresh ? InboundResult::accepted : InboundResult::duplicate);
  std::string body;
  json::Writer w(body);
  w.begin_object().key("status").string(fresh ? "accepted" : "duplicate");
  w.key("event_id").string(event->event_id).end_object();
  co_return http::json_response(Status::accepted, std::move(body));
}

}  // namespace travelctl::core::proxy
