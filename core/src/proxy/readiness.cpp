// The /ready decision and bodies: only the state store decides; the supplier is reported.
#include "travelctl/core/proxy/readiness.hpp"

#include "travelctl/core/http/responses.hpp"
#include "travelctl/core/json/writer.hpp"

namespace travelctl::core::proxy {
namespace {

void write_supplier(json::Writer& w, const SupplierReadiness& s) {
  w.key("supplier").begin_object().key("base_url").string(s.base_url);
  w.key("circuit").string(circuit_summary(s));
  w.key("circuit_breakers").begin_object();
  w.key("closed").integer(static_cast<int64_t>(s.breakers[0]));
  w.key("open").integer(static_cast<int64_t>(s.breakers[1]));
  w.key("half_open").integer(static_cast<int64_t>(s.breakers[2]));
  w.end_object().end_object();
}

}  // namespace

std::string_view circuit_summary(const SupplierReadiness& s) {
  if (s.breakers[1] > 0) {
    return "open";
  }
  return s.breakers[2] > 0 ? "half_open" : "closed";
}

http::Response readiness_response(const ReadinessFacts& facts, std::string_view request_id) {
  http::Response res;
  if (facts.draining) {
    std::string details;
    json::Writer w(details);
    w.begin_object().key("reason").string("draining").key("store").string(facts.store);
    write_supplier(w, facts.supplier);
    w.end_object();
    res = http::error_response(http::Status::service_unavailable, "not_ready",
                               "not ready: this instance is stopping", request_id, details);
  } else if (!facts.store_error) {
    std::string body;
    json::Writer w(body);
    w.begin_object().key("status").string("ready").key("store").string(facts.store);
    write_supplier(w, facts.supplier);
    w.end_object();
    res = http::json_response(http::Status::ok, std::move(body));
  } else {
    const char* code = store::to_string(facts.store_error->code);
    std::string details;
    json::Writer w(details);
    w.begin_object().key("reason").string("store_unreachable").key("store").string(facts.store);
    w.key("store_error").string(code);
    write_supplier(w, facts.supplier);
    w.end_object();
    res = http::error_response(
        http::Status::service_unavailable, "not_ready",
        std::string("not ready: the state store does not answer (") + code + ")", request_id,
        details);
  }
  // A probe must see the instance as it is now, never a cached answer.
  res.set(http::Field::cache_control, "no-store");
  return res;
}

}  // namespace travelctl::core::proxy
