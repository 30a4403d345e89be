// Unit tests of configuration loading: defaults, types, every validation rule, env overrides.
#include "travelctl/core/config/load.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

namespace {

using namespace travelctl::core::config;
using nlohmann::json;

json good() {
  return {
      {"supplier", {{"base_url", "http://127.0.0.1:9090"}, {"api_key", "pk"}}},
      {"clients", json::array({{{"id", "acme"},
                                {"api_keys", {"key-a"}},
                                {"currency", "USD"},
                                {"currencies", {"USD", "EUR"}},
                                {"markup", {{"percent_bps", 500}, {"fixed", {{"USD", 50}}}}}}})}};
}

// The errors of loading `j` (with `env`), as "path: reason" strings.
std::vector<std::string> errors_of(const json& j, const Environment& env = {}) {
  auto r = load_config(j.dump(), env);
  std::vector<std::string> out;
  if (!r) {
    for (const auto& p : r.error().errors()) {
      out.push_back(to_string(p));
    }
  }
  return out;
}

bool has_error(const json& j, const std::string& path, const std::string& reason_part = "",
               const Environment& env = {}) {
  for (const auto& e : errors_of(j, env)) {
    if (e.rfind(path + ": ", 0) == 0 && e.find(reason_part) != std::string::npos) {
      return true;
    }
  }
  return false;
}

}  // namespace

TEST_CASE("Config: defaults are those of DESIGN.md", "[core]") {
  auto r = load_config(good().dump(), {});
  REQUIRE(r);
  const Config& c = r->config;
  CHECK(c.server.listen == "127.0.0.1:8080");
  CHECK(c.server.threads == 0);
  CHECK(c.server.max_body_bytes == 1048576);
  CHECK(c.server.request_timeout_ms == 30000);
  CHECK(c.supplier.connect_timeout_ms == 1000);
  CHECK(c.supplier.timeout_ms == 10000);
  CHECK(c.supplier.max_response_bytes == 8388608);
  CHECK(c.supplier.pool.max_connections == 64);
  CHECK(c.supplier.pool.idle_timeout_ms == 30000);
  CHECK(c.supplier.pool.max_requests_per_connection == 10000);
  CHECK(c.supplier.retries.max == 2);
  CHECK(c.supplier.retries.budget_percent == 10);
  CHECK(c.supplier.circuit_breaker.failure_threshold == 5);
  CHECK(c.supplier.circuit_breaker.open_ms == 10000);
  CHECK(c.cache.search_ttl_ms == 300000);
  CHECK(c.cache.max_entries == 10000);
  CHECK(c.store.kind == "sqlite");
  CHECK(c.store.path == "travelctl.db");
  CHECK(c.scoring.timeout_ms == 2000);
  CHECK(c.scoring.chunk == 50);
  REQUIRE(c.clients.size() == 1);
  CHECK(c.clients[0].markup.percent_bps == 500);
  CHECK(c.clients[0].markup.fixed == std::vector<std::pair<std::string, int64_t>>{{"USD", 50}});
  CHECK(r->warnings.empty());
}

