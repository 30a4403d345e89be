// Internal: the operational routes that need no API key and no supplier call (/ready,
// /openapi.json).
#pragma once

#include <boost/asio/awaitable.hpp>
#include <string_view>

#include "shared.hpp"
#include "travelctl/core/http/types.hpp"

namespace travelctl::core::proxy {

/// The OpenAPI document as compiled in from core/src/proxy/openapi.json (generated source).
std::string_view openapi_json();

/// `200` with the OpenAPI document (`application/json`), built once per process.
http::Response openapi_response();

/// GET /ready: pings the store and reports it with the supplier's state (readiness.hpp).
boost::asio::awaitable<http::Response> ready_response(const Proxy::Shared& shared,
                                                      std::string_view rid);

}  // namespace travelctl::core::proxy
