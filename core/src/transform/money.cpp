// Money arithmetic (client-api.md "Money"): exact, 128-bit, every overflow reported, never UB.
#include "travelctl/core/transform/money.hpp"

namespace travelctl::core::transform::money {
namespace {

constexpr uint64_t kPow10[] = {1, 10, 100, 1000, 10000, 100000, 1000000};

}  // namespace

int exponent(std::string_view currency) { return currency == "JPY" ? 0 : 2; }

std::optional<uint64_t> parse_rate(std::string_view text) {
  size_t i = 0;
  U128 whole = 0;
  while (i < text.size() && text[i] >= '0' && text[i] <= '9') {
    whole = whole * 10 + static_cast<unsigned>(text[i] - '0');
    if (whole > UINT64_MAX) {
      return std::nullopt;
    }
    ++i;
  }
  if (i == 0) {
    return std::nullopt;  // empty, a sign, a leading dot, a letter
  }
  uint64_t fraction = 0;
  size_t digits = 0;
  if (i < text.size()) {
    if (text[i] != '.') {
      return std::nullopt;
    }
    ++i;
    for (; i < text.size(); ++i, ++digits) {
      if (text[i] < '0' || text[i] > '9' || digits == 6) {
        return std::nullopt;  // a second dot, a letter, or a 7th fractional digit
      }
      fraction = fraction * 10 + static_cast<unsigned>(text[i] - '0');
    }
  }
  const U128 millionths = whole * 1000000 + fraction * kPow10[6 - digits];
  if (millionths > UINT64_MAX) {
    return std::nullopt;
  }
  return static_cast<uint64_t>(millionths);
}

std::optional<uint64_t> convert(uint64_t amount_minor, int from_exp, int to_exp, uint64_t rate) {
  if (from_exp < 0 || from_exp > 6 || to_exp < 0 || to_exp > 6) {
    return std::nullopt;
  }
  U128 n = static_cast<U128>(amount_minor) * rate;  // < 2^128: both factors are below 2^64
  if (__builtin_mul_overflow(n, static_cast<U128>(kPow10[to_exp]), &n)) {
    return std::nullopt;
  }
  const U128 c = half_up(n, static_cast<U128>(1000000) * kPow10[from_exp]);
  if (c > kMaxMinor) {
    return std::nullopt;
  }
  return static_cast<uint64_t>(c);
}

std::optional<uint64_t> apply_markup(uint64_t minor, uint64_t percent_bps, uint64_t fixed) {
  const U128 factor = static_cast<U128>(10000) + percent_bps;
  U128 n = 0;
  if (__builtin_mul_overflow(static_cast<U128>(minor), factor, &n)) {
    return std::nullopt;
  }
  const U128 m = half_up(n, 10000) + fixed;  // both terms below 2^125: no wrap
  if (m > kMaxMinor) {
    return std::nullopt;
  }
  return static_cast<uint64_t>(m);
}

std::optional<uint64_t> multiply(uint64_t a, uint64_t b) {
  const U128 p = static_cast<U128>(a) * b;
  if (p > kMaxMinor) {
    return std::nullopt;
  }
  return static_cast<uint64_t>(p);
}

void append_minor(std::string& out, uint64_t minor, int exp) {
  char buf[32];
  char* end = buf + sizeof buf;
  char* p = end;
  int written = 0;
  do {
    if (exp > 0 && written == exp) {
      *--p = '.';
    }
    *--p = static_cast<char>('0' + minor % 10);
    minor /= 10;
    ++written;
  } while (minor != 0 || written <= exp);
  out.append(p, end);
}

std::string format_minor(uint64_t minor, int exp) {
  std::string out;
  append_minor(out, minor, exp);
  return out;
}

}  // namespace travelctl::core::transform::money
