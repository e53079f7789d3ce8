// Small robust statistics for the timing check (ENUM-003): medians, median absolute deviation,
// and the Mann–Whitney U test (normal approximation with a tie correction).
#pragma once

#include <vector>

namespace authspec::stats {

double median(std::vector<double> xs);
// Median absolute deviation from the median.
double mad(const std::vector<double>& xs);

struct MannWhitney {
  double u = 0;       // U of the first sample
  double p = 1;       // two-sided p-value
  double effect = 0;  // rank-biserial correlation, -1..1 (positive: the first sample is larger)
};
MannWhitney mann_whitney(const std::vector<double>& a, const std::vector<double>& b);

}  // namespace authspec::stats
