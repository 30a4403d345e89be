// Internal to the scenario loader: parsing of already-read JSON and header name helpers.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "travelctl/bench/scenario.hpp"

namespace travelctl::bench {

Expected<Scenario, ScenarioError> parse_scenario_json(const nlohmann::json& j,
                                                      const std::string& file);
Expected<RunConfig, ScenarioError> parse_run_config_json(const nlohmann::json& j,
                                                         const std::string& file,
                                                         const std::string& path);
/// The names of the BuiltinSlot slots, in slot order.
std::vector<std::string> builtin_slot_names();
/// An RFC 9110 token.
bool valid_header_name(std::string_view name);
bool header_name_equals(std::string_view a, std::string_view b);

}  // namespace travelctl::bench
