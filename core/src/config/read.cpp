// Reading the configuration's JSON tree into typed values: types and unknown keys, nothing else.
#include <nlohmann/json.hpp>
#include <set>

#include "env_overrides.hpp"
#include "travelctl/core/config/load.hpp"

namespace travelctl::core::config {
namespace {

using nlohmann::json;

constexpr const char* kPositive = "must be a positive integer";
constexpr const char* kNonNegative = "must be a non-negative integer";

std::string join(const std::string& base, std::string_view key) {
  return base.empty() ? std::string(key) : base + "." + std::string(key);
}

// Reads the known keys of one JSON object; whatever is left over is warned about in finish().
class ObjectReader {
 public:
  // `node` may be null (key absent): every read then keeps its default.
  ObjectReader(const json* node, std::string path, Diagnostics& diag)
      : node_(node), path_(std::move(path)), diag_(diag) {
    if (node_ != nullptr && !node_->is_object()) {
      diag_.error(path_, "must be an object");
      node_ = nullptr;
    }
  }

  void integer(std::string_view key, int64_t& out, const char* reason) {
    if (const json* v = find(key)) {
      if (v->is_number_integer() &&
          (v->is_number_unsigned() ? v->get<uint64_t>() <= INT64_MAX : true)) {
        out = v->get<int64_t>();
      } else {
        diag_.error(join(path_, key), reason);
      }
    }
  }

  void number(std::string_view key, double& out, const char* reason) {
    if (const json* v = find(key)) {
      if (v->is_number()) {
        out = v->get<double>();
      } else {
        diag_.error(join(path_, key), reason);
      }
    }
  }

  void boolean(std::string_view key, bool& out) {
    if (const json* v = find(key)) {
      if (v->is_boolean()) {
        out = v->get<bool>();
      } else {
        diag_.error(join(path_, key), "must be true or false");
      }
    }
  }

  void string(std::string_view key, std::string& out) {
    if (const json* v = find(key)) {
      if (v->is_string()) {
        out = v->get<std::string>();
      } else {
        diag_.error(join(path_, key), "must be a string");
      }
    }
  }

  // Returns true when the key was present (even with a wrong type), so callers can tell "absent".
  bool string_list(std::string_view key, std::vector<std::string>& out) {
    const json* v = find(key);
    if (v == nullptr) {
      return false;
    }
    if (!v->is_array()) {
      diag_.error(join(path_, key), "must be an array of strings");
      return true;
    }
    out.clear();
    for (std::size_t i = 0; i < v->size(); ++i) {
      if ((*v)[i].is_string()) {
        out.push_back((*v)[i].get<std::string>());
      } else {
        diag_.error(join(path_, key) + "[" + std::to_string(i) + "]", "must be a string");
      }
    }
    return true;
  }

  // A nested object (or null when absent); the caller reads it with its own ObjectReader.
  const json* child(std::string_view key) { return find(key); }

  const std::string& path() const { return path_; }

  ~ObjectReader() {
    if (node_ == nullptr) {
      return;
    }
    for (const auto& [key, value] : node_->items()) {
      if (!known_.count(key)) {
        diag_.warning(join(path_, key), "unknown key (ignored)");
      }
    }
  }

 private:
  const json* find(std::string_view key) {
    known_.insert(std::string(key));
    if (node_ == nullptr) {
      return nullptr;
    }
    auto it = node_->find(key);
    return it == node_->end() ? nullptr : &*it;
  }

