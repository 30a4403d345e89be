// Compiling and rendering `${name}` templates.
#include "travelctl/bench/template.hpp"

#include <algorithm>

namespace travelctl::bench {

Template Template::literal(std::string text) {
  Template t;
  t.literal_text_ = text;
  t.parts_.push_back({std::move(text), -1});
  return t;
}

Expected<Template, std::string> Template::compile(std::string_view text, const Resolver& resolve) {
  Template t;
  std::string pending;
  std::size_t i = 0;
  while (i < text.size()) {
    if (text.compare(i, 3, "$${") == 0) {
      pending += "${";
      i += 3;
      continue;
    }
    if (text.compare(i, 2, "${") != 0) {
      pending += text[i++];
      continue;
    }
    const auto close = text.find('}', i + 2);
    if (close == std::string_view::npos) {
      return unexpected("unterminated reference '" + std::string(text.substr(i)) + "'");
    }
    const std::string_view name = text.substr(i + 2, close - i - 2);
    if (name.empty()) {
      return unexpected(std::string("empty reference '${}'"));
    }
    auto r = resolve(name);
    if (!r) {
      return unexpected("${" + std::string(name) + "}: " + r.error());
    }
    if (r->slot < 0) {
      pending += r->literal;
    } else {
      if (!pending.empty()) {
        t.parts_.push_back({std::move(pending), -1});
        pending.clear();
      }
      t.parts_.push_back({{}, r->slot});
      if (std::find(t.slots_.begin(), t.slots_.end(), r->slot) == t.slots_.end()) {
        t.slots_.push_back(r->slot);
      }
    }
    i = close + 1;
  }
  if (!pending.empty() || t.parts_.empty()) {
    t.parts_.push_back({std::move(pending), -1});
  }
  if (t.slots_.empty()) {
    for (const auto& p : t.parts_) {
      t.literal_text_ += p.text;
    }
  }
  return t;
}

void Template::render(std::string& out, std::span<const std::string> values) const {
  for (const auto& p : parts_) {
    if (p.slot < 0) {
      out += p.text;
    } else {
      out += values[static_cast<std::size_t>(p.slot)];
    }
  }
}

}  // namespace travelctl::bench
