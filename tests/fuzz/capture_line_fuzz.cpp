// Fuzz target: any bytes as the request and response bodies of a captured exchange give one line
// of valid JSON, in which every value under a personal or person key is masked.
#include <cstdint>
#include <cstdlib>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "travelctl/core/capture/line.hpp"

namespace {

namespace capture = travelctl::core::capture;

// Aborts when a string or number sits under a key that names personal data or people.
void check_masked(const nlohmann::json& v, bool in_person) {
  if (v.is_object()) {
    for (const auto& [key, value] : v.items()) {
      check_masked(value,
                   in_person || capture::is_personal_key(key) || capture::is_person_key(key));
    }
  } else if (v.is_array()) {
    for (const auto& value : v) {
      check_masked(value, in_person);
    }
  } else if (in_person &&
             (v.is_number() || (v.is_string() && v.get<std::string>() != capture::kMask))) {
    std::abort();
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  capture::Exchange e;
  e.method = "POST";
  e.target = "/v1/bookings";
  e.request_body = std::string(bytes);
  e.response_body = std::string(bytes);
  e.secrets = {"fuzz-secret-key"};
  static capture::LineFormatter formatter;
  std::string line;
  formatter.append_line(line, e);
  if (line.empty() || line.back() != '\n' || line.find('\n') != line.size() - 1) {
    std::abort();
  }
  const auto v = nlohmann::json::parse(line, nullptr, false);
  if (v.is_discarded() || !v.is_object()) {
    std::abort();
  }
  check_masked(v["request_body"], false);
  check_masked(v["response_body"], false);
  return 0;
}
