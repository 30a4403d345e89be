// Unit tests of the supplier failure mapping table.
#include "travelctl/core/proxy/supplier_errors.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

using namespace travelctl::core;

namespace {

supplier::SupplierReply status_reply(unsigned status) {
  supplier::SupplierReply r;
  r.status = status;
  r.response.result(status);
  return r;
}

std::string code_of(const http::Response& res) {
  return nlohmann::json::parse(res.body())["error"]["code"].get<std::string>();
}

}  // namespace

TEST_CASE("Supplier errors: a 200 is not a failure", "[core]") {
  CHECK_FALSE(proxy::map_supplier_failure(status_reply(200), "rid"));
}

TEST_CASE("Supplier errors: statuses map per client-api.md", "[core]") {
  auto r = proxy::map_supplier_failure(status_reply(404), "rid");
  REQUIRE(r);
  CHECK(r->result_int() == 404);
  CHECK(code_of(*r) == "not_found");
  CHECK((*r)["X-Request-Id"] == "rid");
  for (unsigned s : {201u, 204u, 301u, 400u, 401u, 409u, 500u, 502u, 503u}) {
    r = proxy::map_supplier_failure(status_reply(s), "rid");
    REQUIRE(r);
    CHECK(r->result_int() == 502);
    CHECK(code_of(*r) == "supplier_error");
  }
}

TEST_CASE("Supplier errors: 429 is 503 with the supplier's Retry-After", "[core]") {
  auto reply = status_reply(429);
  reply.response.set(http::Field::retry_after, "12");
  auto r = proxy::map_supplier_failure(reply, "rid");
  REQUIRE(r);
  CHECK(r->result_int() == 503);
  CHECK(code_of(*r) == "supplier_unavailable");
  CHECK((*r)[http::Field::retry_after] == "12");
  r = proxy::map_supplier_failure(status_reply(429), "rid");
  CHECK((*r)[http::Field::retry_after] == "1");  // absent: retry soon rather than never
}

TEST_CASE("Supplier errors: transport failures are 502, timeouts 504", "[core]") {
  using http::ClientError;
  for (auto e : {ClientError::refused, ClientError::reset, ClientError::too_large,
                 ClientError::bad_response, ClientError::resolve, ClientError::tls}) {
    supplier::SupplierReply reply;
    reply.error = e;
    auto r = proxy::map_supplier_failure(reply, "rid");
    REQUIRE(r);
    CHECK(r->result_int() == 502);
    CHECK(code_of(*r) == "supplier_error");
  }
  supplier::SupplierReply reply;
  reply.error = ClientError::timeout;
  auto r = proxy::map_supplier_failure(reply, "rid");
  REQUIRE(r);
  CHECK(r->result_int() == 504);
  CHECK(code_of(*r) == "supplier_timeout");
}

TEST_CASE("Supplier errors: Retry-After values are sanitised", "[core]") {
  CHECK(proxy::retry_after_value("30") == "30");
  CHECK(proxy::retry_after_value("Wed, 21 Oct 2026 07:28:00 GMT") ==
        "Wed, 21 Oct 2026 07:28:00 GMT");
  CHECK(proxy::retry_after_value("") == "1");
  CHECK(proxy::retry_after_value(std::string(100, '9')) == "1");
}
