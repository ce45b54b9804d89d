#ifndef DFP_BENCH_COMPARISON_H
#define DFP_BENCH_COMPARISON_H

#include <optional>
#include <string>

namespace dfp::bench {

/// One row of the table and one record of the summary JSON: dfpc DFP16
/// against oneDNN FP32 on one shape, ISA and thread count. The dfp fields
/// are empty when the dfpc kernel is not available (`note` says why).
struct Comparison {
  std::string name; ///< e.g. gemm_1024x1024x1024, conv_fwd_64x56x56_3x3
  std::string op;   ///< gemm, conv_fwd, conv_bwd_data, conv_bwd_filter
  std::string isa;
  int threads = 1;
  bool quantizeIncluded = false;
  int pairs = 0; ///< measured pairs (or oneDNN-only runs)

  double onednnGops = 0;
  std::optional<double> onednnPeakFraction; ///< of the FP32 FMA peak
  std::optional<double> dfpGops;
  std::optional<double> ratio;        ///< median of pair ratios, dfp / oneDNN
  std::optional<double> peakFraction; ///< dfp of the integer peak
  /// ||C_dfp - C_oneDNN|| / ||C_oneDNN|| (Frobenius), when comparable.
  std::optional<double> relativeError;
  std::string note;
};

} // namespace dfp::bench

#endif // DFP_BENCH_COMPARISON_H
