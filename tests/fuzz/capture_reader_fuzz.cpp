// Fuzz target: the capture (NDJSON) reader on arbitrary bytes must return exchanges and problems
// (each with a line number and a reason), never crash or throw; then the plan over them too.
#include <cstdint>
#include <cstdlib>
#include <string>

#include "travelctl/bench/replay/plan.hpp"
#include "travelctl/bench/replay/readers.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  const auto in = travelctl::bench::replay::read_capture(text);
  for (const auto& p : in.problems) {
    if (p.where == 0 || p.reason.empty()) {
      std::abort();
    }
  }
  for (const auto& x : in.exchanges) {
    if (x.target.empty() || x.target.front() != '/' || x.status < 100 || x.status > 599) {
      std::abort();
    }
  }
  travelctl::bench::replay::PlanOptions options;
  options.allow_writes = true;
  const auto plan = travelctl::bench::replay::make_plan(in, options);
  if (plan.requests.size() + plan.skipped.size() != in.exchanges.size()) {
    std::abort();
  }
  return 0;
}
