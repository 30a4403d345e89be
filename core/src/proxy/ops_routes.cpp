// GET /openapi.json (a compiled-in document) and GET /ready (a store ping per request).
#include "ops_routes.hpp"

#include <algorithm>

#include "travelctl/core/http/responses.hpp"
#include "travelctl/core/proxy/readiness.hpp"

namespace travelctl::core::proxy {
namespace {

// The base URL as the supplier client uses it, rebuilt from its parts (user info is refused at
// parse time, so nothing secret can be in it).
std::string supplier_base_url(const Proxy::Shared& shared) {
  const http::Url& origin = shared.supplier.http.origin;
  return (origin.tls ? "https://" : "http://") + origin.host_header + shared.supplier.path_prefix;
}

}  // namespace

http::Response openapi_response() {
  // Built on first use (thread-safe) and copied out: the document never changes at run time.
  static const http::Response kResponse =
      http::json_response(http::Status::ok, std::string(openapi_json()));
  return kResponse;
}

boost::asio::awaitable<http::Response> ready_response(const Proxy::Shared& shared,
                                                      std::string_view rid) {
  // Configuration: a Proxy exists only for a loaded and validated one, so it is never the reason.
  ReadinessFacts facts;
  facts.store = shared.store->describe();
  facts.supplier.base_url = supplier_base_url(shared);
  const auto states = shared.metrics->breaker_states();
  std::copy(states.begin(), states.end(), facts.supplier.breakers.begin());
  facts.draining = shared.draining.load(std::memory_order_relaxed);
  if (facts.draining) {
    co_return readiness_response(facts, rid);  // no need to ask the store
  }
  auto ping = shared.store->ping();  // built before the co_await (GCC 12; see Store)
  auto pinged = co_await std::move(ping);
  if (!pinged) {
    facts.store_error = pinged.error();
  }
  co_return readiness_response(facts, rid);
}

}  // namespace travelctl::core::proxy
