#include "dfp/quantize/QuantizeRuns.h"

#include "FloatEnvironment.h"
#include "ParallelFor.h"
#include "QuantizeJob.h"

#include <algorithm>

namespace dfp::quant {

Status quantizeRuns(const float *x, const std::vector<int64_t> &shape,
                    const DfpFormat &format, Rounding rounding,
                    const StochasticSeed &seed, int64_t runElements,
                    const RunSink &sink, QuantizedTensor &metadata,
                    const QuantizeOptions &options) {
  if (runElements < 1)
    return Status::error("quantize: runs need at least one element, got " +
                         std::to_string(runElements));
  DefaultFloatEnvironment environment;
  QuantizeJob job;
  if (Status status = prepareJob(x, shape, format, nullptr, rounding, seed,
                                 options, chunkElementsFor(options), job);
      !status.ok())
    return status;
  metadata = QuantizedTensor();
  metadata.shape = shape;
  metadata.format = format;
  metadata.exponents = job.exponents;
  const int64_t elements = job.plan.numElements;
  const int64_t runs = (elements + runElements - 1) / runElements;
  std::vector<std::vector<int16_t>> buffers(size_t(job.threads));
  std::vector<std::vector<WorkItem>> clipped(size_t(job.threads));
  return parallelFor(runs, job.threads, [&](int64_t run, int worker) {
    const int64_t begin = run * runElements;
    const int64_t end = std::min(elements, begin + runElements);
    std::vector<int16_t> &buffer = buffers[size_t(worker)];
    buffer.resize(size_t(end - begin));
    std::vector<WorkItem> &items = clipped[size_t(worker)];
    items.clear();
    // Pass 1's items each lie in one exponent group; clip them to the run.
    for (const WorkItem &item : job.plan.items)
      clipWorkItem(item, begin, end, items);
    for (const WorkItem &item : items)
      if (Status status = convertItem(job, item, x, buffer.data(), begin);
          !status.ok())
        return status;
    return sink(begin, buffer.data(), end - begin, worker);
  });
}

} // namespace dfp::quant
