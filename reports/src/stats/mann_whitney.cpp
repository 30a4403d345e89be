// Mann-Whitney U: midranks; exact distribution by q-binomial recurrence (no ties) or by the
// permutation distribution given the ties; normal approximation for large samples.
#include "travelctl/reports/stats/mann_whitney.hpp"

#include <algorithm>
#include <cmath>

#include "travelctl/reports/stats/normal.hpp"

namespace travelctl::reports::stats {

namespace {

struct Ranked {
  double rank_sum_x = 0;
  double tie_term = 0;  // sum over tie groups of t^3 - t
  bool ties = false;
  // Tie groups in rank order: (twice the midrank, an integer; group size).
  std::vector<std::pair<std::size_t, std::size_t>> groups;
};

Ranked rank(std::span<const double> x, std::span<const double> y) {
  std::vector<std::pair<double, bool>> all;  // (value, from x)
  all.reserve(x.size() + y.size());
  for (double v : x) {
    all.emplace_back(v, true);
  }
  for (double v : y) {
    all.emplace_back(v, false);
  }
  std::sort(all.begin(), all.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  Ranked r;
  for (std::size_t i = 0; i < all.size();) {
    std::size_t j = i;
    while (j < all.size() && all[j].first == all[i].first) {
      ++j;
    }
    const double t = static_cast<double>(j - i);
    const double midrank = (static_cast<double>(i + 1) + static_cast<double>(j)) / 2.0;
    for (std::size_t k = i; k < j; ++k) {
      if (all[k].second) {
        r.rank_sum_x += midrank;
      }
    }
    r.groups.emplace_back(i + 1 + j, j - i);
    if (t > 1) {
      r.ties = true;
      r.tie_term += t * t * t - t;
    }
    i = j;
  }
  return r;
}

// Exact two-sided p of the rank sum of x given the tie groups (the permutation distribution
// conditional on the ties): choose c of each group of size t for x, C(t, c) ways, adding c times
// its doubled midrank. dp[k][s] counts the ways to pick k values of x with doubled sum s.
double exact_p_with_ties(const Ranked& r, std::size_t n) {
  std::size_t max_sum = 0;
  for (const auto& [score, t] : r.groups) {
    max_sum += score * t;
  }
  std::vector<std::vector<long double>> dp(n + 1, std::vector<long double>(max_sum + 1, 0.0L));
  dp[0][0] = 1.0L;
  std::size_t seen = 0;
  for (const auto& [score, t] : r.groups) {
    auto next = dp;  // c = 0 keeps every state
    for (std::size_t k = 0; k <= std::min(n, seen); ++k) {
      for (std::size_t s = 0; s <= max_sum; ++s) {
        if (dp[k][s] == 0.0L) {
          continue;
        }
        long double ways = 1.0L;  // C(t, c), built up as c grows
        for (std::size_t c = 1; c <= t && k + c <= n; ++c) {
          ways = ways * static_cast<long double>(t - c + 1) / static_cast<long double>(c);
          next[k + c][s + c * score] += dp[k][s] * ways;
        }
      }
    }
    dp = std::move(next);
    seen += t;
  }
  const auto observed = static_cast<std::size_t>(std::llround(2.0 * r.rank_sum_x));
  long double total = 0;
  long double lower = 0;
  long double upper = 0;
  for (std::size_t s = 0; s <= max_sum; ++s) {
    total += dp[n][s];
    lower += s <= observed ? dp[n][s] : 0.0L;
    upper += s >= observed ? dp[n][s] : 0.0L;
  }
  return std::min(1.0, static_cast<double>(2.0L * std::min(lower, upper) / total));
}

}  // namespace

std::vector<double> u_distribution(std::size_t n, std::size_t m) {
  // poly[k] holds [N choose k]_q as N grows to n+m: [N,k] = [N-1,k-1] + q^k [N-1,k]. Counts are
  // kept as long double (C(100,50) ~ 1e29 is exact enough for probabilities).
  std::vector<std::vector<long double>> poly(n + 1);
  poly[0] = {1.0L};
  for (std::size_t big_n = 1; big_n <= n + m; ++big_n) {
    for (std::size_t k = std::min(big_n, n); k >= 1; --k) {
      std::vector<long double> next(k * (big_n - k) + 1, 0.0L);
      for (std::size_t u = 0; u < poly[k - 1].size(); ++u) {
        next[u] += poly[k - 1][u];
      }
      for (std::size_t u = 0; u < poly[k].size(); ++u) {
        next[u + k] += poly[k][u];
      }
      poly[k] = std::move(next);
    }
  }
  long double total = 0;
  for (long double c : poly[n]) {
    total += c;
  }
  std::vector<double> p(poly[n].size());
  for (std::size_t u = 0; u < p.size(); ++u) {
    p[u] = static_cast<double>(poly[n][u] / total);
  }
  return p;
}

double exact_p_value(double u, std::size_t n, std::size_t m) {
  const auto dist = u_distribution(n, m);
  // U is an integer without ties; round defensively against representation noise.
  const auto k = static_cast<std::size_t>(std::llround(std::clamp(u, 0.0, double(n * m))));
  double lower = 0;
  double upper = 0;
  for (std::size_t i = 0; i < dist.size(); ++i) {
    (i <= k ? lower : upper) += dist[i];
  }
  upper += dist[k];  // P(U >= k) includes k
  return std::min(1.0, 2.0 * std::min(lower, upper));
}

double min_p_value(std::size_t n, std::size_t m) {
  if (n == 0 || m == 0) {
    return 1.0;
  }
  // C(n+m, n) as a product of ratios; exact enough for any size used here.
  double c = 1;
  for (std::size_t i = 1; i <= n; ++i) {
    c = c * static_cast<double>(m + i) / static_cast<double>(i);
  }
  return std::min(1.0, 2.0 / c);
}

std::size_t min_runs_for(double alpha) {
  if (alpha >= 1) {
    return 0;
  }
  for (std::size_t n = 1; n < 64; ++n) {
    if (min_p_value(n, n) <= alpha) {
      return n;
    }
  }
  return 64;
}

MannWhitney mann_whitney_u(std::span<const double> x, std::span<const double> y) {
  MannWhitney r;
  r.n = x.size();
  r.m = y.size();
  if (r.n == 0 || r.m == 0) {
    return r;
  }
  const auto n = static_cast<double>(r.n);
  const auto m = static_cast<double>(r.m);
  const Ranked ranked = rank(x, y);
  r.ties = ranked.ties;
  r.u = ranked.rank_sum_x - n * (n + 1) / 2.0;
  if (r.n <= kExactMaxSize && r.m <= kExactMaxSize) {
    r.method = UMethod::exact;
    r.p_value = r.ties ? exact_p_with_ties(ranked, r.n) : exact_p_value(r.u, r.n, r.m);
    return r;
  }
  r.method = UMethod::normal;
  const double big_n = n + m;
  const double variance = n * m / 12.0 * ((big_n + 1) - ranked.tie_term / (big_n * (big_n - 1)));
  if (variance <= 0) {
    return r;  // every value equal: no evidence of any difference
  }
  const double d = r.u - n * m / 2.0;
  const double corrected = std::max(0.0, std::abs(d) - 0.5);
  r.z = std::copysign(corrected / std::sqrt(variance), d);
  r.p_value = std::min(1.0, 2.0 * normal_upper_tail(std::abs(r.z)));
  return r;
}

}  // namespace travelctl::reports::stats
