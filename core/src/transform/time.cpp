// RFC 3339 subset of the supplier API read into exact UTC instants; calendar arithmetic.
#include "travelctl/core/transform/time.hpp"

namespace travelctl::core::transform {
namespace {

// Reads `n` ASCII digits at `p`; -1 when one is not a digit.
int digits(const char* p, int n) {
  int v = 0;
  for (int i = 0; i < n; ++i) {
    if (p[i] < '0' || p[i] > '9') {
      return -1;
    }
    v = v * 10 + (p[i] - '0');
  }
  return v;
}

bool is_leap(int y) { return y % 4 == 0 && (y % 100 != 0 || y % 400 == 0); }

// Returns the date of `YYYY-MM-DD` at the start of `s` (at least 10 bytes), or nullopt.
std::optional<CivilDate> read_date(std::string_view s) {
  if (s[4] != '-' || s[7] != '-') {
    return std::nullopt;
  }
  const CivilDate d{digits(s.data(), 4), digits(s.data() + 5, 2), digits(s.data() + 8, 2)};
  if (!is_calendar_date(d.year, d.month, d.day)) {
    return std::nullopt;
  }
  return d;
}

}  // namespace

bool is_calendar_date(int year, int month, int day) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (year < 1 || year > 9999 || month < 1 || month > 12 || day < 1) {
    return false;
  }
  return day <= (month == 2 && is_leap(year) ? 29 : kDays[month - 1]);
}

// Howard Hinnant's days_from_civil: eras of 400 years, March-based years.
int64_t days_from_civil(int year, int month, int day) {
  const int64_t y = static_cast<int64_t>(year) - (month <= 2 ? 1 : 0);
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const int64_t yoe = y - era * 400;
  const int64_t mp = month > 2 ? month - 3 : month + 9;
  const int64_t doy = (153 * mp + 2) / 5 + day - 1;
  const int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

std::optional<CivilDate> parse_date(std::string_view text) {
  if (text.size() != 10) {
    return std::nullopt;
  }
  return read_date(text);
}

std::optional<Instant> parse_timestamp(std::string_view s) {
  // Shortest form: YYYY-MM-DDTHH:MM:SSZ (20 bytes).
  if (s.size() < 20 || s[4] != '-' || s[7] != '-' || s[10] != 'T' || s[13] != ':' || s[16] != ':') {
    return std::nullopt;
  }
  // The fourteen digits of the fixed part in one branch-free pass (a byte that is not a digit
  // becomes a value above 9): a search answer has two timestamps per segment.
  static constexpr int kDigitAt[14] = {0, 1, 2, 3, 5, 6, 8, 9, 11, 12, 14, 15, 17, 18};
  unsigned v[14];
  bool bad = false;
  for (int i = 0; i < 14; ++i) {
    v[i] = static_cast<unsigned>(static_cast<unsigned char>(s[kDigitAt[i]])) - '0';
    bad |= v[i] > 9;
  }
  if (bad) {
    return std::nullopt;
  }
  const CivilDate date{static_cast<int>(v[0] * 1000 + v[1] * 100 + v[2] * 10 + v[3]),
                       static_cast<int>(v[4] * 10 + v[5]), static_cast<int>(v[6] * 10 + v[7])};
  const int h = static_cast<int>(v[8] * 10 + v[9]);
  const int mi = static_cast<int>(v[10] * 10 + v[11]);
  const int sec = static_cast<int>(v[12] * 10 + v[13]);
  if (!is_calendar_date(date.year, date.month, date.day) || h > 23 || mi > 59 || sec > 59) {
    return std::nullopt;
  }
  size_t i = 19;
  uint32_t nanos = 0;
  if (s[i] == '.') {
    ++i;
    const size_t start = i;
    uint32_t scale = 100000000;
    while (i < s.size() && s[i] >= '0' && s[i] <= '9') {
      if (i - start == 9) {
        return std::nullopt;  // more than 9 fractional digits
      }
      nanos += static_cast<uint32_t>(s[i] - '0') * scale;
      scale /= 10;
      ++i;
    }
    if (i == start) {
      return std::nullopt;
    }
  }
  int64_t offset_minutes = 0;
  if (i + 1 == s.size() && s[i] == 'Z') {
    offset_minutes = 0;
  } else if (i + 6 == s.size() && (s[i] == '+' || s[i] == '-') && s[i + 3] == ':') {
    const int oh = digits(s.data() + i + 1, 2);
    const int om = digits(s.data() + i + 4, 2);
    if (oh < 0 || oh > 23 || om < 0 || om > 59) {
      return std::nullopt;
    }
    offset_minutes = (s[i] == '-' ? -1 : 1) * (oh * 60 + om);
  } else {
    return std::nullopt;
  }
  // The timestamps of one answer mostly share a few dates: the last day number is kept per thread.
  struct LastDay {
    int year = 0;  // no valid date has year 0: the first call always computes
    int month = 0;
    int day = 0;
    int64_t days = 0;
  };
  thread_local LastDay last;
  if (last.year != date.year || last.month != date.month || last.day != date.day) {
    last = {date.year, date.month, date.day, days_from_civil(date.year, date.month, date.day)};
  }
  const int64_t days = last.days;
  const int64_t local = ((days * 24 + h) * 60 + mi) * 60 + sec;
  return Instant{local - offset_minutes * 60, nanos};
}

int64_t floor_minutes_between(Instant from, Instant to) {
  int64_t seconds = to.seconds - from.seconds;
  if (to.nanos < from.nanos) {
    --seconds;  // borrow: the remaining fraction of a second is then in [0, 1)
  }
  // The fraction is non-negative and below one second, so it never changes the floored minute.
  const int64_t q = seconds / 60;
  return (seconds % 60 < 0) ? q - 1 : q;
}

}  // namespace travelctl::core::transform
