#include "dfp/conv/Conv.h"

#include "ConvChecks.h"
#include "ConvIndexing.h"
#include "ViewPlanning.h"
#include "x64/GemmTileGenerator.h"

#include <algorithm>
#include <array>

namespace dfp::conv {
namespace {

using Kind = ExponentGrouping::Kind;

/// Where the exponent group of an operand changes along the channel axis
/// `axis` that a forward or backward-data chain runs over, within one conv
/// group of `extent` channels: every `block` channels (1: every channel), 0
/// for never. False when the boundaries differ between conv groups.
bool channelCuts(const DfpFormat &format, int axis, int64_t extent,
                 int64_t &block) {
  const ExponentGrouping &g = format.grouping;
  block = 0;
  if (g.kind == Kind::Tensor)
    return true;
  if (g.kind == Kind::Axis) {
    block = g.axis == axis ? 1 : 0;
    return true;
  }
  if (g.axis != axis) {
    block = 1; // a block along another axis differs for every channel
    return true;
  }
  if (extent % g.blockSize == 0)
    block = g.blockSize;
  else if (g.blockSize % extent != 0)
    return false;
  return true;
}

/// Activation exponents must give one scale per output row and chain.
bool activationOnJit(const DfpFormat &format, bool channelsAreColumns) {
  const ExponentGrouping &g = format.grouping;
  if (g.kind == Kind::Tensor)
    return true;
  if (g.kind == Kind::Block)
    return false; // blocks vary along H and W: a scale per column
  return g.axis == 0 || (g.axis == 1 && !channelsAreColumns);
}

std::string planWhyReference(ConvDirection direction, const ConvFormats &f,
                             int64_t extentFirst, int64_t extentSecond,
                             int64_t &cutsFirst, int64_t &cutsSecond) {
  cutsFirst = cutsSecond = 0;
  switch (direction) {
  case ConvDirection::Forward:
    if (!activationOnJit(f.first, false))
      return "input exponent grouping varies along H or W";
    if (!channelCuts(f.first, 1, extentFirst, cutsFirst) ||
        !channelCuts(f.second, 1, extentSecond, cutsSecond))
      return "exponent blocks straddle conv groups";
    return {};
  case ConvDirection::BackwardData:
    if (!activationOnJit(f.first, false))
      return "output-gradient exponent grouping varies along H or W";
    if (!channelCuts(f.first, 1, extentFirst, cutsFirst) ||
        !channelCuts(f.second, 0, extentSecond, cutsSecond))
      return "exponent blocks straddle conv groups";
    return {};
  case ConvDirection::BackwardFilter:
    if (!activationOnJit(f.first, true))
      return "input exponents vary along the filter-gradient columns";
    if (!activationOnJit(f.second, false))
      return "output-gradient exponent grouping varies along H or W";
    return {};
  }
  return {};
}

void planReduction(ConvPlan &plan, int64_t cutsFirst, int64_t cutsSecond) {
  std::vector<jit::ChainSegment> perTap = jit::chainSegments(
      plan.reductionPerTap, plan.chain, cutsFirst, cutsSecond);
  int64_t tapPairs = 0;
  for (const jit::ChainSegment &s : perTap)
    tapPairs += s.pairs;
  plan.kPairs = tapPairs * plan.taps;
  plan.slots.assign(size_t(plan.taps * plan.reductionPerTap), 0);
  for (int64_t tap = 0; tap < plan.taps; ++tap)
    for (jit::ChainSegment s : perTap) {
      s.pairBegin += tap * tapPairs;
      for (int64_t i = 0; i < s.length; ++i)
        plan.slots[size_t(tap * plan.reductionPerTap + s.kBegin + i)] =
            (s.pairBegin + i / 2) * 2 + i % 2;
      s.kBegin += tap * plan.reductionPerTap;
      plan.segments.push_back(s);
      plan.segmentPairs.push_back(int32_t(s.pairs));
    }
  plan.pairedSlots = true;
  for (int64_t tap = 0; tap < plan.taps; ++tap)
    for (int64_t i = 0; i < plan.reductionPerTap; ++i)
      plan.pairedSlots &= plan.slots[size_t(tap * plan.reductionPerTap + i)] ==
                          tap * tapPairs * 2 + i;
}

Status resolveIsa(const ConvOptions &options, ConvOptions &resolved) {
  resolved = options;
  if (!options.isa) {
    jit::Isa isa;
    if (Status status = jit::effectiveMaxIsa(isa); !status)
      return status;
    resolved.isa = isa;
  }
  resolved.avxVnni = *resolved.isa == jit::Isa::Avx2 &&
                     options.avxVnni.value_or(jit::hostFeatures().avxVnni);
  return Status::success();
}

/// The tile kernels for the plan's rows (full panels and the tail), with the
/// operand strides of `extra` (GemmTileGenerator's k*StrideExtra slots).
Status prepareKernels(ConvPlan &plan, const std::array<int64_t, 4> &extra) {
  jit::CodeCache &cache =
      plan.options.cache ? *plan.options.cache : jit::CodeCache::global();
  auto kernelFor = [&](int mr, std::shared_ptr<const jit::JitKernel> &kernel) {
    jit::KernelDescriptor d;
    d.op = jit::KernelOp::GemmTile;
    d.isa = *plan.options.isa;
    d.avxVnni = *plan.options.avxVnni;
    d.mr = mr;
    d.tileRows = plan.tileRows;
    d.tileCols = plan.tileCols;
    d.scaleMode = jit::GemmScaleMode::Row;
    d.extra = extra;
    return cache.getOrCreate(
        d, jit::x64::buildKernel<jit::x64::GemmTileGenerator>, kernel);
  };
  if (plan.rows >= plan.tileRows)
    if (Status status = kernelFor(plan.tileRows, plan.fullKernel); !status)
      return status;
  if (int tailRows = int(plan.rows % plan.tileRows))
    return kernelFor(tailRows, plan.tailKernel);
  return Status::success();
}

} // namespace

const char *toString(ConvDirection direction) {
  switch (direction) {
  case ConvDirection::Forward:
    return "conv2d";
  case ConvDirection::BackwardData:
    return "conv2d_backward_data";
  case ConvDirection::BackwardFilter:
    return "conv2d_backward_filter";
  }
  return "conv2d";
}

Status makeConvPlan(ConvDirection direction, const Conv2dShape &shape,
                    const ConvFormats &formats, int64_t chain,
                    const ConvOptions &options, ConvPlan &plan) {
  const std::string op = toString(direction);
  if (Status status = shape.verify(); !status)
    return Status::error(op + ": " + status.message());
  if (chain <= 0)
    return Status::error(op + ": chain length must be positive, got " +
                         std::to_string(chain));
  const ConvIndexing at(shape);
  const bool filterFirst = direction == ConvDirection::BackwardFilter;
  std::vector<int64_t> firstShape = direction == ConvDirection::BackwardData
                                        ? at.outputShape()
                                        : at.inputShape();
  std::vector<int64_t> secondShape =
      filterFirst ? at.outputShape() : at.filterShape();
  if (Status status = formats.first.verify(firstShape); !status)
    return Status::error(op + ": " + status.message());
  if (Status status = formats.second.verify(secondShape); !status)
    return Status::error(op + ": " + status.message());
  if (Status status = checkActivationFormat(
          op, filterFirst ? "input" : "activation", formats.first);
      !status)
    return status;
  if (filterFirst)
    if (Status status =
            checkActivationFormat(op, "output gradient", formats.second);
        !status)
      return status;

  plan = ConvPlan();
  plan.direction = direction;
  plan.shape = shape;
  plan.formats = formats;
  plan.chain = chain;
  if (Status status = resolveIsa(options, plan.options); !status)
    return status;

  const int64_t taps = shape.kernelH * shape.kernelW;
  switch (direction) {
  case ConvDirection::Forward:
    plan.rows = at.filtersPerGroup;
    plan.columns = at.outH * at.outW;
    plan.taps = taps;
    plan.reductionPerTap = at.channelsPerGroup;
    break;
  case ConvDirection::BackwardData:
    plan.rows = at.channelsPerGroup;
    plan.columns = shape.height * shape.width;
    plan.taps = taps;
    plan.reductionPerTap = at.filtersPerGroup;
    break;
  case ConvDirection::BackwardFilter:
    plan.rows = at.filtersPerGroup;
    plan.columns = at.channelsPerGroup * taps;
    plan.taps = 1;
    plan.reductionPerTap = at.outH * at.outW;
    break;
  }

  int64_t cutsFirst = 0, cutsSecond = 0;
  if (*plan.options.isa == jit::Isa::Scalar)
    plan.referenceReason = "the scalar level is the reference";
  else
    plan.referenceReason =
        planWhyReference(direction, formats, plan.reductionPerTap,
                         plan.reductionPerTap, cutsFirst, cutsSecond);
  if (plan.usesReference())
    return Status::success();

  jit::x64::GemmTileShape tile = jit::x64::gemmTileShape(*plan.options.isa);
  plan.tileRows = tile.rows;
  plan.tileCols = tile.columnVectors * jit::vectorBytes(*plan.options.isa) / 4;
  planReduction(plan, cutsFirst, cutsSecond);
  std::array<int64_t, 4> extra{};
  if (direction == ConvDirection::BackwardFilter) {
    plan.inPlace = planFilterView(plan);
    if (plan.inPlace) {
      extra[jit::x64::kAPairStrideExtra] = 2 * sizeof(int16_t);
      extra[jit::x64::kARowStrideExtra] = plan.viewPlane * sizeof(int16_t);
    }
  } else {
    if (direction == ConvDirection::Forward)
      planForwardView(plan);
    else
      planBackwardDataView(plan);
    planShiftedView(plan);
    plan.inPlace = canReadInPlace(plan);
    if (plan.inPlace) {
      planChainOffsets(plan);
      extra[jit::x64::kBPairStrideExtra] = plan.viewPlane * 4;
      extra[jit::x64::kBChainOffsetsExtra] = 1;
    }
  }
  return prepareKernels(plan, extra);
}

} // namespace dfp::conv
