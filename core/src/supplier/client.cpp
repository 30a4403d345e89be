// Supplier client: builds supplier targets and headers, runs them through the per-thread pool.
#include "travelctl/core/supplier/client.hpp"

#include <array>
#include <charconv>

namespace travelctl::core::supplier {
namespace asio = boost::asio;

namespace {

void append_uint(std::string& out, uint64_t v) {
  char buf[24];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v);
  out.append(buf, end);
}

}  // namespace

std::string_view endpoint_name(Endpoint e) {
  static constexpr std::string_view kNames[kEndpointCount] = {
      "search", "trip", "cart", "schema", "reserve", "confirm", "booking", "cancel", "other"};
  return kNames[static_cast<std::size_t>(e)];
}

Endpoint classify_target(http::Verb method, std::string_view target) {
  const std::string_view path = target.substr(0, target.find('?'));
  const bool get = method == http::Verb::get;
  const auto under = [&](std::string_view prefix, std::string_view suffix) {
    return path.size() > prefix.size() + suffix.size() && path.starts_with(prefix) &&
           path.ends_with(suffix) &&
           path.substr(prefix.size(), path.size() - prefix.size() - suffix.size()).find('/') ==
               std::string_view::npos;
  };
  if (get && path == "/v1/search") {
    return Endpoint::search;
  }
  if (get && under("/v1/trips/", "")) {
    return Endpoint::trip;
  }
  if (!get && path == "/v1/carts") {
    return Endpoint::cart;
  }
  if (get && under("/v1/carts/", "/schema")) {
    return Endpoint::schema;
  }
  if (!get && under("/v1/carts/", "/reserve")) {
    return Endpoint::reserve;
  }
  if (!get && under("/v1/bookings/", "/confirm")) {
    return Endpoint::confirm;
  }
  if (!get && under("/v1/bookings/", "/cancel")) {
    return Endpoint::cancel;
  }
  if (get && under("/v1/bookings/", "")) {
    return Endpoint::booking;
  }
  return Endpoint::other;
}

std::string_view SupplierReply::header(http::Field f) const {
  auto it = response.find(f);
  return it == response.end() ? std::string_view{} : std::string_view(it->value());
}

SupplierClient::SupplierClient(asio::io_context& ioc, SupplierClientOptions options)
    : options_(std::move(options)), pool_(std::make_unique<http::ClientPool>(ioc, options_.http)) {}

SupplierClient::~SupplierClient() = default;

asio::awaitable<void> SupplierClient::search(uint64_t from, uint64_t to, std::string_view date,
                                             int seats, std::string_view request_id,
                                             std::string_view traceparent, SupplierReply& reply) {
  // Built in a local: another coroutine on this thread may build its own while this one waits.
  std::string target;
  target.reserve(options_.path_prefix.size() + 64 + date.size());
  target.append(options_.path_prefix).append("/v1/search?from=");
  append_uint(target, from);
  target.append("&to=");
  append_uint(target, to);
  target.append("&date=").append(date).append("&seats=");
  append_uint(target, static_cast<uint64_t>(seats));
  co_await send(http::Verb::get, target, {}, request_id, traceparent, reply);
}

asio::awaitable<void> SupplierClient::get(std::string_view target, std::string_view request_id,
                                          std::string_view traceparent, SupplierReply& reply) {
  const std::string full = options_.path_prefix + std::string(target);
  co_await send(http::Verb::get, full, {}, request_id, traceparent, reply);
}

asio::awaitable<void> SupplierClient::post(std::string_view target, std::string_view body,
                                           std::string_view request_id,
                                           std::string_view traceparent, SupplierReply& reply) {
  const std::string full = options_.path_prefix + std::string(target);
  co_await send(http::Verb::post, full, body, request_id, traceparent, reply);
}

asio::awaitable<void> SupplierClient::send(http::Verb method, std::string_view path,
                                           std::string_view body, std::string_view request_id,
                                           std::string_view traceparent, SupplierReply& reply) {
  const bool has_body = method == http::Verb::post;
  std::array<std::pair<std::string_view, std::string_view>, 5> headers{{
      {"X-Partner-Key", options_.api_key},
      {"Accept", "application/json"},
      {"X-Request-Id", request_id},
      {"Content-Type", has_body ? "application/json" : ""},
      {"traceparent", traceparent},
  }};
  // Only the headers that apply, without copying: drop the unused ones from the end or middle.
  std::size_t count = 3;
  if (has_body) {
    ++count;
  } else {
    headers[3] = headers[4];
  }
  if (!traceparent.empty()) {
    ++count;
  }
  http::ClientRequest req;
  req.method = method;
  req.target = path;
  req.headers = headers.data();
  req.header_count = count;
  req.body = body;
  req.idempotent = method == http::Verb::get;
  req.deadline = std::chrono::steady_clock::now() + options_.timeout;
  const auto start = std::chrono::steady_clock::now();
  http::ClientResult r = co_await pool_->request(req, reply.response);
  reply.error = r.error;
  reply.detail = std::move(r.detail);
  reply.sent = r.sent;
  reply.status = r.ok() ? reply.response.result_int() : 0;
  if (observer_ != nullptr) {
    observer_->on_supplier_call(classify_target(method, path.substr(options_.path_prefix.size())),
                                reply, std::chrono::steady_clock::now() - start);
  }
}

}  // namespace travelctl::core::supplier
