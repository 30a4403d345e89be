// Prometheus text writing: escaping of label values, cumulative histogram buckets, summing shards.
#include "travelctl/core/observe/prometheus.hpp"

#include <catch2/catch.hpp>

using namespace travelctl::core::observe;
using namespace std::chrono_literals;

TEST_CASE("PromWriter: families, samples and escaped label values", "[core]") {
  std::string out;
  PromWriter w(out);
  w.family("x_total", "What x counts.", "counter");
  w.sample("x_total", {{"a", "plain"}, {"b", "q\"uo\\te\nline"}}, uint64_t{7});
  w.sample("y", {}, 0.5);
  CHECK(out ==
        "# HELP x_total What x counts.\n# TYPE x_total counter\n"
        "x_total{a=\"plain\",b=\"q\\\"uo\\\\te\\nline\"} 7\ny 0.5\n");
}

TEST_CASE("LatencyHistogram: cumulative buckets, sum and count, shards add up", "[core]") {
  LatencyHistogram a, b, total;
  a.record(300us);  // <= 0.5 ms
  a.record(1ms);    // <= 1 ms (bounds are inclusive)
  b.record(20s);    // over the top bound: only +Inf
  a.add_to(total);
  b.add_to(total);
  std::string out;
  PromWriter w(out);
  total.write(w, "d", {{"route", "r"}});
  CHECK(out.find("d_bucket{route=\"r\",le=\"0.0005\"} 1\n") != std::string::npos);
  CHECK(out.find("d_bucket{route=\"r\",le=\"0.001\"} 2\n") != std::string::npos);
  CHECK(out.find("d_bucket{route=\"r\",le=\"10\"} 2\n") != std::string::npos);
  CHECK(out.find("d_bucket{route=\"r\",le=\"+Inf\"} 3\n") != std::string::npos);
  CHECK(out.find("d_sum{route=\"r\"} 20.0013\n") != std::string::npos);
  CHECK(out.find("d_count{route=\"r\"} 3\n") != std::string::npos);
}

TEST_CASE("Process stats: this process has memory and open descriptors", "[core]") {
  const ProcessStats s = read_process_stats();
  CHECK(s.resident_bytes > 0);
  CHECK(s.open_fds >= 3);
  CHECK(s.max_fds >= s.open_fds);
}