TEST_CASE("Config: every key of the file is read", "[core]") {
  json j = good();
  j["server"] = {{"listen", "0.0.0.0:9000"},
                 {"threads", 3},
                 {"max_body_bytes", 10},
                 {"request_timeout_ms", 20}};
  j["supplier"].update(
      {{"webhook_secret", "ws"},
       {"connect_timeout_ms", 11},
       {"timeout_ms", 12},
       {"max_response_bytes", 13},
       {"pool",
        {{"max_connections", 2}, {"idle_timeout_ms", 3}, {"max_requests_per_connection", 4}}},
       {"retries", {{"max", 0}, {"budget_percent", 100}}},
       {"circuit_breaker", {{"failure_threshold", 1}, {"open_ms", 2}}}});
  j["cache"] = {{"search_ttl_ms", 0}, {"max_entries", 0}};
  j["store"] = {{"kind", "redis"}, {"path", "redis://127.0.0.1:6379/0"}};
  j["scoring"] = {{"url", "http://127.0.0.1:9191"}, {"timeout_ms", 5}, {"chunk", 1000}};
  j["clients"][0]["rate_limit"] = {{"per_second", 50}, {"burst", 100}};
  j["clients"][0]["webhook"] = {{"url", "https://hooks.acme.example/travel"},
                                {"secret", "whsec_c2VjcmV0"}};
  auto r = load_config(j.dump(), {});
  INFO((r ? std::string() : to_string(r.error().errors().front())));
  REQUIRE(r);
  const Config& c = r->config;
  CHECK(c.server.listen == "0.0.0.0:9000");
  CHECK(c.server.threads == 3);
  CHECK(c.supplier.webhook_secret == "ws");
  CHECK(c.supplier.pool.max_requests_per_connection == 4);
  CHECK(c.supplier.retries.budget_percent == 100);
  CHECK(c.supplier.circuit_breaker.open_ms == 2);
  CHECK(c.cache.search_ttl_ms == 0);
  CHECK(c.store.kind == "redis");
  CHECK(c.scoring.chunk == 1000);
  CHECK(c.clients[0].rate_limit.burst == 100);
  CHECK(c.clients[0].webhook.secret == "whsec_c2VjcmV0");
}

TEST_CASE("Config: unknown keys are warnings, not errors", "[core]") {
  json j = good();
  j["listen_port"] = 8080;
  j["server"]["colour"] = "blue";
  j["clients"][0]["nickname"] = "a";
  auto r = load_config(j.dump(), {});
  REQUIRE(r);
  std::vector<std::string> w;
  for (const auto& p : r->warnings) {
    w.push_back(p.path);
  }
  CHECK(w == std::vector<std::string>{"server.colour", "clients[0].nickname", "listen_port"});
}

TEST_CASE("Config: syntax errors say where", "[core]") {
  auto r = load_config("{\n  \"server\": {,}\n}", {});
  REQUIRE_FALSE(r);
  REQUIRE(r.error().errors().size() == 1);
  CHECK(r.error().errors()[0].reason.find("line 2") != std::string::npos);
  CHECK_FALSE(load_config("[1, 2]", {}));
}

TEST_CASE("Config: wrong types are reported at their path", "[core]") {
  json j = good();
  j["server"]["threads"] = "4";
  j["server"]["max_body_bytes"] = 1.5;
  j["supplier"]["api_key"] = 42;
  j["clients"][0]["api_keys"] = "key-a";
  j["clients"][0]["markup"]["percent_bps"] = "5%";
  j["cache"] = 7;
  CHECK(has_error(j, "server.threads", "integer"));
  CHECK(has_error(j, "server.max_body_bytes", "positive integer"));
  CHECK(has_error(j, "supplier.api_key", "string"));
  CHECK(has_error(j, "clients[0].api_keys", "array"));
  CHECK(has_error(j, "clients[0].markup.percent_bps", "must be a non-negative integer"));
  CHECK(has_error(j, "cache", "object"));
  CHECK(errors_of(j).size() == 6);  // one problem per path, no echo from validation
}

