// One worker's request handling: request id, routing, auth, the search route, supplier errors.
#include "worker_handler.hpp"

#include <cstdio>
#include <exception>

#include "ops_routes.hpp"
#include "route_helpers.hpp"
#include "travelctl/core/capture/recorder.hpp"
#include "travelctl/core/http/responses.hpp"
#include "travelctl/core/json/writer.hpp"
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

void log_access(const http::Request& req, const Response& res, std::string_view rid,
                std::chrono::steady_clock::time_point start) {
  std::string_view path, query;
  split_target(req.target(), path, query);
  const double ms =
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
  const auto method = req.method_string();
  std::fprintf(stderr, "access %.*s %.*s %u %.3fms rid=%.*s\n", static_cast<int>(method.size()),
               method.data(), static_cast<int>(std::min<std::size_t>(path.size(), 256)),
               path.data(), res.result_int(), ms, static_cast<int>(rid.size()), rid.data());
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

asio::awaitable<Response> WorkerHandler::handle(http::Request& req) {
  const auto start = std::chrono::steady_clock::now();
  const auto started = capture_ != nullptr ? std::chrono::system_clock::now()
                                           : std::chrono::system_clock::time_point{};
  const std::string rid = observe::request_id_for(req["X-Request-Id"]);
  Response res;
  Seen seen;
  try {
    res = co_await dispatch(req, rid, seen, start + shared_->request_timeout);
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
  metrics_.on_request(seen.route, res.result_int(), elapsed, seen.client);
  if (shared_->options.access_log) {
    log_access(req, res, rid, start);
  }
  if (capture_ != nullptr && shared_->options.capture_filter.wants(seen.route, rid)) {
    capture(req, res, rid, seen, started, elapsed);
  }
  co_return res;
}

asio::awaitable<Response> WorkerHandler::dispatch(http::Request& req, std::string_view rid,
                                                  Seen& seen,
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
  const auto client_index = shared_->keys.find(req["X-Api-Key"]);
  if (!client_index) {
    co_return http::error_response(Status::unauthorized, "unauthorized",
                                   "missing or unknown API key", rid);
  }
  seen.client = *client_index;
  if (const auto& limiter = shared_->clients[*client_index].rate_limit) {
    const auto now = std::chrono::steady_clock::now().time_since_epoch();
    seen.rate_limit = rate_limit_status(limiter->bucket(), limiter->take(now));
    if (!seen.rate_limit->allowed) {
      metrics_.on_rate_limited(*client_index);
      co_return rate_limited_response(*seen.rate_limit, rid);
    }
  }
  std::string_view traceparent = req["traceparent"];
  if (!observe::is_valid_traceparent(traceparent)) {
    traceparent = {};
  }
  const Call call{req, rid, traceparent, shared_->clients[*client_index], *client_index, deadline};
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
