#ifndef DFP_BENCH_PEAKS_H
#define DFP_BENCH_PEAKS_H

#include "Host.h"
#include "PeakLoop.h"

#include <map>
#include <optional>
#include <vector>

namespace dfp::bench {

/// The integer and FP32 peaks of the measured ISA, per thread count.
struct Peaks {
  std::optional<PeakInstruction> integer, fp32; ///< none at Isa::Scalar
  std::map<int, double> integerGops, fp32Gops;  ///< by thread count

  std::optional<double> integerAt(int threads) const;
  std::optional<double> fp32At(int threads) const;
};

/// Samples both peaks at `host.isa` for each of `threadCounts` and raises
/// the entries of `peaks` to the best samples. A peak is a ceiling, so
/// sampling again during the run only makes it more accurate on a busy host.
Status samplePeaks(const Host &host, const std::vector<int> &threadCounts,
                   const PeakSampling &sampling, Peaks &peaks);

} // namespace dfp::bench

#endif // DFP_BENCH_PEAKS_H
