// Number formatting for tables, Markdown and HTML.
#include "travelctl/reports/format.hpp"

#include <cmath>
#include <cstdio>

namespace travelctl::reports {

namespace {

std::string printf_string(const char* fmt, double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, fmt, v);
  return buf;
}

}  // namespace

std::string format_number(double v) {
  const double a = std::abs(v);
  if (a == 0) {
    return "0";
  }
  if (a < 1) {
    return printf_string("%.3f", v);
  }
  if (a < 10) {
    return printf_string("%.2f", v);
  }
  if (a < 1000) {
    return printf_string("%.1f", v);
  }
  return printf_string("%.0f", v);
}

std::string format_count(double v) {
  std::string digits = printf_string("%.0f", std::abs(v));
  for (int i = static_cast<int>(digits.size()) - 3; i > 0; i -= 3) {
    digits.insert(static_cast<std::size_t>(i), 1, ',');
  }
  return (v < 0 ? "-" : "") + digits;
}

std::string format_plain(double v) { return printf_string("%g", v); }

std::string format_metric(MetricId id, double v) {
  switch (id) {
    case MetricId::rps:
      return format_number(v) + " req/s";
    case MetricId::error_rate:
      return format_number(v * 100.0) + "%";
    default:
      return format_number(v) + " ms";
  }
}

std::string format_change(const std::optional<double>& pct) {
  if (!pct) {
    return "new";
  }
  const double v = std::abs(*pct) < 0.05 ? 0.0 : *pct;
  return printf_string(std::abs(v) < 100 ? "%+.1f%%" : "%+.0f%%", v);
}

std::string format_p(double p) {
  if (p < 0.0001) {
    return "<0.0001";
  }
  return printf_string(p < 0.01 ? "%.4f" : "%.3f", p);
}

}  // namespace travelctl::reports
