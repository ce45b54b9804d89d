#include "dfp/conv/Conv.h"

#include "ConvChecks.h"
#include "ConvIndexing.h"
#include "ConvPacking.h"
#include "Vectorized.h"

#include "dfp/quantize/QuantizeRuns.h"

#include <algorithm>
#include <cstdlib>

namespace dfp::conv {
namespace {

DFP_CONV_VECTORIZED int32_t maxAbsOf(const int16_t *values, int64_t count) {
  int32_t maxAbs = 0;
  for (int64_t i = 0; i < count; ++i)
    maxAbs = std::max(maxAbs, std::abs(int32_t(values[i])));
  return maxAbs;
}

} // namespace

Status quantizeActivation(const ConvPlan &plan, const float *activation,
                          Rounding rounding, const StochasticSeed &seed,
                          ConvActivation &out) {
  const std::string op = toString(plan.direction);
  if (plan.direction == ConvDirection::BackwardFilter)
    return Status::error(op + ": quantizeActivation takes the activation of "
                              "a forward or backward-data plan");
  const ConvIndexing at(plan.shape);
  const bool forward = plan.direction == ConvDirection::Forward;
  const std::vector<int64_t> shape =
      forward ? at.inputShape() : at.outputShape();
  quant::QuantizeOptions options;
  options.isa = plan.options.isa;
  options.mode = plan.options.execution;
  options.threads = plan.options.threads;
  const int64_t perGroup = forward ? at.channelsPerGroup : at.filtersPerGroup;
  if (!plan.inPlace || plan.usesReference() || perGroup % 2) {
    out.views.clear();
    Status status = quant::quantize(activation, shape, plan.formats.first,
                                    rounding, seed, out.tensor, options);
    out.maxAbs = status ? maxMagnitude(out.tensor) : 0;
    return status;
  }

  // Runs of two channel planes: with an even channel count per group every
  // run is one pair plane of one view.
  const int64_t channels = shape[1], height = shape[2], width = shape[3];
  const int64_t plane = height * width, groups = plan.shape.groups;
  const size_t view = viewSize(plan);
  const int64_t images = shape[0], blockImages = plan.viewImages;
  out.views.resize(view * size_t(plan.viewBlocks() * groups));
  std::vector<int32_t> runMax(size_t(shape[0] * channels / 2), 0);
  Status status = quant::quantizeRuns(
      activation, shape, plan.formats.first, rounding, seed, 2 * plane,
      [&](int64_t first, const int16_t *values, int64_t count, int) {
        const int64_t channel = first / plane; // n * C + c, even
        const int64_t n = channel / channels, c = channel % channels;
        const int64_t pair = c % perGroup / 2;
        const int64_t block = n / blockImages, image = n % blockImages;
        int16_t *to =
            out.views.data() + view * size_t(block * groups + c / perGroup);
        buildViewPair(plan, values, values + plane, height, width, pair, image,
                      std::min(blockImages, images - block * blockImages), to);
        if (pair == 0 && image == 0)
          clearViewSlack(plan, to);
        runMax[size_t(channel / 2)] = maxAbsOf(values, count);
        return Status::success();
      },
      out.tensor, options);
  out.maxAbs = *std::max_element(runMax.begin(), runMax.end());
  return status;
}

Status quantizeWeights(const ConvPlan &plan, const float *w, Rounding rounding,
                       const StochasticSeed &seed, PackedConvWeights &packed) {
  const std::string op = toString(plan.direction);
  if (plan.direction == ConvDirection::BackwardFilter)
    return Status::error(op + ": the filter is not an operand");
  const ConvIndexing at(plan.shape);
  quant::QuantizeOptions options;
  options.isa = plan.options.isa;
  options.mode = plan.options.execution;
  options.threads = plan.options.threads;
  if (plan.usesReference()) {
    QuantizedTensor q;
    Status status = quant::quantize(w, at.filterShape(), plan.formats.second,
                                    rounding, seed, q, options);
    return status ? packWeights(plan, q, packed) : status;
  }
  const int64_t perFilter = at.channelsPerGroup * plan.taps;
  packed.original.reset();
  packed.groups.resize(size_t(plan.shape.groups));
  for (jit::AlignedVector<int16_t> &group : packed.groups)
    group.assign(packedRowsSize(plan), 0);
  const int64_t runFilters = filterRunLength(plan);
  std::vector<int32_t> runMax(
      size_t((plan.shape.filters + runFilters - 1) / runFilters), 0);
  Status status = quant::quantizeRuns(
      w, at.filterShape(), plan.formats.second, rounding, seed,
      perFilter * runFilters,
      [&](int64_t first, const int16_t *values, int64_t count, int) {
        const int64_t k = first / perFilter;
        packFilterRun(plan, values, k % at.filtersPerGroup, count / perFilter,
                      packed.groups[size_t(k / at.filtersPerGroup)].data());
        runMax[size_t(k / runFilters)] = maxAbsOf(values, count);
        return Status::success();
      },
      packed.metadata, options);
  packed.maxAbs = *std::max_element(runMax.begin(), runMax.end());
  return status;
}

} // namespace dfp::conv
