#ifndef DFP_BENCH_PAIREDTIMING_H
#define DFP_BENCH_PAIREDTIMING_H

#include "Contender.h"

#include <vector>

namespace dfp::bench {

/// How long to measure: at least minPairs pairs (or runs) and minSeconds of
/// measured time, at most maxPairs.
struct TimingPolicy {
  int minPairs = 7;
  int maxPairs = 61;
  double minSeconds = 1.0;
};

/// Back-to-back pairs of runs of `first` and `second` (the order alternates
/// from pair to pair). The ratio is the median over the pairs of
/// secondSeconds / firstSeconds, i.e. first's speed-up over second: noise
/// common to both runs of a pair cancels out, which comparing two separate
/// medians would not do.
struct PairedTiming {
  int pairs = 0;
  double firstMedianSeconds = 0, secondMedianSeconds = 0;
  double medianRatio = 0;
};

/// Times `contender` alone (when it has no counterpart).
struct SoloTiming {
  int runs = 0;
  double medianSeconds = 0;
};

/// Both contenders must be prepared. One untimed warm-up run each comes first.
Status measurePairs(Contender &first, Contender &second,
                    const TimingPolicy &policy, PairedTiming &timing);
Status measureAlone(Contender &contender, const TimingPolicy &policy,
                    SoloTiming &timing);

/// Median of `values` (mean of the middle two for an even count).
double median(std::vector<double> values);

} // namespace dfp::bench

#endif // DFP_BENCH_PAIREDTIMING_H
