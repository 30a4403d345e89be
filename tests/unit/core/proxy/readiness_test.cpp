// Unit tests of the /ready decision: only the store decides; the supplier is reported, never fatal.
#include "travelctl/core/proxy/readiness.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

using namespace travelctl::core;
using nlohmann::json;

namespace {

proxy::ReadinessFacts facts() {
  proxy::ReadinessFacts f;
  f.store = "sqlite:/var/lib/travelctl/travelctl.db";
  f.supplier.base_url = "https://api.supplier.example/v2";
  return f;
}

json supplier_json(const char* circuit = "closed", int closed = 0, int open = 0,
                   int half_open = 0) {
  return {{"base_url", "https://api.supplier.example/v2"},
          {"circuit", circuit},
          {"circuit_breakers", {{"closed", closed}, {"open", open}, {"half_open", half_open}}}};
}

}  // namespace

TEST_CASE("Readiness: a store that answers is 200 ready, with the store and the supplier",
          "[core]") {
  const http::Response res = proxy::readiness_response(facts(), "rid-1");
  CHECK(res.result() == http::Status::ok);
  CHECK(res[http::Field::content_type] == "application/json");
  CHECK(res[http::Field::cache_control] == "no-store");
  const json body = json::parse(res.body());
  CHECK(body == json{{"status", "ready"},
                     {"store", "sqlite:/var/lib/travelctl/travelctl.db"},
                     {"supplier", supplier_json()}});
}

TEST_CASE("Readiness: a store that fails is 503 not_ready with the reason", "[core]") {
  for (const auto code : {store::StoreError::Code::busy, store::StoreError::Code::io,
                          store::StoreError::Code::closed}) {
    proxy::ReadinessFacts f = facts();
    f.store_error = store::StoreError{code, "disk I/O error at /secret/path"};
    const http::Response res = proxy::readiness_response(f, "rid-2");
    CHECK(res.result() == http::Status::service_unavailable);
    CHECK(res[http::Field::content_type] == "application/json");
    CHECK(res[http::Field::cache_control] == "no-store");
    CHECK(res["X-Request-Id"] == "rid-2");
    const json error = json::parse(res.body())["error"];
    CHECK(error["code"] == "not_ready");
    CHECK(error["request_id"] == "rid-2");
    const std::string name = store::to_string(code);
    CHECK(error["message"].get<std::string>().find(name) != std::string::npos);
    CHECK(error["details"] == json{{"reason", "store_unreachable"},
                                   {"store", "sqlite:/var/lib/travelctl/travelctl.db"},
                                   {"store_error", name},
                                   {"supplier", supplier_json()}});
    // The store's own message may name files or hosts: an unauthenticated probe never sees it.
    CHECK(res.body().find("/secret/path") == std::string::npos);
  }
}

TEST_CASE("Readiness: the circuit breakers are reported, an open one never fails readiness",
          "[core]") {
  proxy::ReadinessFacts f = facts();
  f.supplier.breakers = {2, 1, 0};
  CHECK(proxy::circuit_summary(f.supplier) == "open");
  const http::Response res = proxy::readiness_response(f, "rid-3");
  CHECK(res.result() == http::Status::ok);
  CHECK(json::parse(res.body())["supplier"] == supplier_json("open", 2, 1, 0));
  f.supplier.breakers = {3, 0, 1};
  CHECK(proxy::circuit_summary(f.supplier) == "half_open");
  f.supplier.breakers = {4, 0, 0};
  CHECK(proxy::circuit_summary(f.supplier) == "closed");
}

TEST_CASE("Readiness: a draining instance is 503 not_ready with reason draining", "[core]") {
  proxy::ReadinessFacts f = facts();
  f.draining = true;
  const http::Response res = proxy::readiness_response(f, "rid-3");
  CHECK(res.result() == http::Status::service_unavailable);
  CHECK(res[http::Field::cache_control] == "no-store");
  const json body = json::parse(res.body());
  CHECK(body["error"]["code"] == "not_ready");
  CHECK(body["error"]["request_id"] == "rid-3");
  CHECK(body["error"]["details"]["reason"] == "draining");
}
