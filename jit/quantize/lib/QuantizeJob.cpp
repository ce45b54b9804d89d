#include "QuantizeJob.h"

#include "ParallelFor.h"
#include "ScaleFactors.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <sstream>

namespace dfp::quant {

namespace {

constexpr int64_t kDefaultChunkElements = int64_t(1) << 16;
constexpr uint32_t kInfinityBits = 0x7f800000u;

Status selectKernels(const QuantizeOptions &options, int magBits,
                     Rounding rounding, std::unique_ptr<KernelSet> &kernels) {
  jit::Isa isa = jit::Isa::Scalar;
  if (options.isa) {
    isa = *options.isa;
  } else if (Status status = jit::effectiveMaxIsa(isa); !status.ok()) {
    return status;
  }
  if (isa == jit::Isa::Scalar) {
    kernels = makeScalarKernels(magBits, rounding);
    return Status::success();
  }
  return makeJitKernels(isa, options.mode, magBits, rounding, kernels);
}

/// Max |x| bits per group; every worker folds into its own copy, combined at
/// the end (max is exact and order-free, so threads never matter).
Status groupMaxima(const WorkPlan &plan, const float *x,
                   const KernelSet &kernels, int threads,
                   std::vector<uint32_t> &maxBits) {
  int workers = std::max(threads, 1);
  std::vector<std::vector<uint32_t>> perWorker(
      workers, std::vector<uint32_t>(plan.numGroups, 0));
  Status status = parallelFor(
      int64_t(plan.items.size()), workers, [&](int64_t task, int worker) {
        const WorkItem &item = plan.items[task];
        std::vector<uint32_t> &local = perWorker[worker];
        MaxArgs args{x + item.offset, item.length, item.count, item.stride,
                     local.data() + item.firstGroup};
        if (item.shape == WorkItem::Shape::Columns)
          return kernels.max(item.shape, args);
        std::vector<uint32_t> runMax(item.count);
        args.out = runMax.data();
        if (Status s = kernels.max(item.shape, args); !s.ok())
          return s;
        for (int64_t k = 0; k < item.count; ++k)
          local[item.firstGroup + k] =
              std::max(local[item.firstGroup + k], runMax[k]);
        return Status::success();
      });
  if (!status.ok())
    return status;
  maxBits.assign(plan.numGroups, 0);
  for (const std::vector<uint32_t> &local : perWorker)
    for (int64_t g = 0; g < plan.numGroups; ++g)
      maxBits[g] = std::max(maxBits[g], local[g]);
  return Status::success();
}

/// The error for the first non-finite element (only called once the max
/// pass has seen one); the reference's wording.
Status nonFiniteError(const float *x, int64_t numElements) {
  for (int64_t i = 0; i < numElements; ++i) {
    if (std::isfinite(x[i]))
      continue;
    std::ostringstream text;
    text << "cannot quantize element " << i << ": value " << x[i]
         << " is not finite";
    return Status::error(text.str());
  }
  return Status::error("cannot quantize: non-finite input");
}

float bitsToFloat(uint32_t bits) {
  float value;
  std::memcpy(&value, &bits, sizeof value);
  return value;
}

} // namespace

int64_t chunkElementsFor(const QuantizeOptions &options) {
  return options.chunkElements > 0 ? options.chunkElements
                                   : kDefaultChunkElements;
}

Status prepareJob(const float *x, const std::vector<int64_t> &shape,
                  const DfpFormat &format,
                  const std::vector<int32_t> *givenExponents, Rounding rounding,
                  const StochasticSeed &seed, const QuantizeOptions &options,
                  int64_t chunkElements, QuantizeJob &job) {
  if (Status status = format.verify(shape); !status.ok())
    return status;
  job.plan = makeWorkPlan(shape, format, chunkElements);
  const WorkPlan &plan = job.plan;
  if (givenExponents && int64_t(givenExponents->size()) != plan.numGroups) {
    std::ostringstream text;
    text << givenExponents->size() << " exponents given, the format has "
         << plan.numGroups << " groups";
    return Status::error(text.str());
  }
  if (Status status =
          selectKernels(options, format.magBits, rounding, job.kernels);
      !status.ok())
    return status;
  job.fallback = makeScalarKernels(format.magBits, rounding);
  job.threads = std::max(options.threads, 1);
  job.seed = seed;

  std::vector<uint32_t> maxBits;
  if (Status status = groupMaxima(plan, x, *job.kernels, job.threads, maxBits);
      !status.ok())
    return status;
  if (std::any_of(maxBits.begin(), maxBits.end(),
                  [](uint32_t bits) { return bits >= kInfinityBits; }))
    return nonFiniteError(x, plan.numElements);

  if (givenExponents) {
    job.exponents = *givenExponents;
  } else {
    job.exponents.resize(size_t(plan.numGroups));
    for (int64_t g = 0; g < plan.numGroups; ++g)
      job.exponents[size_t(g)] =
          exponentForMaxAbs(bitsToFloat(maxBits[size_t(g)]), format.magBits);
  }
  job.scaleA.assign(size_t(plan.numGroups), 1.0f);
  job.scaleB.assign(size_t(plan.numGroups), 1.0f);
  job.vectorScaling = true;
  for (int64_t g = 0; g < plan.numGroups; ++g) {
    int32_t exponent = job.exponents[size_t(g)];
    if (!hasExactScaleFactors(exponent)) {
      job.vectorScaling = false;
      continue;
    }
    ScaleFactors factors = scaleFactorsFor(exponent);
    job.scaleA[size_t(g)] = factors.a;
    job.scaleB[size_t(g)] = factors.b;
  }
  return Status::success();
}

Status convertItem(const QuantizeJob &job, const WorkItem &item, const float *x,
                   int16_t *out, int64_t outOffset) {
  ConvertArgs args;
  args.x = x + item.offset;
  args.out = out + (item.offset - outOffset);
  args.length = item.length;
  args.count = item.count;
  args.stride = item.stride;
  args.scaleA = job.scaleA.data() + item.firstGroup;
  args.scaleB = job.scaleB.data() + item.firstGroup;
  args.exponents = job.exponents.data() + item.firstGroup;
  args.firstIndex = uint64_t(item.offset);
  args.seed = job.seed.seed;
  args.streamStep = uint64_t(job.seed.stream) | uint64_t(job.seed.step) << 32;
  const KernelSet &kernels = job.vectorScaling ? *job.kernels : *job.fallback;
  return kernels.convert(item.shape, args);
}

} // namespace dfp::quant
