// Unit tests of the reload rules: what a SIGHUP applies and which changed keys need a restart.
#include "travelctl/core/config/reload.hpp"

#include <catch2/catch.hpp>

using namespace travelctl::core::config;

namespace {

Config base() {
  Config c;
  c.supplier.api_key = "pk";
  ClientConfig a;
  a.id = "acme";
  a.api_keys = {"k1"};
  a.currency = "USD";
  a.currencies = {"USD"};
  c.clients = {a};
  return c;
}

}  // namespace

TEST_CASE("Reload: clients and logging changes need no restart", "[core]") {
  const Config running = base();
  Config next = base();
  next.clients[0].api_keys = {"k2"};
  next.clients[0].markup.percent_bps = 700;
  next.clients[0].rate_limit = {5, 10};
  next.clients.push_back(next.clients[0]);
  next.clients[1].id = "globex";
  next.logging.level = "debug";
  next.logging.format = "json";
  CHECK(restart_only_changes(running, next).empty());
  const Config applied = apply_reloadable(running, next);
  CHECK(applied.clients.size() == 2);
  CHECK(applied.clients[0].markup.percent_bps == 700);
  CHECK(applied.logging.level == "debug");
}

TEST_CASE("Reload: listen, threads, limits, supplier, cache and store changes are listed",
          "[core]") {
  const Config running = base();
  Config next = base();
  next.server.listen = "127.0.0.1:9999";
  next.server.threads = 3;
  next.server.max_connections = 5;
  next.supplier.base_url = "http://127.0.0.1:1";
  next.supplier.api_key = "other";  // a secret: only its path is reported
  next.cache.search_ttl_ms = 1;
  next.cache.rendered_per_thread = 7;
  next.store.path = "/tmp/other.db";
  next.webhooks.max_attempts = 3;
  next.clients[0].markup.percent_bps = 1;  // applied, not listed
  CHECK(restart_only_changes(running, next) ==
        std::vector<std::string>{"server.listen", "server.threads", "server.max_connections",
                                 "supplier.base_url", "supplier.api_key", "cache.search_ttl_ms",
                                 "cache.rendered_per_thread", "store.path", "webhooks.max_attempts"});
  // What is in force after the reload keeps the running values of those keys.
  const Config applied = apply_reloadable(running, next);
  CHECK(applied.server.listen == running.server.listen);
  CHECK(applied.supplier.api_key == "pk");
  CHECK(applied.store.path == running.store.path);
  CHECK(applied.clients[0].markup.percent_bps == 1);
}