TEST_CASE("Config: every rule is checked and all problems are listed", "[core]") {
  SECTION("server") {
    for (const char* bad : {"nowhere", "127.0.0.1", "127.0.0.1:99999", "example.com:80", ":80",
                            "::1:80", "127.0.0.1:-1"}) {
      json j = good();
      j["server"]["listen"] = bad;
      CHECK(has_error(j, "server.listen"));
    }
    for (const char* ok : {"127.0.0.1:0", "0.0.0.0:8080", "[::1]:8080", "localhost:80", "8080"}) {
      json j = good();
      j["server"]["listen"] = ok;
      CHECK(errors_of(j).empty());
    }
    json j = good();
    j["server"]["threads"] = 2000;
    j["server"]["max_body_bytes"] = 0;
    j["server"]["request_timeout_ms"] = -1;
    CHECK(errors_of(j).size() == 3);
  }
  SECTION("supplier") {
    for (const char* bad : {"ftp://x", "http://", "http://a b", "http://h:0", "http://h:70000",
                            "http://h/?q=1", "http://u@h", "127.0.0.1:9090", "http://h#f"}) {
      json j = good();
      j["supplier"]["base_url"] = bad;
      CHECK(has_error(j, "supplier.base_url", "URL"));
    }
    json j = good();
    j["supplier"]["api_key"] = "";
    j["supplier"]["connect_timeout_ms"] = 0;
    j["supplier"]["timeout_ms"] = -1;
    j["supplier"]["max_response_bytes"] = 0;
    j["supplier"]["pool"] = {
        {"max_connections", 0}, {"idle_timeout_ms", 0}, {"max_requests_per_connection", 0}};
    j["supplier"]["retries"] = {{"max", -1}, {"budget_percent", 101}};
    j["supplier"]["circuit_breaker"] = {{"failure_threshold", 0}, {"open_ms", 0}};
    CHECK(errors_of(j).size() == 11);
    CHECK(has_error(j, "supplier.api_key", "TRAVELCTL_SUPPLIER_API_KEY"));
    j = good();
    j["supplier"]["api_key"] = "has space";
    CHECK(has_error(j, "supplier.api_key"));
    j["supplier"]["api_key"] = "line\nbreak";
    CHECK(has_error(j, "supplier.api_key"));
  }
  SECTION("cache, store and scoring") {
    json j = good();
    j["cache"] = {{"search_ttl_ms", -1}, {"max_entries", -1}};
    j["store"] = {{"kind", "postgres"}, {"path", ""}};
    j["scoring"] = {{"url", "nope"}, {"timeout_ms", 0}, {"chunk", 0}};
    CHECK(errors_of(j).size() == 7);
    j = good();
    j["store"] = {{"kind", "redis"}, {"path", "travelctl.db"}};
    CHECK(has_error(j, "store.path", "redis://"));
  }
  SECTION("clients") {
    json j = good();
    j["clients"] = json::array();
    CHECK(has_error(j, "clients", "at least one"));
    j = good();
    j["clients"][0]["id"] = "";
    j["clients"][0]["api_keys"] = json::array();
    CHECK(has_error(j, "clients[0].id"));
    CHECK(has_error(j, "clients[0].api_keys", "at least one"));
    j = good();
    j["clients"][0]["api_keys"] = {"ok-key", "", "with space"};
    CHECK(has_error(j, "clients[0].api_keys[1]"));
    CHECK(has_error(j, "clients[0].api_keys[2]"));
    CHECK_FALSE(has_error(j, "clients[0].api_keys[0]"));
  }
  SECTION("currencies") {
    json j = good();
    j["clients"][0]["currency"] = "usd";
    j["clients"][0]["currencies"] = {"USD", "EURO", "USD"};
    CHECK(has_error(j, "clients[0].currency", "3-letter"));
    CHECK(has_error(j, "clients[0].currencies[1]", "3-letter"));
    CHECK(has_error(j, "clients[0].currencies[2]", "duplicate"));
    j = good();
    j["clients"][0]["currency"] = "GBP";
    CHECK(has_error(j, "clients[0].currency", "one of clients[0].currencies"));
    j = good();
    j["clients"][0]["currencies"] = json::array();
    CHECK(has_error(j, "clients[0].currencies", "at least one"));
    j = good();
    j["clients"][0].erase("currencies");  // defaults to the one currency
    auto r = load_config(j.dump(), {});
    REQUIRE(r);
    CHECK(r->config.clients[0].currencies == std::vector<std::string>{"USD"});
  }
  SECTION("markup") {
    json j = good();
    j["clients"][0]["markup"] = {{"percent_bps", -1}, {"fixed", {{"USD", -5}, {"eur", 1}}}};
    CHECK(has_error(j, "clients[0].markup.percent_bps", "must be a non-negative integer"));
    CHECK(has_error(j, "clients[0].markup.fixed.USD", "must be a non-negative integer"));
    CHECK(has_error(j, "clients[0].markup.fixed.eur", "currency code"));
    j["clients"][0]["markup"] = {{"percent_bps", 1000001}};
    CHECK(has_error(j, "clients[0].markup.percent_bps", "at most"));
    j["clients"][0]["markup"] = {{"fixed", {{"JPY", 10}}}};  // not a currency of the client
    auto r = load_config(j.dump(), {});
    REQUIRE(r);
    REQUIRE(r->warnings.size() == 1);
    CHECK(r->warnings[0].path == "clients[0].markup.fixed.JPY");
  }
  SECTION("duplicates across clients; keys never printed") {
    json j = good();
    json second = j["clients"][0];
    second["api_keys"] = {"key-b", "key-a"};
    j["clients"].push_back(second);
    const auto errs = errors_of(j);
    CHECK(has_error(j, "clients[1].id", "duplicate of clients[0].id"));
    CHECK(has_error(j, "clients[1].api_keys[1]", "clients[0].api_keys[0]"));
    for (const auto& e : errs) {
      CHECK(e.find("key-a") == std::string::npos);
    }
    CHECK(errs.size() == 2);
  }
  SECTION("rate limit and webhook") {
    json j = good();
    j["clients"][0]["rate_limit"] = {{"per_second", -1}, {"burst", -1}};
    j["clients"][0]["webhook"] = {{"url", "mailto:x"}};
    CHECK(has_error(j, "clients[0].rate_limit.per_second"));
    CHECK(has_error(j, "clients[0].rate_limit.burst"));
    CHECK(has_error(j, "clients[0].webhook.url"));
    CHECK(has_error(j, "clients[0].webhook.secret", "required"));
    j["clients"][0]["webhook"] = {{"url", "https://h.example/x"}, {"secret", "plain"}};
    CHECK(has_error(j, "clients[0].webhook.secret", "whsec_"));
  }
}

