#include "dfp/quantize/Quantize.h"

#include "FloatEnvironment.h"
#include "ParallelFor.h"
#include "QuantizeJob.h"

namespace dfp::quant {

namespace {

/// Both entry points; `givenExponents` null means "compute from the data".
Status quantizeImpl(const float *x, const std::vector<int64_t> &shape,
                    const DfpFormat &format,
                    const std::vector<int32_t> *givenExponents,
                    Rounding rounding, const StochasticSeed &seed,
                    QuantizedTensor &out, const QuantizeOptions &options) {
  DefaultFloatEnvironment environment;
  QuantizeJob job;
  if (Status status = prepareJob(x, shape, format, givenExponents, rounding,
                                 seed, options, chunkElementsFor(options), job);
      !status.ok())
    return status;
  out.shape = shape;
  out.format = format;
  out.exponents = job.exponents;
  out.values.resize(size_t(job.plan.numElements));
  int16_t *values = out.values.data();
  return parallelFor(
      int64_t(job.plan.items.size()), job.threads, [&](int64_t task, int) {
        return convertItem(job, job.plan.items[size_t(task)], x, values);
      });
}

} // namespace

Status quantize(const float *x, const std::vector<int64_t> &shape,
                const DfpFormat &format, Rounding rounding,
                const StochasticSeed &seed, QuantizedTensor &out,
                const QuantizeOptions &options) {
  return quantizeImpl(x, shape, format, nullptr, rounding, seed, out, options);
}

Status quantizeWithExponents(const float *x, const std::vector<int64_t> &shape,
                             const DfpFormat &format,
                             const std::vector<int32_t> &exponents,
                             Rounding rounding, const StochasticSeed &seed,
                             QuantizedTensor &out,
                             const QuantizeOptions &options) {
  return quantizeImpl(x, shape, format, &exponents, rounding, seed, out,
                      options);
}

} // namespace dfp::quant
