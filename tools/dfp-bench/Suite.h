#ifndef DFP_BENCH_SUITE_H
#define DFP_BENCH_SUITE_H

#include "Comparison.h"
#include "Host.h"
#include "PairedTiming.h"
#include "Peaks.h"

#include <string>
#include <vector>

namespace dfp::bench {

struct SuiteConfig {
  Host host;
  std::vector<int> threadCounts;
  TimingPolicy timing;
  /// Peak samples taken before each comparison (at its thread count).
  PeakSampling peakRefresh;
  bool quick = false;
  bool conv = false;
  bool llvmPath = false;
  bool kernelPath = false;
};

/// What the registered benchmarks produced, in run order.
struct SuiteResults {
  std::vector<Comparison> rows;
  std::vector<std::string> errors;
  /// Best peak samples so far: sampled before the run, raised before each
  /// comparison.
  Peaks peaks;
};

/// Registers one Google Benchmark per comparison (shape x threads x
/// quantize_included), named <name>/<isa>/threads:<T>/quantize:<0|1>. Each
/// runs the whole paired measurement in one iteration whose manual time is
/// dfp's median (oneDNN's when dfp is not available), reports GOP/s, ratio
/// and pairs as counters and appends its row to `results`. `config` and
/// `results` must outlive the benchmark run.
void registerComparisons(const SuiteConfig &config, SuiteResults &results);

/// Fills the rows' peak fractions from the final (best) peaks.
void computePeakFractions(SuiteResults &results);

} // namespace dfp::bench

#endif // DFP_BENCH_SUITE_H