TEST_CASE("Config: environment variable names follow the JSON path", "[core]") {
  CHECK(env_name_for("supplier.api_key") == "TRAVELCTL_SUPPLIER_API_KEY");
  CHECK(env_name_for("server.listen") == "TRAVELCTL_SERVER_LISTEN");
  CHECK(env_name_for("supplier.pool.max_connections") == "TRAVELCTL_SUPPLIER_POOL_MAX_CONNECTIONS");
  CHECK(env_name_for("clients[0].markup.percent_bps") == "TRAVELCTL_CLIENTS_0_MARKUP_PERCENT_BPS");
  CHECK(env_name_for("clients[12].markup.fixed.USD") == "TRAVELCTL_CLIENTS_12_MARKUP_FIXED_USD");
}

TEST_CASE("Config: the environment overrides every scalar key", "[core]") {
  const Environment env = {
      {"TRAVELCTL_SERVER_LISTEN", "0.0.0.0:7000"},
      {"TRAVELCTL_SERVER_THREADS", "2"},
      {"TRAVELCTL_SERVER_MAX_BODY_BYTES", "100"},
      {"TRAVELCTL_SERVER_REQUEST_TIMEOUT_MS", "101"},
      {"TRAVELCTL_SUPPLIER_BASE_URL", "https://s.example"},
      {"TRAVELCTL_SUPPLIER_API_KEY", "env-key"},
      {"TRAVELCTL_SUPPLIER_WEBHOOK_SECRET", "env-secret"},
      {"TRAVELCTL_SUPPLIER_CONNECT_TIMEOUT_MS", "102"},
      {"TRAVELCTL_SUPPLIER_TIMEOUT_MS", "103"},
      {"TRAVELCTL_SUPPLIER_MAX_RESPONSE_BYTES", "104"},
      {"TRAVELCTL_SUPPLIER_POOL_MAX_CONNECTIONS", "105"},
      {"TRAVELCTL_SUPPLIER_POOL_IDLE_TIMEOUT_MS", "106"},
      {"TRAVELCTL_SUPPLIER_POOL_MAX_REQUESTS_PER_CONNECTION", "107"},
      {"TRAVELCTL_SUPPLIER_RETRIES_MAX", "3"},
      {"TRAVELCTL_SUPPLIER_RETRIES_BUDGET_PERCENT", "20"},
      {"TRAVELCTL_SUPPLIER_CIRCUIT_BREAKER_FAILURE_THRESHOLD", "9"},
      {"TRAVELCTL_SUPPLIER_CIRCUIT_BREAKER_OPEN_MS", "108"},
      {"TRAVELCTL_CACHE_SEARCH_TTL_MS", "0"},
      {"TRAVELCTL_CACHE_MAX_ENTRIES", "109"},
      {"TRAVELCTL_STORE_KIND", "sqlite"},
      {"TRAVELCTL_STORE_PATH", "/tmp/x.db"},
      {"TRAVELCTL_SCORING_URL", "http://127.0.0.1:1"},
      {"TRAVELCTL_SCORING_TIMEOUT_MS", "110"},
      {"TRAVELCTL_SCORING_CHUNK", "7"},
      {"TRAVELCTL_CLIENTS_0_ID", "renamed"},
      {"TRAVELCTL_CLIENTS_0_API_KEYS", "k1, k2"},
      {"TRAVELCTL_CLIENTS_0_CURRENCY", "EUR"},
      {"TRAVELCTL_CLIENTS_0_CURRENCIES", "EUR,USD,JPY"},
      {"TRAVELCTL_CLIENTS_0_MARKUP_PERCENT_BPS", "250"},
      {"TRAVELCTL_CLIENTS_0_MARKUP_FIXED_JPY", "70"},
      {"TRAVELCTL_CLIENTS_0_RATE_LIMIT_PER_SECOND", "5"},
      {"TRAVELCTL_CLIENTS_0_RATE_LIMIT_BURST", "6"},
      {"TRAVELCTL_CLIENTS_0_WEBHOOK_URL", "https://h.example/hook"},
      {"TRAVELCTL_CLIENTS_0_WEBHOOK_SECRET", "whsec_c2VjcmV0"},
  };
  auto r = load_config(good().dump(), env);
  INFO((r ? std::string() : to_string(r.error().errors().front())));
  REQUIRE(r);
  const Config& c = r->config;
  CHECK(r->warnings.empty());
  CHECK(c.server.listen == "0.0.0.0:7000");
  CHECK(c.server.threads == 2);
  CHECK(c.server.max_body_bytes == 100);
  CHECK(c.server.request_timeout_ms == 101);
  CHECK(c.supplier.base_url == "https://s.example");
  CHECK(c.supplier.api_key == "env-key");
  CHECK(c.supplier.webhook_secret == "env-secret");
  CHECK(c.supplier.connect_timeout_ms == 102);
  CHECK(c.supplier.timeout_ms == 103);
  CHECK(c.supplier.max_response_bytes == 104);
  CHECK(c.supplier.pool.max_connections == 105);
  CHECK(c.supplier.pool.idle_timeout_ms == 106);
  CHECK(c.supplier.pool.max_requests_per_connection == 107);
  CHECK(c.supplier.retries.max == 3);
  CHECK(c.supplier.retries.budget_percent == 20);
  CHECK(c.supplier.circuit_breaker.failure_threshold == 9);
  CHECK(c.supplier.circuit_breaker.open_ms == 108);
  CHECK(c.cache.search_ttl_ms == 0);
  CHECK(c.cache.max_entries == 109);
  CHECK(c.store.path == "/tmp/x.db");
  CHECK(c.scoring.url == "http://127.0.0.1:1");
  CHECK(c.scoring.timeout_ms == 110);
  CHECK(c.scoring.chunk == 7);
  const ClientConfig& a = c.clients[0];
  CHECK(a.id == "renamed");
  CHECK(a.api_keys == std::vector<std::string>{"k1", "k2"});
  CHECK(a.currency == "EUR");
  CHECK(a.currencies == std::vector<std::string>{"EUR", "USD", "JPY"});
  CHECK(a.markup.percent_bps == 250);
  CHECK(a.markup.fixed == std::vector<std::pair<std::string, int64_t>>{{"JPY", 70}, {"USD", 50}});
  CHECK(a.rate_limit.per_second == 5);
  CHECK(a.rate_limit.burst == 6);
  CHECK(a.webhook.url == "https://h.example/hook");
}

