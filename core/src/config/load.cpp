// Loading entry points and diagnostics: file or text, environment snapshot, every problem kept.
#include "travelctl/core/config/load.hpp"

#include <filesystem>
#include <fstream>
#include <sstream>

extern char** environ;

namespace travelctl::core::config {

std::string to_string(const Problem& p) {
  return p.path.empty() ? p.reason : p.path + ": " + p.reason;
}

std::string Diagnostics::annotate(const std::string& path, std::string reason) const {
  auto it = origins_.find(path);
  if (it != origins_.end()) {
    reason += " (set by " + it->second + ")";
  }
  return reason;
}

void Diagnostics::error(std::string path, std::string reason) {
  for (const Problem& p : errors_) {
    if (p.path == path && !path.empty()) {
      return;
    }
  }
  reason = annotate(path, std::move(reason));
  errors_.push_back({std::move(path), std::move(reason)});
}

void Diagnostics::warning(std::string path, std::string reason) {
  reason = annotate(path, std::move(reason));
  warnings_.push_back({std::move(path), std::move(reason)});
}

void Diagnostics::set_origin(const std::string& path, std::string var) {
  origins_[path] = std::move(var);
}

Environment process_environment() {
  Environment env;
  for (char** e = environ; e != nullptr && *e != nullptr; ++e) {
    std::string_view entry(*e);
    if (entry.rfind("TRAVELCTL_", 0) != 0) {
      continue;
    }
    const auto eq = entry.find('=');
    if (eq != std::string_view::npos) {
      env.emplace(std::string(entry.substr(0, eq)), std::string(entry.substr(eq + 1)));
    }
  }
  return env;
}

Expected<Loaded, Diagnostics> load_config(std::string_view json_text, const Environment& env) {
  Diagnostics diag;
  Config config;
  if (read_config(json_text, env, config, diag)) {
    validate(config, diag);
  }
  if (!diag.ok()) {
    return unexpected(std::move(diag));
  }
  return Loaded{std::move(config), diag.warnings()};
}

bool read_text_file(const std::string& path, std::string& out) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec)) {
    return false;
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return false;
  }
  std::ostringstream ss;
  ss << in.rdbuf();
  if (in.bad()) {
    return false;
  }
  out = std::move(ss).str();
  return true;
}

Expected<Loaded, Diagnostics> load_config_file(const std::string& path, const Environment& env) {
  std::string text;
  if (!read_text_file(path, text)) {
    Diagnostics diag;
    diag.error(path, "cannot read the file");
    return unexpected(std::move(diag));
  }
  return load_config(text, env);
}

}  // namespace travelctl::core::config
