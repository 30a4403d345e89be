// Number formatting shared by the renderers: figures people read, with sensible precision.
#pragma once

#include <optional>
#include <string>

#include "travelctl/reports/compare.hpp"

namespace travelctl::reports {

/// Three or four significant figures, no exponent: 0.215, 3.90, 12.0, 150, 12346.
std::string format_number(double v);
/// A whole number with thousands separators: 100,000.
std::string format_count(double v);
/// A parameter as typed: 0.05, 5, 7.5 (shortest form, %g).
std::string format_plain(double v);
/// A metric's value with its unit: "3.90 ms", "12346 req/s", "0.12%".
std::string format_metric(MetricId id, double v);
/// A signed percentage, "+13.8%", "-2.1%"; "new" for an infinite change (from zero).
std::string format_change(const std::optional<double>& pct);
/// A p-value: "0.0079", "<0.0001".
std::string format_p(double p);

}  // namespace travelctl::reports