TEST_CASE("Config: environment problems name their variable, unknown variables warn", "[core]") {
  const Environment env = {{"TRAVELCTL_SERVER_THREADS", "four"},
                           {"TRAVELCTL_SUPPLIER_TIMEOUT_MS", "0"},
                           {"TRAVELCTL_NOT_A_KEY", "x"}};
  auto r = load_config(good().dump(), env);
  REQUIRE_FALSE(r);
  const auto& errs = r.error().errors();
  REQUIRE(errs.size() == 2);
  CHECK(errs[0].path == "server.threads");
  CHECK(errs[0].reason.find("TRAVELCTL_SERVER_THREADS") != std::string::npos);
  CHECK(errs[1].path == "supplier.timeout_ms");
  CHECK(errs[1].reason.find("TRAVELCTL_SUPPLIER_TIMEOUT_MS") != std::string::npos);
  REQUIRE(r.error().warnings().size() == 1);
  CHECK(r.error().warnings()[0].path == "TRAVELCTL_NOT_A_KEY");
}

TEST_CASE("Config: the environment alone can describe a whole configuration", "[core]") {
  const Environment env = {{"TRAVELCTL_SUPPLIER_API_KEY", "pk"},
                           {"TRAVELCTL_CLIENTS_0_ID", "solo"},
                           {"TRAVELCTL_CLIENTS_0_API_KEYS", "secret-1"},
                           {"TRAVELCTL_CLIENTS_0_CURRENCY", "THB"}};
  auto r = load_config("", env);
  REQUIRE(r);
  REQUIRE(r->config.clients.size() == 1);
  CHECK(r->config.clients[0].id == "solo");
  CHECK(r->config.clients[0].currencies == std::vector<std::string>{"THB"});
}

