#include "dfp/conv/Conv.h"

#include "ConvChecks.h"
#include "ConvIndexing.h"
#include "ConvPacking.h"
#include "ConvScales.h"
#include "ConvTasks.h"
#include "FilterGradientView.h"
#include "PanelRunner.h"
#include "ViewGemm.h"

#include <algorithm>

namespace dfp::conv {
namespace {

/// Forward and backward-data: per (image, group, column panel) task, gather
/// the panel through every tap and run it against the group's filter rows.
Status runTapGemm(const ConvPlan &plan, const QuantizedTensor &activation,
                  const PackedConvWeights &w, float *out) {
  const ConvIndexing at(plan.shape);
  const bool forward = plan.direction == ConvDirection::Forward;
  const int64_t activationChannels =
      forward ? plan.shape.channels : plan.shape.filters;
  const int64_t activationPlane =
      forward ? plan.shape.height * plan.shape.width : at.outH * at.outW;
  const int64_t outChannels =
      forward ? plan.shape.filters : plan.shape.channels;
  const int64_t groups = plan.shape.groups, panels = plan.columnPanels();
  const RowScaleTables scales(plan, activation, w.metadata);
  return parallelTasks(
      plan, plan.shape.batch * groups * panels,
      [&](int64_t begin, int64_t end) {
        jit::AlignedVector<int16_t> panel(packedPanelSize(plan));
        PanelRunner runner(plan);
        for (int64_t task = begin; task < end; ++task) {
          const int64_t p = task % panels, g = task / panels % groups,
                        n = task / panels / groups;
          packTapPanel(plan,
                       activation.values.data() +
                           (n * activationChannels + g * plan.reductionPerTap) *
                               activationPlane,
                       activationPlane, p, panel.data());
          PanelCall call;
          call.rows = w.groups[size_t(g)].data();
          call.panel = panel.data();
          call.rowScales = scales.at(n, g);
          call.c = out + (n * outChannels + g * plan.rows) * plan.columns +
                   p * plan.tileCols;
          call.ldc = plan.columns;
          call.columns = std::min<int64_t>(plan.tileCols,
                                           plan.columns - p * plan.tileCols);
          if (Status status = runner.run(call); !status)
            return status;
        }
        return Status::success();
      });
}

Status checkWeights(const ConvPlan &plan, const PackedConvWeights &w) {
  const ConvIndexing at(plan.shape);
  if (w.metadata.shape != at.filterShape() ||
      !(w.metadata.format.grouping == plan.formats.second.grouping) ||
      (plan.usesReference() ? !w.original
                            : w.groups.size() != size_t(plan.shape.groups)))
    return Status::error(std::string(toString(plan.direction)) +
                         " filter: packed for another plan");
  return Status::success();
}

/// `activationMaxAbs` < 0: scan the activation for its true range.
Status runWithFilter(ConvDirection direction, const ConvPlan &plan,
                     const QuantizedTensor &activation,
                     const PackedConvWeights &w, float *out,
                     int32_t activationMaxAbs = -1) {
  const std::string op = toString(direction);
  if (plan.direction != direction)
    return Status::error(op + ": the plan is for " + toString(plan.direction));
  const ConvIndexing at(plan.shape);
  const bool forward = direction == ConvDirection::Forward;
  if (Status status = checkWeights(plan, w); !status)
    return status;
  if (plan.usesReference())
    return forward ? dfp::conv2dForward(activation, *w.original, plan.shape,
                                        plan.chain, out)
                   : dfp::conv2dBackwardData(activation, *w.original,
                                             plan.shape, plan.chain, out);
  if (Status status = checkOperand(
          op, forward ? "input" : "output gradient", activation,
          forward ? at.inputShape() : at.outputShape(), plan.formats.first);
      !status)
    return status;
  if (Status status = checkChainFits(
          op, plan.chain,
          activationMaxAbs < 0 ? maxMagnitude(activation) : activationMaxAbs,
          activation.exponents, w.maxAbs, w.metadata.exponents);
      !status)
    return status;
  return plan.inPlace ? runViewGemm(plan, activation, w, out)
                      : runTapGemm(plan, activation, w, out);
}

/// runWithFilter on an activation quantized into its views.
Status runWithViews(ConvDirection direction, const ConvPlan &plan,
                    const ConvActivation &activation,
                    const PackedConvWeights &w, float *out) {
  if (activation.views.empty())
    return runWithFilter(direction, plan, activation.tensor, w, out,
                         activation.maxAbs);
  const std::string op = toString(direction);
  if (plan.direction != direction)
    return Status::error(op + ": the plan is for " + toString(plan.direction));
  if (Status status = checkWeights(plan, w); !status)
    return status;
  const ConvIndexing at(plan.shape);
  const bool forward = direction == ConvDirection::Forward;
  const QuantizedTensor &t = activation.tensor;
  const size_t views =
      viewSize(plan) * size_t(plan.viewBlocks() * plan.shape.groups);
  if (!plan.inPlace || plan.usesReference() ||
      t.shape != (forward ? at.inputShape() : at.outputShape()) ||
      !(t.format.grouping == plan.formats.first.grouping) ||
      int64_t(t.exponents.size()) != numGroups(t.shape, t.format) ||
      activation.views.size() != views)
    return Status::error(op + " " + (forward ? "input" : "output gradient") +
                         ": quantized for another plan");
  if (Status status =
          checkChainFits(op, plan.chain, activation.maxAbs, t.exponents,
                         w.maxAbs, w.metadata.exponents);
      !status)
    return status;
  return runViewGemm(plan, t, w, out, activation.views.data());
}

} // namespace

Status packWeights(const ConvPlan &plan, const QuantizedTensor &w,
                   PackedConvWeights &packed) {
  const std::string op = toString(plan.direction);
  if (plan.direction == ConvDirection::BackwardFilter)
    return Status::error(op + ": the filter is not an operand");
  const ConvIndexing at(plan.shape);
  if (Status status =
          checkOperand(op, "filter", w, at.filterShape(), plan.formats.second);
      !status)
    return status;
  // Field by field: the group buffers keep their capacity across updates.
  packed.metadata = QuantizedTensor();
  packed.original.reset();
  packed.metadata.shape = w.shape;
  packed.metadata.format = w.format;
  packed.metadata.exponents = w.exponents;
  packed.maxAbs = maxMagnitude(w);
  if (plan.usesReference()) {
    packed.original = w;
    return Status::success();
  }
  packed.groups.resize(size_t(plan.shape.groups));
  for (int64_t g = 0; g < plan.shape.groups; ++g) {
    packed.groups[size_t(g)].assign(packedRowsSize(plan), 0);
    packFilterRows(plan, w, g, packed.groups[size_t(g)].data());
  }
  return Status::success();
}

Status runForward(const ConvPlan &plan, const QuantizedTensor &x,
                  const PackedConvWeights &w, float *y) {
  return runWithFilter(ConvDirection::Forward, plan, x, w, y);
}

Status runBackwardData(const ConvPlan &plan, const QuantizedTensor &dy,
                       const PackedConvWeights &w, float *dx) {
  return runWithFilter(ConvDirection::BackwardData, plan, dy, w, dx);
}

Status runForward(const ConvPlan &plan, const ConvActivation &x,
                  const PackedConvWeights &w, float *y) {
  return runWithViews(ConvDirection::Forward, plan, x, w, y);
}

Status runBackwardData(const ConvPlan &plan, const ConvActivation &dy,
                       const PackedConvWeights &w, float *dx) {
  return runWithViews(ConvDirection::BackwardData, plan, dy, w, dx);
}

Status runBackwardFilter(const ConvPlan &plan, const QuantizedTensor &x,
                         const QuantizedTensor &dy, float *dw) {
  return runBackwardFilter(plan, x, maxMagnitude(x), dy, maxMagnitude(dy), dw);
}

Status runBackwardFilter(const ConvPlan &plan, const QuantizedTensor &x,
                         int32_t xMaxAbs, const QuantizedTensor &dy,
                         int32_t dyMaxAbs, float *dw) {
  const std::string op = toString(ConvDirection::BackwardFilter);
  if (plan.direction != ConvDirection::BackwardFilter)
    return Status::error(op + ": the plan is for " + toString(plan.direction));
  if (plan.usesReference())
    return dfp::conv2dBackwardFilter(x, dy, plan.shape, plan.chain, dw);
  const ConvIndexing at(plan.shape);
  if (Status status =
          checkOperand(op, "input", x, at.inputShape(), plan.formats.first);
      !status)
    return status;
  if (Status status = checkOperand(op, "output gradient", dy, at.outputShape(),
                                   plan.formats.second);
      !status)
    return status;
  if (Status status = checkChainFits(op, plan.chain, xMaxAbs, x.exponents,
                                     dyMaxAbs, dy.exponents);
      !status)
    return status;

  if (plan.inPlace)
    return runFilterGradientView(plan, x, dy, dw);
  const int64_t images = plan.shape.batch, groups = plan.shape.groups;
  const RowScaleTables scales(plan, x, dy);
  const int64_t panels = plan.columnPanels();
  const int64_t inputImage =
      plan.shape.channels * plan.shape.height * plan.shape.width;
  const int64_t groupInput =
      at.channelsPerGroup * plan.shape.height * plan.shape.width;
  // Images are the outer reduction: each panel accumulates them in order
  // (and one image's packed gradient is reused across the panels).
  return parallelTasks(plan, groups * panels, [&](int64_t begin, int64_t end) {
    jit::AlignedVector<int16_t> panel(packedPanelSize(plan));
    PanelRunner runner(plan);
    jit::AlignedVector<int16_t> &gradientRows =
        threadBuffer(BufferUse::Rows, packedRowsSize(plan));
    for (int64_t n = 0; n < images; ++n)
      for (int64_t task = begin, packedGroup = -1; task < end; ++task) {
        const int64_t p = task % panels, g = task / panels;
        if (g != packedGroup) {
          std::fill(gradientRows.begin(),
                    gradientRows.begin() + packedRowsSize(plan), int16_t(0));
          packGradientRows(plan, dy, n, g, gradientRows.data());
          packedGroup = g;
        }
        packPositionPanel(plan,
                          x.values.data() + n * inputImage + g * groupInput, p,
                          panel.data());
        PanelCall call;
        call.rows = gradientRows.data();
        call.panel = panel.data();
        call.rowScales = scales.at(n, g);
        call.c = dw + g * plan.rows * plan.columns + p * plan.tileCols;
        call.ldc = plan.columns;
        call.columns =
            std::min<int64_t>(plan.tileCols, plan.columns - p * plan.tileCols);
        call.accumulate = n > 0;
        if (Status status = runner.run(call); !status)
          return status;
      }
    return Status::success();
  });
}

Status conv2dForward(const QuantizedTensor &x, const QuantizedTensor &w,
                     const Conv2dShape &shape, int64_t chain, float *y,
                     const ConvOptions &options) {
  ConvPlan plan;
  PackedConvWeights packed;
  Status status = makeConvPlan(ConvDirection::Forward, shape,
                               {x.format, w.format}, chain, options, plan);
  if (status)
    status = packWeights(plan, w, packed);
  return status ? runForward(plan, x, packed, y) : status;
}

Status conv2dBackwardData(const QuantizedTensor &dy, const QuantizedTensor &w,
                          const Conv2dShape &shape, int64_t chain, float *dx,
                          const ConvOptions &options) {
  ConvPlan plan;
  PackedConvWeights packed;
  Status status = makeConvPlan(ConvDirection::BackwardData, shape,
                               {dy.format, w.format}, chain, options, plan);
  if (status)
    status = packWeights(plan, w, packed);
  return status ? runBackwardData(plan, dy, packed, dx) : status;
}

Status conv2dBackwardFilter(const QuantizedTensor &x, const QuantizedTensor &dy,
                            const Conv2dShape &shape, int64_t chain, float *dw,
                            const ConvOptions &options) {
  ConvPlan plan;
  Status status = makeConvPlan(ConvDirection::BackwardFilter, shape,
                               {x.format, dy.format}, chain, options, plan);
  return status ? runBackwardFilter(plan, x, dy, dw) : status;
}

} // namespace dfp::conv
