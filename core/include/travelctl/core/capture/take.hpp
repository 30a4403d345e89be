// What a worker thread copies of an answered request for the capture: the raw bytes only, so
// that the hand-off costs a few copies and formatting waits for the writer thread.
#pragma once

#include <chrono>
#include <string_view>

#include "travelctl/core/capture/exchange.hpp"
#include "travelctl/core/http/types.hpp"

namespace travelctl::core::capture {

/// The exchange of `req` answered by `res`: client id (empty: none), kept headers and the
/// request's credentials (capture/headers.hpp), both bodies. Moves the request's body out (the
/// server reads nothing of it once the handler answered).
Exchange take_exchange(http::Request& req, const http::Response& res, std::string_view client,
                       std::string_view request_id, std::chrono::system_clock::time_point started,
                       std::chrono::nanoseconds elapsed);

}  // namespace travelctl::core::capture