  const json* node_;
  std::string path_;
  Diagnostics& diag_;
  std::set<std::string> known_;
};

void read_server(ObjectReader& root, ServerConfig& s, Diagnostics& diag) {
  ObjectReader r(root.child("server"), "server", diag);
  r.string("listen", s.listen);
  r.integer("threads", s.threads, "must be an integer from 0 (one per core) to 1024");
  r.integer("max_body_bytes", s.max_body_bytes, kPositive);
  r.integer("request_timeout_ms", s.request_timeout_ms, kPositive);
  r.integer("max_header_bytes", s.max_header_bytes, kPositive);
  r.integer("header_timeout_ms", s.header_timeout_ms, kPositive);
  r.integer("read_timeout_ms", s.read_timeout_ms, kPositive);
  r.integer("idle_timeout_ms", s.idle_timeout_ms, kPositive);
  r.integer("write_timeout_ms", s.write_timeout_ms, kPositive);
  r.integer("max_connections", s.max_connections, kPositive);
  r.integer("drain_ms", s.drain_ms, kNonNegative);
  r.integer("drain_grace_ms", s.drain_grace_ms, kNonNegative);
}

void read_supplier(ObjectReader& root, SupplierConfig& s, Diagnostics& diag) {
  ObjectReader r(root.child("supplier"), "supplier", diag);
  r.string("base_url", s.base_url);
  r.string("api_key", s.api_key);
  r.string("webhook_secret", s.webhook_secret);
  r.integer("connect_timeout_ms", s.connect_timeout_ms, kPositive);
  r.integer("timeout_ms", s.timeout_ms, kPositive);
  r.integer("max_response_bytes", s.max_response_bytes, kPositive);
  r.integer("hedge_after_ms", s.hedge_after_ms, kNonNegative);
  r.integer("max_rps", s.max_rps, kNonNegative);
  {
    ObjectReader p(r.child("pool"), "supplier.pool", diag);
    p.integer("max_connections", s.pool.max_connections, kPositive);
    p.integer("idle_timeout_ms", s.pool.idle_timeout_ms, kPositive);
    p.integer("max_requests_per_connection", s.pool.max_requests_per_connection, kPositive);
    p.integer("max_waiting", s.pool.max_waiting, kNonNegative);
    p.integer("max_lifetime_ms", s.pool.max_lifetime_ms, kNonNegative);
  }
  {
    ObjectReader p(r.child("retries"), "supplier.retries", diag);
    p.integer("max", s.retries.max, kNonNegative);
    p.integer("budget_percent", s.retries.budget_percent, "must be an integer from 0 to 100");
    p.integer("backoff_ms", s.retries.backoff_ms, kPositive);
    p.integer("max_backoff_ms", s.retries.max_backoff_ms, kPositive);
  }
  {
    ObjectReader p(r.child("circuit_breaker"), "supplier.circuit_breaker", diag);
    p.integer("failure_threshold", s.circuit_breaker.failure_threshold, kPositive);
    p.integer("open_ms", s.circuit_breaker.open_ms, kPositive);
    p.integer("failure_rate_percent", s.circuit_breaker.failure_rate_percent,
              "must be an integer from 0 (not used) to 100");
    p.integer("window_ms", s.circuit_breaker.window_ms, kPositive);
    p.integer("min_calls", s.circuit_breaker.min_calls, kPositive);
  }
}

void read_client(const json& node, const std::string& path, ClientConfig& c, Diagnostics& diag) {
  ObjectReader r(&node, path, diag);
  r.string("id", c.id);
  r.string_list("api_keys", c.api_keys);
  r.string("currency", c.currency);
  if (!r.string_list("currencies", c.currencies) && !c.currency.empty()) {
    c.currencies = {c.currency};  // a client with one currency need not list it twice
  }
  {
    ObjectReader m(r.child("markup"), path + ".markup", diag);
    m.integer("percent_bps", c.markup.percent_bps, kNonNegative);
    const json* fixed = m.child("fixed");
    if (fixed != nullptr && !fixed->is_object()) {
      diag.error(path + ".markup.fixed", "must be an object of currency: integer");
    } else if (fixed != nullptr) {
      for (const auto& [cur, value] : fixed->items()) {
        if (value.is_number_integer() &&
            (!value.is_number_unsigned() || value.get<uint64_t>() <= INT64_MAX)) {
          c.markup.fixed.emplace_back(cur, value.get<int64_t>());
        } else {
          diag.error(path + ".markup.fixed." + cur, kNonNegative);
        }
      }
    }
  }
  {
    ObjectReader l(r.child("rate_limit"), path + ".rate_limit", diag);
    l.integer("per_second", c.rate_limit.per_second, kNonNegative);
    l.integer("burst", c.rate_limit.burst, kNonNegative);
  }
  {
    ObjectReader w(r.child("webhook"), path + ".webhook", diag);
    w.string("url", c.webhook.url);
    w.string("secret", c.webhook.secret);
  }
}

void read_root(const json& root, Config& config, Diagnostics& diag) {
  ObjectReader r(&root, "", diag);
  read_server(r, config.server, diag);
  read_supplier(r, config.supplier, diag);
  {
    ObjectReader c(r.child("cache"), "cache", diag);
    c.integer("search_ttl_ms", config.cache.search_ttl_ms, kNonNegative);
    c.integer("max_entries", config.cache.max_entries, kNonNegative);
    c.integer("stale_ms", config.cache.stale_ms, kNonNegative);
    c.integer("rendered_per_thread", config.cache.rendered_per_thread, kNonNegative);
  }
  {
    ObjectReader s(r.child("store"), "store", diag);
    s.string("kind", config.store.kind);
    s.string("path", config.store.path);
  }
  if (const json* clients = r.child("clients")) {
    if (!clients->is_array()) {
      diag.error("clients", "must be an array of client objects");
    } else {
      config.clients.clear();
      config.clients.resize(clients->size());
      for (std::size_t i = 0; i < clients->size(); ++i) {
        read_client((*clients)[i], "clients[" + std::to_string(i) + "]", config.clients[i], diag);
      }
    }
  }
  {
    ObjectReader w(r.child("webhooks"), "webhooks", diag);
    auto& c = config.webhooks;
    w.integer("first_retry_ms", c.first_retry_ms, kPositive);
    w.integer("max_retry_ms", c.max_retry_ms, kPositive);
    w.integer("max_attempts", c.max_attempts, kPositive);
    w.integer("timeout_ms", c.timeout_ms, kPositive);
    w.integer("max_in_flight", c.max_in_flight, kPositive);
    w.integer("max_in_flight_per_client", c.max_in_flight_per_client, kPositive);
    w.integer("unrouted_timeout_ms", c.unrouted_timeout_ms, kPositive);
  }
  {
    ObjectReader c(r.child("capture"), "capture", diag);
    c.string("file", config.capture.file);
    c.integer("max_bytes", config.capture.max_bytes, kNonNegative);
    c.integer("keep", config.capture.keep, "must be an integer from 0 to 1000");
    c.number("sample", config.capture.sample, "must be a number from 0 to 1");
    c.string_list("routes", config.capture.routes);
    c.integer("queue", config.capture.queue, "must be an integer from 1 to 16777216");
  }
  {
    ObjectReader l(r.child("logging"), "logging", diag);
    l.string("format", config.logging.format);
    l.string("level", config.logging.level);
    l.boolean("access_log", config.logging.access_log);
  }
  {
    ObjectReader s(r.child("scoring"), "scoring", diag);
    s.string("url", config.scoring.url);
    s.integer("timeout_ms", config.scoring.timeout_ms, kPositive);
    s.integer("chunk", config.scoring.chunk, "must be an integer from 1 to 1000");
  }
}

// "line L, column C" of a byte offset, for syntax errors people can find.
std::string position_of(std::string_view text, std::size_t offset) {
  std::size_t line = 1, column = 1;
  for (std::size_t i = 0; i < offset && i < text.size(); ++i) {
    if (text[i] == '\n') {
      ++line;
      column = 1;
    } else {
      ++column;
    }
  }
  return "line " + std::to_string(line) + ", column " + std::to_string(column);
}

}  // namespace

bool read_config(std::string_view json_text, const Environment& env, Config& config,
                 Diagnostics& diag) {
  json root = json::object();
  if (json_text.find_first_not_of(" \t\r\n") != std::string_view::npos) {
    try {
      root = json::parse(json_text);
    } catch (const json::parse_error& e) {
      diag.error("", "not valid JSON at " + position_of(json_text, e.byte > 0 ? e.byte - 1 : 0));
      return false;
    }
    if (!root.is_object()) {
      diag.error("", "the configuration must be a JSON object");
      return false;
    }
  }
  detail::apply_env_overrides(root, env, diag);
  read_root(root, config, diag);
  return true;
}

}  // namespace travelctl::core::config
