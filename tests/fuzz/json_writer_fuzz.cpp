// Fuzz target: any bytes written as a JSON string must parse back as valid JSON.
#include <cstdint>
#include <cstdlib>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "travelctl/core/json/writer.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string out;
  travelctl::core::json::append_string(out, {reinterpret_cast<const char*>(data), size});
  if (!nlohmann::json::accept(out)) {
    std::abort();
  }
  return 0;
}
