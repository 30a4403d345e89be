// The worker's side of `serve --capture`: copy what the line needs and hand it over, no more
// (formatting, masking and writing happen on the capture writer thread).
#include "travelctl/core/capture/headers.hpp"
#include "travelctl/core/capture/queue.hpp"
#include "worker_handler.hpp"

namespace travelctl::core::proxy {

void WorkerHandler::capture(http::Request& req, const http::Response& res, std::string_view rid,
                            const Seen& seen, std::chrono::system_clock::time_point started,
                            std::chrono::nanoseconds elapsed) {
  capture::Exchange e;
  e.ts = started;
  if (seen.client) {
    e.client = shared_->clients[*seen.client].id;
  }
  e.method = req.method_string();
  e.target = req.target();
  e.request_id = rid;
  capture::take_headers(req, e);
  // The server reads nothing of a request's body once its handler answered: moved, not copied.
  e.request_body = std::move(req.body());
  e.status = res.result_int();
  e.response_body = res.body();
  e.latency_ms = std::chrono::duration<double, std::milli>(elapsed).count();
  capture_->try_push(std::move(e));  // full: dropped and counted by the queue, never waited for
}

}  // namespace travelctl::core::proxy
