// Environment overrides: the variable name of each scalar key follows from its JSON path.
#include "env_overrides.hpp"

#include <cctype>
#include <cmath>
#include <cstdlib>
#include <set>

namespace travelctl::core::config {
namespace detail {
namespace {

using nlohmann::json;

enum class Kind { integer, number, string, string_list, boolean };

struct Key {
  const char* path;
  Kind kind;
};

constexpr Key kGlobalKeys[] = {
    {"server.listen", Kind::string},
    {"server.threads", Kind::integer},
    {"server.max_body_bytes", Kind::integer},
    {"server.request_timeout_ms", Kind::integer},
    {"server.max_header_bytes", Kind::integer},
    {"server.header_timeout_ms", Kind::integer},
    {"server.read_timeout_ms", Kind::integer},
    {"server.idle_timeout_ms", Kind::integer},
    {"server.write_timeout_ms", Kind::integer},
    {"server.max_connections", Kind::integer},
    {"server.drain_ms", Kind::integer},
    {"server.drain_grace_ms", Kind::integer},
    {"supplier.base_url", Kind::string},
    {"supplier.api_key", Kind::string},
    {"supplier.webhook_secret", Kind::string},
    {"supplier.connect_timeout_ms", Kind::integer},
    {"supplier.timeout_ms", Kind::integer},
    {"supplier.max_response_bytes", Kind::integer},
    {"supplier.hedge_after_ms", Kind::integer},
    {"supplier.max_rps", Kind::integer},
    {"supplier.pool.max_connections", Kind::integer},
    {"supplier.pool.idle_timeout_ms", Kind::integer},
    {"supplier.pool.max_requests_per_connection", Kind::integer},
    {"supplier.pool.max_waiting", Kind::integer},
    {"supplier.pool.max_lifetime_ms", Kind::integer},
    {"supplier.retries.max", Kind::integer},
    {"supplier.retries.budget_percent", Kind::integer},
    {"supplier.retries.backoff_ms", Kind::integer},
    {"supplier.retries.max_backoff_ms", Kind::integer},
    {"supplier.circuit_breaker.failure_threshold", Kind::integer},
    {"supplier.circuit_breaker.open_ms", Kind::integer},
    {"supplier.circuit_breaker.failure_rate_percent", Kind::integer},
    {"supplier.circuit_breaker.window_ms", Kind::integer},
    {"supplier.circuit_breaker.min_calls", Kind::integer},
    {"cache.search_ttl_ms", Kind::integer},
    {"cache.max_entries", Kind::integer},
    {"store.kind", Kind::string},
    {"store.path", Kind::string},
    {"cache.stale_ms", Kind::integer},
    {"cache.rendered_per_thread", Kind::integer},
    {"webhooks.first_retry_ms", Kind::integer},
    {"webhooks.max_retry_ms", Kind::integer},
    {"webhooks.max_attempts", Kind::integer},
    {"webhooks.timeout_ms", Kind::integer},
    {"webhooks.max_in_flight", Kind::integer},
    {"webhooks.max_in_flight_per_client", Kind::integer},
    {"webhooks.unrouted_timeout_ms", Kind::integer},
    {"scoring.url", Kind::string},
    {"scoring.timeout_ms", Kind::integer},
    {"scoring.chunk", Kind::integer},
    {"capture.file", Kind::string},
    {"capture.max_bytes", Kind::integer},
    {"capture.keep", Kind::integer},
    {"capture.sample", Kind::number},
    {"capture.routes", Kind::string_list},
    {"capture.queue", Kind::integer},
    {"logging.format", Kind::string},
    {"logging.level", Kind::string},
    {"logging.access_log", Kind::boolean},
};

// Relative to `clients[i].`; markup.fixed.<CUR> is handled apart (its keys are currencies).
constexpr Key kClientKeys[] = {
    {"id", Kind::string},
    {"api_keys", Kind::string_list},
    {"currency", Kind::string},
    {"currencies", Kind::string_list},
    {"markup.percent_bps", Kind::integer},
    {"rate_limit.per_second", Kind::integer},
    {"rate_limit.burst", Kind::integer},
    {"webhook.url", Kind::string},
    {"webhook.secret", Kind::string},
};

constexpr std::string_view kPrefix = "TRAVELCTL_";

// An integer when the text is one (so that the reader accepts it), else the text itself (so that
// the reader reports the type problem with the variable's name).
json typed_value(const std::string& text, Kind kind) {
  if (kind == Kind::string) {
    return text;
  }
  if (kind == Kind::boolean) {
    if (text == "true" || text == "1") {
      return true;
    }
    if (text == "false" || text == "0") {
      return false;
    }
    return text;
  }
  if (kind == Kind::string_list) {
    json list = json::array();
    std::size_t start = 0;
    for (;;) {
      const auto comma = text.find(',', start);
      std::string item = text.substr(start, comma == std::string::npos ? comma : comma - start);
      const auto b = item.find_first_not_of(" \t");
      const auto e = item.find_last_not_of(" \t");
      list.push_back(b == std::string::npos ? std::string() : item.substr(b, e - b + 1));
      if (comma == std::string::npos) {
        break;
      }
      start = comma + 1;
    }
    return list;
  }
  if (kind == Kind::number) {
    // A number when all of the text is one, else the text (the reader then names the variable).
    char* end = nullptr;
    const double v = std::strtod(text.c_str(), &end);
    return !text.empty() && end == text.c_str() + text.size() && std::isfinite(v) ? json(v)
                                                                                  : json(text);
  }
  std::size_t i = text.size() > 1 && text[0] == '-' ? 1 : 0;
  if (i == text.size() || text.size() - i > 18 ||
      text.find_first_not_of("0123456789", i) != std::string::npos) {
    return text;
  }
  return std::stoll(text);
}

// Sets root at a dotted path, creating objects on the way (a non-object on the way is replaced,
// which only happens when the file had the wrong type there and would be reported anyway).
void set_path(json& root, std::string_view dotted, json value) {
  json* node = &root;
  for (;;) {
    const auto dot = dotted.find('.');
    std::string part(dotted.substr(0, dot));
    if (!node->is_object()) {
      *node = json::object();
    }
    if (dot == std::string_view::npos) {
      (*node)[part] = std::move(value);
      return;
    }
    node = &(*node)[part];
    dotted.remove_prefix(dot + 1);
  }
}

// The client indices named by TRAVELCTL_CLIENTS_<i>_... variables.
int highest_env_client(const Environment& env) {
  int highest = -1;
  constexpr std::string_view kClients = "TRAVELCTL_CLIENTS_";
  for (const auto& [name, value] : env) {
    if (name.compare(0, kClients.size(), kClients) != 0) {
      continue;
    }
    std::size_t i = kClients.size();
    int index = 0;
    std::size_t digits = 0;
    while (i < name.size() && std::isdigit(static_cast<unsigned char>(name[i])) && digits < 4) {
      index = index * 10 + (name[i++] - '0');
      ++digits;
    }
    if (digits > 0 && i < name.size() && name[i] == '_') {
      highest = std::max(highest, index);
    }
  }
  return highest;
}

}  // namespace

void apply_env_overrides(json& root, const Environment& env, Diagnostics& diag) {
  std::set<std::string> used;
  auto apply = [&](json& base, const std::string& full_path, std::string_view rel_path, Kind kind) {
    const std::string var = env_name_for(full_path);
    auto it = env.find(var);
    if (it == env.end()) {
      return;
    }
    used.insert(var);
    set_path(base, rel_path, typed_value(it->second, kind));
    diag.set_origin(full_path, var);
  };
  for (const Key& k : kGlobalKeys) {
    apply(root, k.path, k.path, k.kind);
  }
  const int highest = highest_env_client(env);
  json* clients = root.contains("clients") ? &root["clients"] : nullptr;
  if (highest >= 0 && (clients == nullptr || clients->is_array())) {
    if (clients == nullptr) {
      root["clients"] = json::array();
      clients = &root["clients"];
    }
    while (static_cast<int>(clients->size()) <= highest) {
      clients->push_back(json::object());
    }
  }
  if (clients != nullptr && clients->is_array()) {
    for (std::size_t i = 0; i < clients->size(); ++i) {
      json& c = (*clients)[i];
      if (!c.is_object()) {
        continue;
      }
      const std::string base = "clients[" + std::to_string(i) + "].";
      for (const Key& k : kClientKeys) {
        apply(c, base + k.path, k.path, k.kind);
      }
      // markup.fixed.<CUR>: one variable per currency code of the variable's name.
      const std::string fixed_var = env_name_for(base + "markup.fixed.");
      for (auto it = env.lower_bound(fixed_var); it != env.end(); ++it) {
        if (it->first.compare(0, fixed_var.size(), fixed_var) != 0) {
          break;
        }
        const std::string code = it->first.substr(fixed_var.size());
        apply(c, base + "markup.fixed." + code, "markup.fixed." + code, Kind::integer);
      }
    }
  }
  for (const auto& [name, value] : env) {
    if (name.compare(0, kPrefix.size(), kPrefix) == 0 && !used.count(name)) {
      diag.warning(name, "environment variable names no configuration key (ignored)");
    }
  }
}

}  // namespace detail

std::string env_name_for(std::string_view path) {
  std::string out(detail::kPrefix);
  for (char c : path) {
    if (c == '.' || c == '[') {
      out += '_';
    } else if (c != ']') {
      out += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    }
  }
  return out;
}

}  // namespace travelctl::core::config
