// JSON-aware diff of captured and replayed bodies (see json_diff.hpp).
#include "travelctl/reports/replay/json_diff.hpp"

#include <algorithm>
#include <set>

namespace travelctl::reports::replay {

namespace {

using nlohmann::json;

struct Walker {
  const JsonDiffOptions& options;
  JsonDiff& out;
  std::vector<std::string> path;

  bool ignored() const {
    return std::any_of(options.ignore.begin(), options.ignore.end(),
                       [&](const PointerPattern& p) { return p.matches(path); });
  }

  std::string pointer() const {
    std::string p;
    for (const auto& s : path) {
      p += '/';
      p += escape_pointer_segment(s);
    }
    return p;
  }

  void record(const json* old_value, const json* new_value) {
    if (ignored()) {
      return;
    }
    ++out.total;
    if (out.changes.size() < options.max_changes) {
      JsonChange c{pointer(), std::nullopt, std::nullopt};
      if (old_value != nullptr) {
        c.old_value = *old_value;
      }
      if (new_value != nullptr) {
        c.new_value = *new_value;
      }
      out.changes.push_back(std::move(c));
    }
  }

  void walk(const json& a, const json& b) {
    if (ignored()) {
      return;  // nothing below an ignored location counts
    }
    if (options.masked_matches_anything && a.is_string() &&
        a.get_ref<const std::string&>() == "***") {
      return;
    }
    if (a.is_object() && b.is_object()) {
      walk_objects(a, b);
    } else if (a.is_array() && b.is_array()) {
      walk_arrays(a, b);
    } else if (a != b) {  // nlohmann compares integer and float numbers by value
      record(&a, &b);
    }
  }

  void walk_objects(const json& a, const json& b) {
    std::set<std::string> keys;  // sorted: the report reads the same whatever the key order
    for (const auto& [k, v] : a.items()) {
      keys.insert(k);
    }
    for (const auto& [k, v] : b.items()) {
      keys.insert(k);
    }
    for (const auto& k : keys) {
      path.push_back(k);
      const auto ia = a.find(k);
      const auto ib = b.find(k);
      if (ia == a.end()) {
        record(nullptr, &*ib);
      } else if (ib == b.end()) {
        record(&*ia, nullptr);
      } else {
        walk(*ia, *ib);
      }
      path.pop_back();
    }
  }

  void walk_arrays(const json& a, const json& b) {
    const std::size_t n = std::max(a.size(), b.size());
    for (std::size_t i = 0; i < n; ++i) {
      path.push_back(std::to_string(i));
      if (i >= a.size()) {
        record(nullptr, &b[i]);
      } else if (i >= b.size()) {
        record(&a[i], nullptr);
      } else {
        walk(a[i], b[i]);
      }
      path.pop_back();
    }
  }
};

}  // namespace

std::optional<PointerPattern> PointerPattern::parse(std::string_view text) {
  PointerPattern p;
  p.text_ = std::string(text);
  if (text.empty()) {
    return p;  // the whole document
  }
  if (text.front() != '/') {
    return std::nullopt;
  }
  std::string segment;
  for (std::size_t i = 1; i <= text.size(); ++i) {
    if (i == text.size() || text[i] == '/') {
      p.segments_.push_back(std::move(segment));
      segment.clear();
    } else if (text[i] == '~') {
      if (i + 1 >= text.size() || (text[i + 1] != '0' && text[i + 1] != '1')) {
        return std::nullopt;
      }
      segment.push_back(text[i + 1] == '0' ? '~' : '/');
      ++i;
    } else {
      segment.push_back(text[i]);
    }
  }
  return p;
}

bool PointerPattern::matches(const std::vector<std::string>& path) const {
  if (segments_.size() > path.size()) {
    return false;
  }
  for (std::size_t i = 0; i < segments_.size(); ++i) {
    if (segments_[i] != "*" && segments_[i] != path[i]) {
      return false;
    }
  }
  return true;
}

JsonDiff json_diff(const json& captured, const json& replayed, const JsonDiffOptions& options) {
  JsonDiff out;
  Walker w{options, out, {}};
  w.walk(captured, replayed);
  return out;
}

std::string escape_pointer_segment(std::string_view key) {
  std::string s;
  s.reserve(key.size());
  for (char c : key) {
    if (c == '~') {
      s += "~0";
    } else if (c == '/') {
      s += "~1";
    } else {
      s.push_back(c);
    }
  }
  return s;
}

const std::vector<std::string>& default_ignores() {
  static const std::vector<std::string> kIgnores = {
      "/search_id", "/error/request_id", "/request_id", "/booking_token", "/expires_at",
  };
  return kIgnores;
}

}  // namespace travelctl::reports::replay
