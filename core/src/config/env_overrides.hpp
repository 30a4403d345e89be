// Internal: applies TRAVELCTL_* environment variables to the configuration's JSON tree.
#pragma once

#include <nlohmann/json.hpp>

#include "travelctl/core/config/load.hpp"

namespace travelctl::core::config::detail {

/// Sets every key named by a variable of `env` in `root` (an object), recording in `diag` which
/// path each variable set, and warning about TRAVELCTL_* variables that name no key.
void apply_env_overrides(nlohmann::json& root, const Environment& env, Diagnostics& diag);

}  // namespace travelctl::core::config::detail
