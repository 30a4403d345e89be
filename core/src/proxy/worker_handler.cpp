// One worker's request handling: request id, routing, auth, the search route, supplier errors.
#include "worker_handler.hpp"

#include <exception>

#include "ops_routes.hpp"
#include "route_helpers.hpp"
#include "travelctl/core/capture/recorder.hpp"
#include "travelctl/core/http/responses.hpp"
#include "travelctl/core/json/writer.hpp"
#include "travelctl/core/observe/log.hpp"
#include "travelctl/core/observe/request_id.hpp"
#include "travelctl/core/observe/trace_context.hpp"
#include "travelctl/core/proxy/rate_limit.hpp"
#include "travelctl/core/proxy/router.hpp"
#include "travelctl/core/proxy/supplier_errors.hpp"

namespace travelctl::core::proxy {
namespace asio = boost::asio;
using http::Response;
using http::Status;

namespace {

double to_ms(std::chrono::nanoseconds d) {
  return std::chrono::duration<double, std::milli>(d).count();
}

// The supplier options of one worker: the shared ones, its pool's gauges in its metric shard.
supplier::SupplierClientOptions worker_options(const supplier::SupplierClientOptions& shared,
                                               MetricsShard& shard) {
  supplier::SupplierClientOptions o = shared;
  o.http.gauges = &shard.pool;
  return o;
}

}  // namespace

WorkerHandler::WorkerHandler(asio::io_context& ioc, std::shared_ptr<const Proxy::Shared> shared)
    : shared_(std::move(shared)),
      metrics_(shared_->metrics->add_shard()),
      supplier_(ioc, worker_options(shared_->supplier, metrics_), &metrics_),
      rendered_(shared_->search_cache ? shared_->rendered_per_thread : 0) {
  if (shared_->options.capture != nullptr) {
    capture_ = &shared_->options.capture->add_queue();
  }
}

std::shared_ptr<const WorkerHandler::LocalTable> WorkerHandler::current_clients() {
  // One relaxed-cost acquire load per request; the shared atomic<shared_ptr> (which takes a lock
  // inside libstdc++) is read only when a reload moved the generation.
  const uint64_t generation = shared_->client_generation.load(std::memory_order_acquire);
  if (!clients_ || generation != clients_generation_) {
    auto table = shared_->client_table.load();
    clients_generation_ = table->generation;
    clients_ = std::make_shared<const LocalTable>(LocalTable{std::move(table)});
  }
  return clients_;  // a copy of this worker's own pointer: no cache line shared with others
}

asio::awaitable<Response> WorkerHandler::handle(http::Request& req) {
  const auto start = std::chrono::steady_clock::now();
  const auto started = capture_ != nullptr ? std::chrono::system_clock::now()
                                           : std::chrono::system_clock::time_point{};
  const std::string rid = observe::request_id_for(req["X-Request-Id"]);
  const observe::SpanContext span = observe::SpanContext::child_of(req["traceparent"]);
  // Held for the whole request: a reload during it does not change its client's settings.
  const std::shared_ptr<const LocalTable> clients = current_clients();
  Response res;
  Seen seen;
  try {
    res =
        co_await dispatch(req, rid, span, *clients->table, seen, start + shared_->request_timeout);
  } catch (const std::exception&) {
    // A bug, not a crash: the client gets the error body, the process keeps serving.
    res = http::error_response(Status::internal_server_error, "internal_error", "internal error",
                               rid);
  }
  res.version(req.version());
  res.set("X-Request-Id", rid);
  if (seen.rate_limit) {
    // On every answer to a limited client, not only on a 429, so that it can pace itself.
    set_rate_limit_headers(res, *seen.rate_limit);
  }
  if (req.method() == http::Verb::head) {
    const auto size = res.body().size();
    res.body().clear();
    res.content_length(size);
  }
  const auto elapsed = std::chrono::steady_clock::now() - start;
  metrics_.on_request(seen.route, res.result_int(), elapsed,
                      seen.client != nullptr ? seen.client->metrics_slot : std::nullopt);
  if (shared_->access_log.load(std::memory_order_relaxed) &&
      observe::log_enabled(observe::LogLevel::info)) {
    log_access(req, res, rid, span, seen, start);
  }
  if (capture_ != nullptr && shared_->options.capture_filter.wants(seen.route, rid)) {
    capture(req, res, rid, seen, started, elapsed);
  }
  co_return res;
}

// Ids, route and numbers only: never the key, the query string (it can hold personal data in
// other APIs), or a body.
void WorkerHandler::log_access(const http::Request& req, const Response& res, std::string_view rid,
                               const observe::SpanContext& span, const Seen& seen,
                               std::chrono::steady_clock::time_point start) const {
  const auto elapsed = std::chrono::steady_clock::now() - start;
  observe::LogLine line(observe::LogLevel::info, "access");
  line.str("request_id", rid)
      .str("trace_id", span.trace_id())
      .str("client", seen.client != nullptr ? std::string_view(seen.client->id) : "-")
      .str("method", req.method_string())
      .str("route", seen.route ? route_name(*seen.route) : "none")
      .integer("status", res.result_int())
      .decimal("latency_ms", to_ms(elapsed))
      .decimal("supplier_ms", to_ms(seen.facts.supplier))
      .str("cache", seen.facts.cache ? cache_result_name(*seen.facts.cache) : "-")
      .integer("bytes", static_cast<int64_t>(res.body().size()));
}

void WorkerHandler::note_supplier_call(const Call& call, http::Verb method, std::string_view target,
                                       const supplier::SupplierReply& reply,
                                       std::chrono::steady_clock::time_point start) {
  const auto elapsed = std::chrono::steady_clock::now() - start;
  call.facts.supplier += elapsed;
  const bool failed =
      reply.error != http::ClientError::none || reply.status >= 500 || reply.status == 429;
  // Refused here (breaker open, quota, pool full) is counted in /metrics; one warn line per
  // request while the breaker is open would flood the log, so those are debug.
  const auto level = reply.error == http::ClientError::rejected ? observe::LogLevel::debug
                                                                : observe::LogLevel::warn;
  if (!failed || !observe::log_enabled(level)) {
    return;
  }
  // The endpoint's name, not the target: a target carries ids the log need not keep.
  observe::LogLine line(level, "supplier call failed");
  line.str("request_id", call.rid)
      .str("trace_id", call.traceparent.substr(3, 32))
      .str("client", call.client.id)
      .str("endpoint", supplier::endpoint_name(supplier::classify_target(method, target)))
      .decimal("elapsed_ms", to_ms(elapsed));
  if (reply.error != http::ClientError::none) {
    line.str("error", http::to_string(reply.error)).str("detail", reply.detail);
  } else {
    line.integer("status", reply.status);
  }
}

asio::awaitable<void> WorkerHandler::supplier_get(const Call& call, std::string_view target,
                                                  supplier::SupplierReply& reply) {
  const auto start = std::chrono::steady_clock::now();
  const supplier::CallContext ctx = call.supplier_call();  // not a co_await temporary (GCC 12)
  co_await supplier_.get(target, ctx, reply);
  note_supplier_call(call, http::Verb::get, target, reply, start);
}

asio::awaitable<void> WorkerHandler::supplier_post(const Call& call, std::string_view target,
                                                   std::string_view body,
                                                   supplier::SupplierReply& reply) {
  const auto start = std::chrono::steady_clock::now();
  const supplier::CallContext ctx = call.supplier_call();
  co_await supplier_.post(target, body, ctx, reply);
  note_supplier_call(call, http::Verb::post, target, reply, start);
}

asio::awaitable<void> WorkerHandler::supplier_search(const Call& call,
                                                     const transform::SearchQuery& q,
                                                     supplier::SupplierReply& reply) {
  const auto start = std::chrono::steady_clock::now();
  const supplier::CallContext ctx = call.supplier_call();
  co_await supplier_.search(q.from, q.to, q.date, q.pax, ctx, reply);
  note_supplier_call(call, http::Verb::get, "/v1/search", reply, start);
}

asio::awaitable<Response> WorkerHandler::dispatch(http::Request& req, std::string_view rid,
                                                  const observe::SpanContext& span,
                                                  const ClientTable& clients, Seen& seen,
                                                  std::chrono::steady_clock::time_point deadline) {
  std::string_view path, query;
  split_target(req.target(), path, query);
  const RouteMatch m = match_route(req.method(), path);
  if (m.kind == RouteMatch::Kind::not_found) {
    co_return http::error_response(Status::not_found, "not_found", "no such route", rid);
  }
  seen.route = m.route;
  if (m.kind == RouteMatch::Kind::method_not_allowed) {
    Response res = http::error_response(Status::method_not_allowed, "method_not_allowed",
                                        "this route does not accept that method", rid);
    res.set(http::Field::allow, m.allow);
    co_return res;
  }
  if (m.route == Route::health) {
    co_return http::json_response(Status::ok, R"({"status":"ok"})");
  }
  if (m.route == Route::ready) {
    co_return co_await ready_response(*shared_, rid);
  }
  if (m.route == Route::openapi) {
    co_return openapi_response();
  }
  if (m.route == Route::root) {
    co_return http::json_response(
        Status::ok, R"({"service":"travelctl","version":")" TRAVELCTL_VERSION
                    R"(","health":"/health","metrics":"/metrics","openapi":"/openapi.json"})");
  }
  if (m.route == Route::metrics) {
    Response res{Status::ok, 11};
    res.set(http::Field::content_type, "text/plain; version=0.0.4; charset=utf-8");
    res.body() = shared_->metrics->render();
    res.prepare_payload();
    co_return res;
  }
  if (m.route == Route::supplier_webhook) {
    co_return co_await supplier_webhook(req, rid);
  }
  const auto client_index = clients.keys.find(req["X-Api-Key"]);
  if (!client_index) {
    co_return http::error_response(Status::unauthorized, "unauthorized",
                                   "missing or unknown API key", rid);
  }
  const ClientEntry& client = clients.clients[*client_index];
  seen.client = &client;
  if (const auto& limiter = client.rate_limit) {
    const auto now = std::chrono::steady_clock::now().time_since_epoch();
    seen.rate_limit = rate_limit_status(limiter->bucket(), limiter->take(now));
    if (!seen.rate_limit->allowed) {
      if (client.metrics_slot) {
        metrics_.on_rate_limited(*client.metrics_slot);
      }
      co_return rate_limited_response(*seen.rate_limit, rid);
    }
  }
  const Call call{req,
                  rid,
                  span.traceparent(),
                  client,
                  client.metrics_slot.value_or(supplier::CallContext::kNoClient),
                  deadline,
                  seen.facts};
  switch (m.route) {
    case Route::health:
    case Route::ready:
    case Route::openapi:
    case Route::metrics:
    case Route::root:
    case Route::supplier_webhook:
    case Route::count_:
      break;
    case Route::search:
      co_return co_await search(call, query);
    case Route::itinerary:
      co_return co_await itinerary(call, m.id, query);
    case Route::book:
      co_return co_await book(call);
    case Route::booking:
    case Route::booking_confirm:
    case Route::booking_cancel:
      co_return co_await booking_action(call, m.route, m.id);
  }
  co_return http::error_response(Status::internal_server_error, "internal_error", "unrouted", rid);
}

}  // namespace travelctl::core::proxy