TEST_CASE("Config: a missing file is one problem", "[core]") {
  auto r = load_config_file("/nonexistent/config.json", {});
  REQUIRE_FALSE(r);
  REQUIRE(r.error().errors().size() == 1);
  CHECK(r.error().errors()[0].path == "/nonexistent/config.json");
}

TEST_CASE("Config: the capture keys are read, checked and overridable", "[core]") {
  {
    auto r = load_config(good().dump(), {});
    REQUIRE(r);
    const CaptureConfig& c = r->config.capture;
    CHECK(c.file.empty());
    CHECK(c.max_bytes == 100 << 20);
    CHECK(c.keep == 5);
    CHECK(c.sample == 1.0);
    CHECK(c.routes == std::vector<std::string>{"search", "itinerary", "bookings"});
    CHECK(c.queue == 4096);
  }
  json j = good();
  j["capture"] = {{"file", "/var/log/travelctl/capture.ndjson"},
                  {"max_bytes", 1048576},
                  {"keep", 3},
                  {"sample", 0.25},
                  {"routes", {"search", "webhooks"}},
                  {"queue", 512}};
  {
    auto r = load_config(j.dump(), {});
    REQUIRE(r);
    const CaptureConfig& c = r->config.capture;
    CHECK(c.file == "/var/log/travelctl/capture.ndjson");
    CHECK(c.max_bytes == 1048576);
    CHECK(c.keep == 3);
    CHECK(c.sample == 0.25);
    CHECK(c.routes == std::vector<std::string>{"search", "webhooks"});
    CHECK(c.queue == 512);
  }
  {
    auto r = load_config(j.dump(), {{"TRAVELCTL_CAPTURE_SAMPLE", "0.1"},
                                     {"TRAVELCTL_CAPTURE_ROUTES", "bookings, ops"},
                                     {"TRAVELCTL_CAPTURE_FILE", "c.ndjson"}});
    REQUIRE(r);
    CHECK(r->config.capture.sample == 0.1);
    CHECK(r->config.capture.routes == std::vector<std::string>{"bookings", "ops"});
    CHECK(r->config.capture.file == "c.ndjson");
  }
  j["capture"] = {{"max_bytes", -1}, {"keep", 1001}, {"sample", 1.5}, {"routes", {"itineraries"}},
                  {"queue", 0}};
  CHECK(has_error(j, "capture.max_bytes"));
  CHECK(has_error(j, "capture.keep"));
  CHECK(has_error(j, "capture.sample"));
  CHECK(has_error(j, "capture.routes", "itineraries"));
  CHECK(has_error(j, "capture.queue"));
  CHECK(has_error(good(), "capture.sample", "", {{"TRAVELCTL_CAPTURE_SAMPLE", "often"}}));
  json t = good();
  t["capture"] = {{"sample", "0.5"}};
  CHECK(has_error(t, "capture.sample", "number"));
}

