// The worker's side of the capture hand-off.
#include "travelctl/core/capture/take.hpp"

#include "travelctl/core/capture/headers.hpp"

namespace travelctl::core::capture {

Exchange take_exchange(http::Request& req, const http::Response& res, std::string_view client,
                       std::string_view request_id, std::chrono::system_clock::time_point started,
                       std::chrono::nanoseconds elapsed) {
  Exchange e;
  e.ts = started;
  e.client = client;
  e.method = req.method_string();
  e.target = req.target();
  e.request_id = request_id;
  take_headers(req, e);
  e.request_body = std::move(req.body());
  e.status = res.result_int();
  e.response_body = res.body();
  e.latency_ms = std::chrono::duration<double, std::milli>(elapsed).count();
  return e;
}

}  // namespace travelctl::core::capture
