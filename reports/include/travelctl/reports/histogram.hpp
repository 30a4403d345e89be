// A log-linear (HDR-style) histogram of integer values: constant memory, mergeable, lossless.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

namespace travelctl::reports {

/// Records integer values (microseconds by convention) from `lowest` to `highest` with
/// `significant_digits` of precision: any recorded value is reported within a relative error of
/// 10^-digits. Values above `highest` are recorded as `highest` and counted in `saturated()`.
/// The layout is HdrHistogram's: buckets of doubling width, each split in 2^k linear sub-buckets.
class Histogram {
 public:
  /// The bench default: 1 µs to 1 h, 3 significant digits.
  Histogram() : Histogram(1, 3'600'000'000ULL, 3) {}
  Histogram(uint64_t lowest, uint64_t highest, int significant_digits);

  void record(uint64_t value, uint64_t count = 1);
  /// Adds every count of `other`; the layouts must match (see same_layout()).
  void merge(const Histogram& other);
  bool same_layout(const Histogram& other) const;
  void reset();

  uint64_t count() const { return total_; }
  uint64_t saturated() const { return saturated_; }
  uint64_t min() const { return total_ ? min_ : 0; }
  uint64_t max() const { return max_; }
  double mean() const;
  double stdev() const;
  /// The value at percentile `p` (0-100]: the highest value equivalent to the one that reaches
  /// ceil(p% of count), as HdrHistogram does; never above max().
  uint64_t percentile(double p) const;

  /// Visits every non-empty bucket with (lowest value, highest value, count), ascending.
  template <class F>
  void for_each_bucket(F&& f) const {
    for (std::size_t i = 0; i < counts_.size(); ++i) {
      if (counts_[i] != 0) {
        f(lowest_equivalent(value_at_index(i)), highest_equivalent(value_at_index(i)), counts_[i]);
      }
    }
  }

  /// Lossless JSON form: layout, exact min/max/sum, and the counts as base64 of zig-zag LEB128
  /// varints (a positive number is a count, a negative -n stands for n empty counters).
  nlohmann::json to_json() const;
  /// Parses to_json()'s form; throws std::invalid_argument with the reason when it is not valid.
  static Histogram from_json(const nlohmann::json& j);

  uint64_t lowest_equivalent(uint64_t value) const;
  uint64_t highest_equivalent(uint64_t value) const;

 private:
  std::size_t index_of(uint64_t value) const;
  uint64_t value_at_index(std::size_t index) const;
  uint64_t equivalent_range(uint64_t value) const;
  int bucket_of(uint64_t value) const;

  uint64_t lowest_;
  uint64_t highest_;
  int digits_;
  int unit_magnitude_;
  int sub_bucket_half_count_magnitude_;
  uint64_t sub_bucket_count_;
  uint64_t sub_bucket_half_count_;
  uint64_t sub_bucket_mask_;
  int bucket_count_;
  std::vector<uint64_t> counts_;
  uint64_t total_ = 0;
  uint64_t saturated_ = 0;
  uint64_t min_ = UINT64_MAX;
  uint64_t max_ = 0;
  long double sum_ = 0;  // exact for any realistic run (2^64 fits the mantissa of x87 long double)
};

}  // namespace travelctl::reports