TEST_CASE("Config: the supplier's resilience keys: defaults, environment, bad values", "[core]") {
  auto r = load_config(good().dump(), {});
  REQUIRE(r);
  const SupplierConfig& s = r->config.supplier;
  CHECK(s.hedge_after_ms == 0);
  CHECK(s.max_rps == 0);
  CHECK(s.pool.max_waiting == 256);
  CHECK(s.pool.max_lifetime_ms == 300000);
  CHECK(s.retries.backoff_ms == 25);
  CHECK(s.retries.max_backoff_ms == 1000);
  CHECK(s.circuit_breaker.failure_rate_percent == 50);
  CHECK(s.circuit_breaker.window_ms == 10000);
  CHECK(s.circuit_breaker.min_calls == 20);

  const Environment env = {
      {"TRAVELCTL_SUPPLIER_HEDGE_AFTER_MS", "40"},
      {"TRAVELCTL_SUPPLIER_MAX_RPS", "300"},
      {"TRAVELCTL_SUPPLIER_POOL_MAX_WAITING", "0"},
      {"TRAVELCTL_SUPPLIER_POOL_MAX_LIFETIME_MS", "60000"},
      {"TRAVELCTL_SUPPLIER_RETRIES_BACKOFF_MS", "10"},
      {"TRAVELCTL_SUPPLIER_RETRIES_MAX_BACKOFF_MS", "200"},
      {"TRAVELCTL_SUPPLIER_CIRCUIT_BREAKER_FAILURE_RATE_PERCENT", "0"},
      {"TRAVELCTL_SUPPLIER_CIRCUIT_BREAKER_WINDOW_MS", "5000"},
      {"TRAVELCTL_SUPPLIER_CIRCUIT_BREAKER_MIN_CALLS", "7"},
  };
  auto e = load_config(good().dump(), env);
  REQUIRE(e);
  const SupplierConfig& t = e->config.supplier;
  CHECK(t.hedge_after_ms == 40);
  CHECK(t.max_rps == 300);
  CHECK(t.pool.max_waiting == 0);
  CHECK(t.pool.max_lifetime_ms == 60000);
  CHECK(t.retries.backoff_ms == 10);
  CHECK(t.retries.max_backoff_ms == 200);
  CHECK(t.circuit_breaker.failure_rate_percent == 0);
  CHECK(t.circuit_breaker.window_ms == 5000);
  CHECK(t.circuit_breaker.min_calls == 7);

  json bad = good();
  bad["supplier"]["hedge_after_ms"] = -1;
  bad["supplier"]["max_rps"] = "many";
  bad["supplier"]["pool"] = {{"max_waiting", -2}, {"max_lifetime_ms", -3}};
  bad["supplier"]["retries"] = {{"max", 11}, {"backoff_ms", 50}, {"max_backoff_ms", 20}};
  bad["supplier"]["circuit_breaker"] = {
      {"failure_rate_percent", 101}, {"window_ms", 0}, {"min_calls", 0}};
  CHECK(has_error(bad, "supplier.hedge_after_ms", "non-negative"));
  CHECK(has_error(bad, "supplier.max_rps", "non-negative"));
  CHECK(has_error(bad, "supplier.pool.max_waiting", "non-negative"));
  CHECK(has_error(bad, "supplier.pool.max_lifetime_ms", "non-negative"));
  CHECK(has_error(bad, "supplier.retries.max", "0 to 10"));
  CHECK(has_error(bad, "supplier.retries.max_backoff_ms", "backoff_ms"));
  CHECK(has_error(bad, "supplier.circuit_breaker.failure_rate_percent", "0 (not used) to 100"));
  CHECK(has_error(bad, "supplier.circuit_breaker.window_ms", "positive"));
  CHECK(has_error(bad, "supplier.circuit_breaker.min_calls", "positive"));

  json late = good();
  late["supplier"]["timeout_ms"] = 100;
  late["supplier"]["hedge_after_ms"] = 100;
  auto w = load_config(late.dump(), {});
  REQUIRE(w);
  REQUIRE(w->warnings.size() == 1);
  CHECK(to_string(w->warnings[0]).rfind("supplier.hedge_after_ms: ", 0) == 0);
}

