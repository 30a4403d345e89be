// Charts of a scenario: percentile curve, latency histogram, timelines, error breakdown.
#include "charts.hpp"

#include <algorithm>
#include <cmath>
#include <map>

#include "svg.hpp"
#include "travelctl/reports/format.hpp"

namespace travelctl::reports::html {

namespace {

constexpr double kUsPerMs = 1000.0;
constexpr int kHistogramBins = 48;

std::string runs_label(const Side& s) {
  const auto n = s.scenario->runs.size();
  return s.name + " (" + std::to_string(n) + (n == 1 ? " run)" : " runs)");
}

// Baseline first so that the current series is drawn on top of it.
std::vector<const Side*> drawing_order(const std::vector<Side>& sides) {
  std::vector<const Side*> out;
  for (const auto& s : sides) {
    out.push_back(&s);
  }
  std::stable_sort(out.begin(), out.end(),
                   [](const Side* a, const Side* b) { return a->baseline && !b->baseline; });
  return out;
}

std::string no_data(const std::string& title, const std::string& why) {
  return "<figure class=\"chart empty\"><figcaption><b>" + escape(title) + "</b></figcaption><p>" +
         escape(why) + "</p></figure>";
}

}  // namespace

std::optional<Histogram> merged_histogram(const Scenario& s) {
  std::optional<Histogram> sum;
  for (const auto& r : s.runs) {
    if (!r.histogram) {
      return std::nullopt;
    }
    if (!sum) {
      sum = *r.histogram;
    } else if (sum->same_layout(*r.histogram)) {
      sum->merge(*r.histogram);
    } else {
      return std::nullopt;
    }
  }
  return sum;
}

std::string percentile_chart(const std::vector<Side>& sides) {
  std::vector<Series> series;
  double max_nines = 1;
  for (const Side* s : drawing_order(sides)) {
    const auto h = merged_histogram(*s->scenario);
    if (!h || h->count() == 0) {
      continue;
    }
    // Beyond log10(count) nines there is no more than one sample: stop there.
    const double top = std::min(6.0, std::floor(std::log10(static_cast<double>(h->count()))));
    max_nines = std::max(max_nines, top);
    Series line{runs_label(*s), s->colour, {}, s->baseline, 2.25};
    for (double k = 0; k <= top + 1e-9; k += 0.02) {
      const double q = 100.0 * (1.0 - std::pow(10.0, -k));
      line.points.push_back({k, static_cast<double>(h->percentile(q)) / kUsPerMs});
    }
    series.push_back(std::move(line));
  }
  const std::string title = "Latency by percentile";
  if (series.empty()) {
    return no_data(title, "The results hold no latency histogram.");
  }
  Axis x{Axis::Kind::nines, "percentile", 0.0, max_nines, {}};
  Axis y{Axis::Kind::linear, "latency (ms)", {}, {}, {}};
  return line_chart({title, "all runs merged; log scale of nines", 560, 320}, x, y, series);
}

std::string histogram_chart(const std::vector<Side>& sides) {
  std::vector<std::pair<const Side*, Histogram>> hs;
  double lo = INFINITY;
  double hi = 0;
  for (const Side* s : drawing_order(sides)) {
    auto h = merged_histogram(*s->scenario);
    if (h && h->count() > 0) {
      lo = std::min(lo, static_cast<double>(std::max<uint64_t>(1, h->min())));
      hi = std::max(hi, static_cast<double>(h->max()) + 1);
      hs.emplace_back(s, std::move(*h));
    }
  }
  const std::string title = "Latency distribution";
  if (hs.empty()) {
    return no_data(title, "The results hold no latency histogram.");
  }
  hi = std::max(hi, lo * 1.5);
  const double step = (std::log10(hi) - std::log10(lo)) / kHistogramBins;
  const auto edge = [&](int i) { return std::pow(10.0, std::log10(lo) + step * i) / kUsPerMs; };
  std::vector<BarSet> sets;
  for (const auto& [side, h] : hs) {
    std::vector<double> share(kHistogramBins, 0.0);
    h.for_each_bucket([&](uint64_t b_lo, uint64_t b_hi, uint64_t count) {
      const double mid = (static_cast<double>(b_lo) + static_cast<double>(b_hi)) / 2.0;
      const int bin =
          std::clamp(static_cast<int>((std::log10(std::max(mid, lo)) - std::log10(lo)) / step), 0,
                     kHistogramBins - 1);
      share[bin] += 100.0 * static_cast<double>(count) / static_cast<double>(h.count());
    });
    BarSet set{runs_label(*side), side->colour, {}, side->baseline};
    for (int i = 0; i < kHistogramBins; ++i) {
      set.bars.push_back({{edge(i), share[i]}, edge(i + 1)});
    }
    sets.push_back(std::move(set));
  }
  Axis x{Axis::Kind::log, "latency (ms)", edge(0), edge(kHistogramBins), {}};
  Axis y{Axis::Kind::linear, "share of requests (%)", {}, {}, {}};
  return bar_chart({title, "all runs merged; log-spaced bins", 560, 320}, x, y, sets);
}

namespace {

template <class Value>
std::string timeline_chart(const std::vector<Side>& sides, const std::string& title,
                           const std::string& subtitle, const std::string& y_label, Value value) {
  std::vector<Series> series;
  for (const Side* s : drawing_order(sides)) {
    bool first = true;
    for (const auto& run : s->scenario->runs) {
      Series line{first ? runs_label(*s) : "", s->colour, {}, s->baseline, 1.5, 0.8};
      double prev = 0;
      for (const auto& t : run.timeline) {
        const double slice = t.t_s - prev;
        prev = t.t_s;
        if (slice > 0) {
          line.points.push_back({t.t_s, value(t, slice)});
        }
      }
      if (!line.points.empty()) {
        series.push_back(std::move(line));
        first = false;
      }
    }
  }
  if (series.empty()) {
    return no_data(title, "The results hold no timeline.");
  }
  Axis x{Axis::Kind::linear, "time (s)", 0.0, {}, {}};
  Axis y{Axis::Kind::linear, y_label, {}, {}, {}};
  return line_chart({title, subtitle, 560, 300}, x, y, series);
}

}  // namespace

std::string rps_timeline_chart(const std::vector<Side>& sides) {
  return timeline_chart(
      sides, "Requests per second", "one line per run", "req/s",
      [](const TimelinePoint& t, double slice) { return static_cast<double>(t.requests) / slice; });
}

std::string p99_timeline_chart(const std::vector<Side>& sides) {
  return timeline_chart(sides, "p99 latency over time", "one line per run, per slice", "p99 (ms)",
                        [](const TimelinePoint& t, double) { return t.p99_ms; });
}

std::string error_chart(const std::vector<Side>& sides) {
  // Categories in a fixed order, then status codes ascending; one value per side.
  std::map<std::string, std::vector<double>> by_status;
  std::vector<Category> cats{{"connect", {}}, {"timeout", {}}, {"reset", {}}};
  std::vector<std::string> groups;
  std::vector<std::string> colours;
  uint64_t attempts = 0;
  uint64_t failures = 0;
  for (std::size_t i = 0; i < sides.size(); ++i) {
    Errors total;
    for (const auto& run : sides[i].scenario->runs) {
      total.connect += run.errors.connect;
      total.timeout += run.errors.timeout;
      total.reset += run.errors.reset;
      for (const auto& [code, n] : run.errors.status) {
        total.status[code] += n;
      }
      for (const auto& [kind, n] : run.errors.other) {
        total.other[kind] += n;
      }
      if (!sides[i].baseline) {
        attempts += run.requests + run.errors.failed();
        failures += run.errors.total();
      }
    }
    cats[0].values.push_back(static_cast<double>(total.connect));
    cats[1].values.push_back(static_cast<double>(total.timeout));
    cats[2].values.push_back(static_cast<double>(total.reset));
    for (const auto& [code, n] : total.status) {
      auto& v = by_status["HTTP " + code];
      v.resize(sides.size(), 0.0);
      v[i] = static_cast<double>(n);
    }
    for (const auto& [kind, n] : total.other) {
      auto& v = by_status[kind];
      v.resize(sides.size(), 0.0);
      v[i] = static_cast<double>(n);
    }
    groups.push_back(runs_label(sides[i]));
    colours.push_back(sides[i].baseline ? "#fdba74" : "#dc2626");
  }
  for (auto& [label, values] : by_status) {
    values.resize(sides.size(), 0.0);
    cats.push_back({label, values});
  }
  // Only the kinds that happened, in either file.
  std::erase_if(cats, [](const Category& c) {
    return std::all_of(c.values.begin(), c.values.end(), [](double v) { return v == 0; });
  });
  if (cats.empty()) {
    return "<figure class=\"chart empty\"><figcaption><b>Errors</b></figcaption><p class=\"ok\">"
           "No errors in " +
           format_count(static_cast<double>(attempts)) + " requests.</p></figure>";
  }
  const std::string subtitle =
      "all runs; " + format_count(static_cast<double>(failures)) + " of " +
      format_count(static_cast<double>(attempts)) + " requests (" +
      format_number(attempts ? 100.0 * static_cast<double>(failures) / attempts : 0.0) + "%)";
  return horizontal_bars({"Errors by kind", subtitle, 560, 0}, groups, colours, cats,
                         [](double v) { return format_count(v); });
}

}  // namespace travelctl::reports::html
