// Inline SVG charts: scales, nice ticks, gridlines, line and bar marks; legends in HTML.
#include "svg.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <sstream>

namespace travelctl::reports::html {

namespace {

constexpr int kLeft = 64;
constexpr int kRight = 30;
constexpr int kTop = 14;
constexpr int kBottom = 46;
constexpr const char* kGrid = "#e5e7eb";
constexpr const char* kAxis = "#9ca3af";
constexpr const char* kText = "#4b5563";

std::string num(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f", v);
  return buf;
}

std::string short_number(double v) {
  char buf[32];
  const double a = std::abs(v);
  if (a >= 1e6) {
    std::snprintf(buf, sizeof buf, "%gM", v / 1e6);
  } else if (a >= 1e4) {
    std::snprintf(buf, sizeof buf, "%gk", v / 1e3);
  } else {
    std::snprintf(buf, sizeof buf, "%g", v);
  }
  return buf;
}

std::string nines_label(double k) {
  if (k <= 0) {
    return "0%";
  }
  // 1 - 10^-k as a percentage with exactly the digits that matter: 90%, 99%, 99.9%...
  const int digits = std::max(0, static_cast<int>(std::lround(k)) - 2);
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.*f%%", digits, 100.0 * (1.0 - std::pow(10.0, -k)));
  return buf;
}

double nice_step(double range, int target) {
  const double raw = range / target;
  const double mag = std::pow(10.0, std::floor(std::log10(raw)));
  for (double m : {1.0, 2.0, 2.5, 5.0, 10.0}) {
    if (raw <= m * mag) {
      return m * mag;
    }
  }
  return 10 * mag;
}

// Maps data to pixels for one axis.
struct Scale {
  Axis::Kind kind;
  double lo;
  double hi;
  double p0;  // pixel of lo
  double p1;  // pixel of hi
  double operator()(double v) const {
    double t = 0;
    if (kind == Axis::Kind::log) {
      t = (std::log10(std::max(v, lo)) - std::log10(lo)) / (std::log10(hi) - std::log10(lo));
    } else {
      t = (v - lo) / (hi - lo);
    }
    return p0 + t * (p1 - p0);
  }
};

// The data range of an axis: given bounds win; linear y starts at 0 and ends on a tick.
std::pair<double, double> range_of(const Axis& a, double lo, double hi, bool is_y) {
  if (!(lo <= hi)) {
    lo = 0;
    hi = 1;
  }
  if (a.kind == Axis::Kind::log) {
    lo = a.min.value_or(std::max(lo, 1e-9) / 1.15);
    hi = a.max.value_or(std::max(hi, lo * 1.01) * 1.15);
  } else if (is_y) {
    lo = a.min.value_or(std::min(0.0, lo));
    hi = a.max.value_or(hi <= lo ? lo + 1
                                 : lo + nice_step(hi - lo, 5) *
                                            std::ceil((hi - lo) / nice_step(hi - lo, 5)));
  } else {
    lo = a.min.value_or(lo);
    hi = a.max.value_or(hi <= lo ? lo + 1 : hi);
  }
  return {lo, hi};
}

std::string tick_label(const Axis& a, double v) {
  if (a.format) {
    return a.format(v);
  }
  return a.kind == Axis::Kind::nines ? nines_label(v) : short_number(v);
}

std::string legend(const std::vector<std::pair<std::string, std::string>>& items,
                   const std::vector<bool>& dashed, bool boxes) {
  std::string out = "<div class=\"legend\">";
  std::vector<std::size_t> order;
  for (std::size_t i = 0; i < items.size(); ++i) {
    order.push_back(i);
  }
  // Solid (current) entries first, dashed (baseline) after, whatever the drawing order.
  std::stable_sort(order.begin(), order.end(),
                   [&dashed](auto a, auto b) { return !dashed[a] && dashed[b]; });
  for (std::size_t i : order) {
    if (items[i].first.empty()) {
      continue;
    }
    const std::string& c = items[i].second;
    const std::string swatch =
        boxes
            ? "<svg width=\"12\" height=\"12\"><rect width=\"12\" height=\"12\" rx=\"2\" fill=\"" +
                  c + "\"/></svg>"
            : "<svg width=\"22\" height=\"10\"><line x1=\"1\" y1=\"5\" x2=\"21\" y2=\"5\" "
              "stroke=\"" +
                  c + "\" stroke-width=\"2.5\"" + (dashed[i] ? " stroke-dasharray=\"5 3\"" : "") +
                  "/></svg>";
    out += "<span>" + swatch + escape(items[i].first) + "</span>";
  }
  return out + "</div>";
}

std::string open_figure(const ChartFrame& f) {
  std::string out = "<figure class=\"chart\"><figcaption><b>" + escape(f.title) + "</b>";
  if (!f.subtitle.empty()) {
    out += "<span>" + escape(f.subtitle) + "</span>";
  }
  return out + "</figcaption>";
}

// Axes, gridlines, tick labels and axis titles; returns the two scales.
std::pair<Scale, Scale> frame_axes(std::ostringstream& svg, const ChartFrame& f, const Axis& x,
                                   const Axis& y, std::pair<double, double> xr,
                                   std::pair<double, double> yr) {
  const double right = f.width - kRight;
  const double bottom = f.height - kBottom;
  const Scale sx{x.kind, xr.first, xr.second, static_cast<double>(kLeft), right};
  const Scale sy{y.kind, yr.first, yr.second, bottom, static_cast<double>(kTop)};
  for (double t : ticks(y, yr.first, yr.second)) {
    const double py = sy(t);
    svg << "<line x1=\"" << kLeft << "\" x2=\"" << num(right) << "\" y1=\"" << num(py) << "\" y2=\""
        << num(py) << "\" stroke=\"" << kGrid << "\"/>"
        << "<text x=\"" << kLeft - 8 << "\" y=\"" << num(py + 4) << "\" text-anchor=\"end\">"
        << escape(tick_label(y, t)) << "</text>";
  }
  for (double t : ticks(x, xr.first, xr.second)) {
    const double px = sx(t);
    svg << "<line x1=\"" << num(px) << "\" x2=\"" << num(px) << "\" y1=\"" << kTop << "\" y2=\""
        << num(bottom) << "\" stroke=\"" << kGrid << "\"/>"
        << "<text x=\"" << num(px) << "\" y=\"" << num(bottom + 17) << "\" text-anchor=\"middle\">"
        << escape(tick_label(x, t)) << "</text>";
  }
  svg << "<line x1=\"" << kLeft << "\" x2=\"" << num(right) << "\" y1=\"" << num(bottom)
      << "\" y2=\"" << num(bottom) << "\" stroke=\"" << kAxis << "\"/>";
  svg << "<text class=\"axis-title\" x=\"" << num((kLeft + right) / 2) << "\" y=\"" << f.height - 6
      << "\" text-anchor=\"middle\">" << escape(x.label) << "</text>";
  svg << "<text class=\"axis-title\" transform=\"rotate(-90)\" x=\"" << num(-(kTop + bottom) / 2)
      << "\" y=\"14\" text-anchor=\"middle\">" << escape(y.label) << "</text>";
  return {sx, sy};
}

std::string open_svg(const ChartFrame& f, const std::string& clip_id) {
  std::ostringstream s;
  s << "<svg viewBox=\"0 0 " << f.width << " " << f.height << "\" width=\"" << f.width
    << "\" height=\"" << f.height << "\" role=\"img\" aria-label=\"" << escape(f.title)
    << "\" font-size=\"11\" fill=\"" << kText << "\"><defs><clipPath id=\"" << clip_id
    << "\"><rect x=\"" << kLeft << "\" y=\"" << kTop - 2 << "\" width=\""
    << f.width - kLeft - kRight << "\" height=\"" << f.height - kTop - kBottom + 2
    << "\"/></clipPath></defs>";
  return s.str();
}

// Unique ids for clip paths: one document holds many charts.
std::string next_clip_id() {
  static int counter = 0;
  return "clip" + std::to_string(++counter);
}

}  // namespace

std::string escape(const std::string& text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

std::vector<double> ticks(const Axis& axis, double lo, double hi) {
  std::vector<double> out;
  if (!(hi > lo)) {
    return out;
  }
  if (axis.kind == Axis::Kind::nines) {
    for (double k = std::ceil(lo); k <= hi + 1e-9; k += 1) {
      out.push_back(k);
    }
    return out;
  }
  if (axis.kind == Axis::Kind::log) {
    const double decades = std::log10(hi) - std::log10(lo);
    const std::vector<double> mantissas =
        decades > 3 ? std::vector<double>{1} : std::vector<double>{1, 2, 5};
    for (double p = std::floor(std::log10(lo)); p <= std::ceil(std::log10(hi)); p += 1) {
      for (double m : mantissas) {
        const double v = m * std::pow(10.0, p);
        if (v >= lo * (1 - 1e-9) && v <= hi * (1 + 1e-9)) {
          out.push_back(v);
        }
      }
    }
    return out;
  }
  const double step = nice_step(hi - lo, 5);
  for (double v = std::ceil(lo / step) * step; v <= hi + step * 1e-9; v += step) {
    out.push_back(std::abs(v) < step * 1e-9 ? 0.0 : v);
  }
  return out;
}

std::string line_chart(const ChartFrame& f, const Axis& x, const Axis& y,
                       const std::vector<Series>& series) {
  double x_lo = INFINITY, x_hi = -INFINITY, y_lo = INFINITY, y_hi = -INFINITY;
  for (const auto& s : series) {
    for (const auto& p : s.points) {
      x_lo = std::min(x_lo, p.x);
      x_hi = std::max(x_hi, p.x);
      y_lo = std::min(y_lo, p.y);
      y_hi = std::max(y_hi, p.y);
    }
  }
  std::ostringstream svg;
  const std::string clip = next_clip_id();
  svg << open_svg(f, clip);
  const auto [sx, sy] =
      frame_axes(svg, f, x, y, range_of(x, x_lo, x_hi, false), range_of(y, y_lo, y_hi, true));
  svg << "<g clip-path=\"url(#" << clip << ")\" fill=\"none\" stroke-linejoin=\"round\">";
  for (const auto& s : series) {
    if (s.points.empty()) {
      continue;
    }
    svg << "<path d=\"";
    for (std::size_t i = 0; i < s.points.size(); ++i) {
      svg << (i ? " L" : "M") << num(sx(s.points[i].x)) << " " << num(sy(s.points[i].y));
    }
    svg << "\" stroke=\"" << s.colour << "\" stroke-width=\"" << s.width << "\"";
    if (s.dashed) {
      svg << " stroke-dasharray=\"6 4\"";
    }
    if (s.opacity < 1) {
      svg << " stroke-opacity=\"" << s.opacity << "\"";
    }
    svg << "/>";
  }
  svg << "</g></svg>";
  std::vector<std::pair<std::string, std::string>> items;
  std::vector<bool> dashed;
  for (const auto& s : series) {
    items.emplace_back(s.name, s.colour);
    dashed.push_back(s.dashed);
  }
  return open_figure(f) + svg.str() + legend(items, dashed, false) + "</figure>";
}

std::string bar_chart(const ChartFrame& f, const Axis& x, const Axis& y,
                      const std::vector<BarSet>& sets) {
  double x_lo = INFINITY, x_hi = -INFINITY, y_hi = 0;
  for (const auto& s : sets) {
    for (const auto& [p, x1] : s.bars) {
      x_lo = std::min(x_lo, p.x);
      x_hi = std::max(x_hi, x1);
      y_hi = std::max(y_hi, p.y);
    }
  }
  std::ostringstream svg;
  const std::string clip = next_clip_id();
  svg << open_svg(f, clip);
  const auto [sx, sy] =
      frame_axes(svg, f, x, y, range_of(x, x_lo, x_hi, false), range_of(y, 0, y_hi, true));
  svg << "<g clip-path=\"url(#" << clip << ")\">";
  for (const auto& s : sets) {
    if (s.outline) {
      svg << "<path fill=\"none\" stroke=\"" << s.colour
          << "\" stroke-width=\"2\" stroke-dasharray=\"6 4\" d=\"";
      bool first = true;
      for (const auto& [p, x1] : s.bars) {
        svg << (first ? "M" : " L") << num(sx(p.x)) << " " << num(sy(p.y)) << " L" << num(sx(x1))
            << " " << num(sy(p.y));
        first = false;
      }
      svg << "\"/>";
      continue;
    }
    for (const auto& [p, x1] : s.bars) {
      const double left = sx(p.x);
      const double w = std::max(1.0, sx(x1) - left - 1);
      svg << "<rect x=\"" << num(left) << "\" y=\"" << num(sy(p.y)) << "\" width=\"" << num(w)
          << "\" height=\"" << num(sy(0) - sy(p.y)) << "\" fill=\"" << s.colour
          << "\" fill-opacity=\"0.85\"/>";
    }
  }
  svg << "</g></svg>";
  std::vector<std::pair<std::string, std::string>> items;
  std::vector<bool> dashed;
  for (const auto& s : sets) {
    items.emplace_back(s.name, s.colour);
    dashed.push_back(s.outline);
  }
  return open_figure(f) + svg.str() + legend(items, dashed, false) + "</figure>";
}

std::string horizontal_bars(const ChartFrame& f, const std::vector<std::string>& groups,
                            const std::vector<std::string>& colours,
                            const std::vector<Category>& categories,
                            const std::function<std::string(double)>& format) {
  constexpr int kLabel = 110;
  constexpr int kBar = 14;
  constexpr int kGap = 4;
  const int row = static_cast<int>(groups.size()) * (kBar + kGap) + 12;
  const int height = kTop + row * static_cast<int>(categories.size()) + 8;
  double max_value = 0;
  for (const auto& c : categories) {
    for (double v : c.values) {
      max_value = std::max(max_value, v);
    }
  }
  const double span = f.width - kLabel - kRight - 70;
  std::ostringstream svg;
  svg << "<svg viewBox=\"0 0 " << f.width << " " << height << "\" width=\"" << f.width
      << "\" height=\"" << height << "\" role=\"img\" aria-label=\"" << escape(f.title)
      << "\" font-size=\"11\" fill=\"" << kText << "\">";
  for (std::size_t i = 0; i < categories.size(); ++i) {
    const int top = kTop + static_cast<int>(i) * row;
    svg << "<text x=\"" << kLabel - 10 << "\" y=\"" << top + row / 2 << "\" text-anchor=\"end\" "
        << "font-size=\"12\">" << escape(categories[i].label) << "</text>";
    for (std::size_t g = 0; g < groups.size() && g < categories[i].values.size(); ++g) {
      const double v = categories[i].values[g];
      const double w = max_value > 0 ? std::max(v > 0 ? 2.0 : 0.0, span * v / max_value) : 0;
      const int y = top + static_cast<int>(g) * (kBar + kGap);
      svg << "<rect x=\"" << kLabel << "\" y=\"" << y << "\" width=\"" << num(w) << "\" height=\""
          << kBar << "\" rx=\"2\" fill=\"" << colours[g] << "\"/>"
          << "<text x=\"" << num(kLabel + w + 6) << "\" y=\"" << y + kBar - 3 << "\">"
          << escape(format(v)) << "</text>";
    }
  }
  svg << "</svg>";
  std::vector<std::pair<std::string, std::string>> items;
  for (std::size_t g = 0; g < groups.size(); ++g) {
    items.emplace_back(groups[g], colours[g]);
  }
  return open_figure(f) + svg.str() +
         (groups.size() > 1 ? legend(items, std::vector<bool>(groups.size()), true) : "") +
         "</figure>";
}

}  // namespace travelctl::reports::html
