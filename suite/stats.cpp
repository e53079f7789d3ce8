#include "suite/stats.h"

#include <algorithm>
#include <cmath>
#include <utility>

namespace authspec::stats {

double median(std::vector<double> xs) {
  if (xs.empty()) return 0;
  std::sort(xs.begin(), xs.end());
  const std::size_t n = xs.size();
  return n % 2 ? xs[n / 2] : (xs[n / 2 - 1] + xs[n / 2]) / 2;
}

double mad(const std::vector<double>& xs) {
  const double m = median(xs);
  std::vector<double> dev;
  for (double x : xs) dev.push_back(std::fabs(x - m));
  return median(dev);
}

MannWhitney mann_whitney(const std::vector<double>& a, const std::vector<double>& b) {
  MannWhitney r;
  const double n1 = static_cast<double>(a.size()), n2 = static_cast<double>(b.size());
  if (a.empty() || b.empty()) return r;
  // Rank the pooled sample, ties sharing their average rank.
  std::vector<std::pair<double, int>> pooled;
  for (double x : a) pooled.emplace_back(x, 0);
  for (double x : b) pooled.emplace_back(x, 1);
  std::sort(pooled.begin(), pooled.end());
  double rank_sum_a = 0, tie_term = 0;
  for (std::size_t i = 0; i < pooled.size();) {
    std::size_t j = i;
    while (j < pooled.size() && pooled[j].first == pooled[i].first) ++j;
    const double avg = (static_cast<double>(i + 1) + static_cast<double>(j)) / 2;
    const double t = static_cast<double>(j - i);
    tie_term += t * t * t - t;
    for (std::size_t k = i; k < j; ++k)
      if (pooled[k].second == 0) rank_sum_a += avg;
    i = j;
  }
  r.u = rank_sum_a - n1 * (n1 + 1) / 2;
  const double mean = n1 * n2 / 2, n = n1 + n2;
  const double variance = n1 * n2 / 12 * ((n + 1) - tie_term / (n * (n - 1)));
  r.effect = 2 * r.u / (n1 * n2) - 1;
  if (variance <= 0) return r;
  const double z = (std::fabs(r.u - mean) - 0.5) / std::sqrt(variance);  // continuity correction
  r.p = std::min(1.0, std::erfc(std::max(0.0, z) / std::sqrt(2.0)));
  return r;
}

}  // namespace authspec::stats
