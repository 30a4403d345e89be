// What a configuration reload (SIGHUP) can apply while serving, and what needs a restart.
#pragma once

#include <string>
#include <vector>

#include "travelctl/core/config/config.hpp"

namespace travelctl::core::config {

/// The JSON paths of keys that differ between `running` and `next` but that a reload does not
/// apply (listen address, threads, server limits, supplier, cache, store, webhook delivery,
/// scoring): they take effect at the next start. A reload applies `clients` and `logging`.
/// Secrets are compared but only their paths are returned.
std::vector<std::string> restart_only_changes(const Config& running, const Config& next);

/// `running` with what a reload applies taken from `next` (clients, logging): the configuration
/// in force after a successful reload.
Config apply_reloadable(const Config& running, const Config& next);

}  // namespace travelctl::core::config