TEST_CASE("Config: server limits, drain and logging keys are read and checked", "[core]") {
  json j = good();
  j["server"] = {{"max_header_bytes", 8192},  {"header_timeout_ms", 5000},
                 {"read_timeout_ms", 20000},  {"idle_timeout_ms", 15000},
                 {"write_timeout_ms", 25000}, {"max_connections", 500},
                 {"drain_ms", 7000},          {"drain_grace_ms", 3000}};
  j["logging"] = {{"format", "json"}, {"level", "warn"}, {"access_log", true}};
  auto r = load_config(j.dump(), {});
  REQUIRE(r);
  const Config& c = r->config;
  CHECK(c.server.max_header_bytes == 8192);
  CHECK(c.server.header_timeout_ms == 5000);
  CHECK(c.server.read_timeout_ms == 20000);
  CHECK(c.server.idle_timeout_ms == 15000);
  CHECK(c.server.write_timeout_ms == 25000);
  CHECK(c.server.max_connections == 500);
  CHECK(c.server.drain_ms == 7000);
  CHECK(c.server.drain_grace_ms == 3000);
  CHECK(c.logging.format == "json");
  CHECK(c.logging.level == "warn");
  CHECK(c.logging.access_log);

  json bad = good();
  bad["server"] = {{"max_header_bytes", 100}, {"header_timeout_ms", 0}, {"read_timeout_ms", -1},
                   {"idle_timeout_ms", "1s"}, {"write_timeout_ms", 0},  {"max_connections", 0},
                   {"drain_ms", 4'000'000},   {"drain_grace_ms", -5}};
  bad["logging"] = {{"format", "xml"}, {"level", "verbose"}, {"access_log", "yes"}};
  CHECK(has_error(bad, "server.max_header_bytes", "1024 to 1048576"));
  CHECK(has_error(bad, "server.header_timeout_ms", "positive"));
  CHECK(has_error(bad, "server.read_timeout_ms", "positive"));
  CHECK(has_error(bad, "server.idle_timeout_ms", "positive"));
  CHECK(has_error(bad, "server.write_timeout_ms", "positive"));
  CHECK(has_error(bad, "server.max_connections", "1 to 1000000"));
  CHECK(has_error(bad, "server.drain_ms", "0 to 3600000"));
  CHECK(has_error(bad, "server.drain_grace_ms"));
  CHECK(has_error(bad, "logging.format", "\"text\" or \"json\""));
  CHECK(has_error(bad, "logging.level", "\"debug\""));
  CHECK(has_error(bad, "logging.access_log", "true or false"));

  const Environment env = {{"TRAVELCTL_SERVER_MAX_CONNECTIONS", "42"},
                           {"TRAVELCTL_SERVER_DRAIN_GRACE_MS", "1500"},
                           {"TRAVELCTL_LOGGING_FORMAT", "json"},
                           {"TRAVELCTL_LOGGING_ACCESS_LOG", "true"}};
  auto e = load_config(good().dump(), env);
  REQUIRE(e);
  CHECK(e->config.server.max_connections == 42);
  CHECK(e->config.server.drain_grace_ms == 1500);
  CHECK(e->config.logging.format == "json");
  CHECK(e->config.logging.access_log);
  CHECK(has_error(good(), "logging.access_log", "TRAVELCTL_LOGGING_ACCESS_LOG",
                  {{"TRAVELCTL_LOGGING_ACCESS_LOG", "maybe"}}));
}
