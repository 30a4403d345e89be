// Log-linear histogram: HdrHistogram's index arithmetic, exact merge, lossless serialisation.
#include "travelctl/reports/histogram.hpp"

#include <algorithm>
#include <bit>
#include <cmath>
#include <nlohmann/json.hpp>
#include <stdexcept>

#include "travelctl/reports/base64.hpp"

namespace travelctl::reports {

Histogram::Histogram(uint64_t lowest, uint64_t highest, int significant_digits)
    : lowest_(lowest), highest_(highest), digits_(significant_digits) {
  if (lowest < 1 || highest < 2 * lowest || significant_digits < 1 || significant_digits > 5) {
    throw std::invalid_argument("histogram: need 1 <= lowest, 2*lowest <= highest, 1-5 digits");
  }
  // Sub-buckets must resolve 1 part in 2 * 10^digits to keep `digits` significant digits.
  const uint64_t largest_single_unit = 2 * static_cast<uint64_t>(std::pow(10, digits_));
  const int sub_bucket_count_magnitude =
      static_cast<int>(std::ceil(std::log2(static_cast<double>(largest_single_unit))));
  sub_bucket_half_count_magnitude_ = std::max(sub_bucket_count_magnitude, 1) - 1;
  unit_magnitude_ = static_cast<int>(std::floor(std::log2(static_cast<double>(lowest))));
  sub_bucket_count_ = uint64_t{1} << (sub_bucket_half_count_magnitude_ + 1);
  sub_bucket_half_count_ = sub_bucket_count_ / 2;
  sub_bucket_mask_ = (sub_bucket_count_ - 1) << unit_magnitude_;
  uint64_t smallest_untrackable = sub_bucket_count_ << unit_magnitude_;
  bucket_count_ = 1;
  while (smallest_untrackable <= highest_) {
    if (smallest_untrackable > (UINT64_MAX >> 1)) {
      ++bucket_count_;
      break;
    }
    smallest_untrackable <<= 1;
    ++bucket_count_;
  }
  counts_.assign(static_cast<std::size_t>(bucket_count_ + 1) * sub_bucket_half_count_, 0);
}

int Histogram::bucket_of(uint64_t value) const {
  const int pow2_ceiling = 64 - std::countl_zero(value | sub_bucket_mask_);
  return pow2_ceiling - unit_magnitude_ - (sub_bucket_half_count_magnitude_ + 1);
}

std::size_t Histogram::index_of(uint64_t value) const {
  const int bucket = bucket_of(value);
  const uint64_t sub_bucket = value >> (bucket + unit_magnitude_);
  const uint64_t base = static_cast<uint64_t>(bucket + 1) << sub_bucket_half_count_magnitude_;
  return static_cast<std::size_t>(base + sub_bucket - sub_bucket_half_count_);
}

uint64_t Histogram::value_at_index(std::size_t index) const {
  int bucket = static_cast<int>(index >> sub_bucket_half_count_magnitude_) - 1;
  uint64_t sub_bucket = (index & (sub_bucket_half_count_ - 1)) + sub_bucket_half_count_;
  if (bucket < 0) {
    sub_bucket -= sub_bucket_half_count_;
    bucket = 0;
  }
  return sub_bucket << (bucket + unit_magnitude_);
}

uint64_t Histogram::equivalent_range(uint64_t value) const {
  const int bucket = bucket_of(value);
  const uint64_t sub_bucket = value >> (bucket + unit_magnitude_);
  const int adjusted = sub_bucket >= sub_bucket_count_ ? bucket + 1 : bucket;
  return uint64_t{1} << (unit_magnitude_ + adjusted);
}

uint64_t Histogram::lowest_equivalent(uint64_t value) const {
  const int bucket = bucket_of(value);
  const uint64_t sub_bucket = value >> (bucket + unit_magnitude_);
  return sub_bucket << (bucket + unit_magnitude_);
}

uint64_t Histogram::highest_equivalent(uint64_t value) const {
  return lowest_equivalent(value) + equivalent_range(value) - 1;
}

void Histogram::record(uint64_t value, uint64_t count) {
  if (count == 0) {
    return;
  }
  if (value > highest_) {
    value = highest_;
    saturated_ += count;
  }
  counts_[index_of(value)] += count;
  total_ += count;
  min_ = std::min(min_, value);
  max_ = std::max(max_, value);
  sum_ += static_cast<long double>(value) * count;
}

bool Histogram::same_layout(const Histogram& o) const {
  return lowest_ == o.lowest_ && highest_ == o.highest_ && digits_ == o.digits_;
}

void Histogram::merge(const Histogram& o) {
  if (!same_layout(o)) {
    throw std::invalid_argument("histogram: cannot merge histograms of different layouts");
  }
  for (std::size_t i = 0; i < counts_.size(); ++i) {
    counts_[i] += o.counts_[i];
  }
  total_ += o.total_;
  saturated_ += o.saturated_;
  min_ = std::min(min_, o.min_);
  max_ = std::max(max_, o.max_);
  sum_ += o.sum_;
}

void Histogram::reset() {
  std::fill(counts_.begin(), counts_.end(), 0);
  total_ = saturated_ = max_ = 0;
  min_ = UINT64_MAX;
  sum_ = 0;
}

double Histogram::mean() const {
  return total_ ? static_cast<double>(sum_ / static_cast<long double>(total_)) : 0.0;
}

double Histogram::stdev() const {
  if (total_ == 0) {
    return 0.0;
  }
  // From bucket midpoints, as HdrHistogram does: the exact sum of squares is not kept.
  const double m = mean();
  long double acc = 0;
  for (std::size_t i = 0; i < counts_.size(); ++i) {
    if (counts_[i] != 0) {
      const uint64_t v = value_at_index(i);
      const double mid = static_cast<double>(lowest_equivalent(v) + (equivalent_range(v) >> 1));
      const double d = std::clamp(mid, static_cast<double>(min()), static_cast<double>(max_)) - m;
      acc += static_cast<long double>(d) * d * counts_[i];
    }
  }
  return std::sqrt(static_cast<double>(acc / total_));
}

uint64_t Histogram::percentile(double p) const {
  if (total_ == 0) {
    return 0;
  }
  p = std::clamp(p, 0.0, 100.0);
  const auto wanted = std::max<uint64_t>(
      1, static_cast<uint64_t>(std::ceil(p / 100.0 * static_cast<double>(total_) - 1e-9)));
  uint64_t seen = 0;
  for (std::size_t i = 0; i < counts_.size(); ++i) {
    seen += counts_[i];
    if (seen >= wanted) {
      return std::min(highest_equivalent(value_at_index(i)), max_);
    }
  }
  return max_;
}

namespace {

void put_varint(std::string& out, int64_t v) {
  auto z = static_cast<uint64_t>((v << 1) ^ (v >> 63));  // zig-zag
  while (z >= 0x80) {
    out.push_back(static_cast<char>((z & 0x7F) | 0x80));
    z >>= 7;
  }
  out.push_back(static_cast<char>(z));
}

int64_t get_varint(const std::string& in, std::size_t& pos) {
  uint64_t z = 0;
  for (int shift = 0; shift < 64; shift += 7) {
    if (pos >= in.size()) {
      throw std::invalid_argument("histogram counts: truncated varint");
    }
    const auto b = static_cast<unsigned char>(in[pos++]);
    z |= static_cast<uint64_t>(b & 0x7F) << shift;
    if ((b & 0x80) == 0) {
      return static_cast<int64_t>(z >> 1) ^ -static_cast<int64_t>(z & 1);
    }
  }
  throw std::invalid_argument("histogram counts: varint too long");
}

}  // namespace

nlohmann::json Histogram::to_json() const {
  std::string packed;
  std::size_t i = 0;
  while (i < counts_.size()) {
    if (counts_[i] == 0) {
      std::size_t j = i;
      while (j < counts_.size() && counts_[j] == 0) {
        ++j;
      }
      put_varint(packed, -static_cast<int64_t>(j - i));
      i = j;
    } else {
      put_varint(packed, static_cast<int64_t>(counts_[i++]));
    }
  }
  return {{"encoding", "travelctl-hdr-v1"},
          {"unit", "us"},
          {"lowest", lowest_},
          {"highest", highest_},
          {"significant_digits", digits_},
          {"count", total_},
          {"saturated", saturated_},
          {"min", min()},
          {"max", max_},
          {"sum", static_cast<double>(sum_)},
          {"counts", base64_encode(packed)}};
}

Histogram Histogram::from_json(const nlohmann::json& j) {
  if (!j.is_object() || j.value("encoding", "") != "travelctl-hdr-v1") {
    throw std::invalid_argument("histogram: expected encoding \"travelctl-hdr-v1\"");
  }
  try {
    Histogram h(j.at("lowest").get<uint64_t>(), j.at("highest").get<uint64_t>(),
                j.at("significant_digits").get<int>());
    const auto packed = base64_decode(j.at("counts").get<std::string>());
    if (!packed) {
      throw std::invalid_argument("histogram: counts are not base64");
    }
    std::size_t pos = 0;
    std::size_t i = 0;
    while (pos < packed->size()) {
      const int64_t v = get_varint(*packed, pos);
      const uint64_t n = v < 0 ? static_cast<uint64_t>(-v) : 1;
      if (i + n > h.counts_.size()) {
        throw std::invalid_argument("histogram: more counts than the layout holds");
      }
      if (v > 0) {
        h.counts_[i] = static_cast<uint64_t>(v);
        h.total_ += static_cast<uint64_t>(v);
      }
      i += n;
    }
    if (h.total_ != j.at("count").get<uint64_t>()) {
      throw std::invalid_argument("histogram: counts do not add up to count");
    }
    h.saturated_ = j.value("saturated", uint64_t{0});
    h.max_ = j.at("max").get<uint64_t>();
    h.min_ = h.total_ ? j.at("min").get<uint64_t>() : UINT64_MAX;
    h.sum_ = j.at("sum").get<double>();
    return h;
  } catch (const nlohmann::json::exception& e) {
    throw std::invalid_argument(std::string("histogram: ") + e.what());
  }
}

}  // namespace travelctl::reports
