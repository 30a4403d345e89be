// Inline SVG charts for the HTML report: axes with nice ticks, gridlines, legends, lines and bars.
// Private to the reports library.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace travelctl::reports::html {

/// Escapes &, <, >, " and ' for HTML text and attributes.
std::string escape(const std::string& text);

struct Point {
  double x;
  double y;
};

struct Series {
  std::string name;    ///< legend text; empty: not in the legend
  std::string colour;  ///< CSS colour
  std::vector<Point> points;
  bool dashed = false;
  double width = 2.0;
  double opacity = 1.0;
};

/// An axis: linear, log10, or "nines" (x = -log10(1 - q), labelled 90%, 99%, 99.9%...).
struct Axis {
  enum class Kind { linear, log, nines };
  Kind kind = Kind::linear;
  std::string label;
  std::optional<double> min;  ///< data range when unset (linear y axes start at 0)
  std::optional<double> max;
  std::function<std::string(double)> format;  ///< tick labels; a default per kind when empty
};

struct ChartFrame {
  std::string title;
  std::string subtitle;
  int width = 560;
  int height = 320;
};

/// Lines over x and y axes, with a legend of the named series.
std::string line_chart(const ChartFrame& frame, const Axis& x, const Axis& y,
                       const std::vector<Series>& series);

/// Bars over an x axis of intervals [x0, x1) (log or linear), heights y; an optional outline
/// series drawn as a step line on top (for a baseline).
struct BarSet {
  std::string name;
  std::string colour;
  std::vector<std::pair<Point, double>> bars;  ///< ((x0, y), x1)
  bool outline = false;                        ///< draw as a step line instead of filled bars
};
std::string bar_chart(const ChartFrame& frame, const Axis& x, const Axis& y,
                      const std::vector<BarSet>& sets);

/// Horizontal bars, one row per category with one bar per group (current, baseline...).
struct Category {
  std::string label;
  std::vector<double> values;  ///< one per group
};
std::string horizontal_bars(const ChartFrame& frame, const std::vector<std::string>& groups,
                            const std::vector<std::string>& colours,
                            const std::vector<Category>& categories,
                            const std::function<std::string(double)>& format);

/// Tick values for [lo, hi]: 1-2-5 steps for linear axes, powers of ten (with 2 and 5 when the
/// range is short) for log axes, whole nines for nines axes.
std::vector<double> ticks(const Axis& axis, double lo, double hi);

}  // namespace travelctl::reports::html
