#ifndef DFP_QUANTIZE_QUANTIZEJOB_H
#define DFP_QUANTIZE_QUANTIZEJOB_H

#include "KernelSet.h"
#include "WorkPlan.h"

#include "dfp/quantize/Quantize.h"

#include <memory>
#include <vector>

namespace dfp::quant {

/// One quantization after pass 1: the plan, the kernels, each group's
/// exponent and scale factors. Pass 2 (convertItem) may then run on any
/// subset of the plan's items, in any order, on any thread.
struct QuantizeJob {
  WorkPlan plan;
  std::unique_ptr<KernelSet> kernels;
  /// Scalar kernels, used instead when some exponent has no exact vector
  /// scaling (only possible with given exponents).
  std::unique_ptr<KernelSet> fallback;
  bool vectorScaling = true;
  std::vector<int32_t> exponents;
  std::vector<float> scaleA, scaleB;
  StochasticSeed seed;
  int threads = 1;
};

/// Verifies the format, plans the work (items of at most `chunkElements`),
/// picks the kernels, runs pass 1 (group maxima and the NaN/Inf check, with
/// the reference's error) and derives exponents (or takes `givenExponents`)
/// and scale factors.
Status prepareJob(const float *x, const std::vector<int64_t> &shape,
                  const DfpFormat &format,
                  const std::vector<int32_t> *givenExponents, Rounding rounding,
                  const StochasticSeed &seed, const QuantizeOptions &options,
                  int64_t chunkElements, QuantizeJob &job);

/// Pass 2 for one item: element i of the tensor goes to out[i - outOffset].
Status convertItem(const QuantizeJob &job, const WorkItem &item, const float *x,
                   int16_t *out, int64_t outOffset = 0);

/// The default work size per kernel call.
int64_t chunkElementsFor(const QuantizeOptions &options);

} // namespace dfp::quant

#endif // DFP_QUANTIZE_QUANTIZEJOB_H
