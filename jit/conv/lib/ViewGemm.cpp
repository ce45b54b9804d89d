#include "ViewGemm.h"

#include "ConvIndexing.h"
#include "ConvPacking.h"
#include "ConvScales.h"
#include "ConvTasks.h"
#include "DataMovement.h"
#include "PanelRunner.h"

#include <algorithm>
#include <cstring>
#include <vector>

namespace dfp::conv {
namespace {

/// Where a view panel's results go: per image of the block (`images` of
/// them, `imageStride` floats apart from `planes`), output planes of
/// `outCols` x `outRows` pixels, `outPlane` apart, of which the panel's
/// phase holds every outputStride-th pixel from (phase.row, phase.col).
struct ViewOutput {
  float *planes = nullptr;
  int64_t images = 1, imageStride = 0;
  int64_t outRows = 0, outCols = 0, outPlane = 0;
};

/// View column q: image b of the block, its view row y, column x.
struct ViewPosition {
  int64_t image = 0, row = 0, col = 0;
};

ViewPosition viewPosition(const ConvPlan &plan, int64_t q) {
  const int64_t v = q / plan.viewWidth;
  return {v % plan.viewImages, v / plan.viewImages, q % plan.viewWidth};
}

/// The taps of `phase` that read some source row for output rows
/// [firstRow, lastRow] (shifted views; otherwise all of them).
void liveTaps(const ConvPlan &plan, const ConvPlan::Phase &phase,
              int64_t firstRow, int64_t lastRow, int64_t sourceRows,
              std::vector<int64_t> &taps) {
  taps.clear();
  for (int64_t tap : phase.taps) {
    if (!plan.viewRowOffsets.empty()) {
      const int64_t offset =
          plan.viewRowOffsets[size_t(tap / plan.shape.kernelW)];
      if (lastRow + offset < 0 || firstRow + offset >= sourceRows)
        continue;
    }
    taps.push_back(tap);
  }
}

/// Copies the columns of a view panel that are output pixels of `phase`
/// from `tile` (rows x tileCols) to the output planes.
void storeViewPanel(const ConvPlan &plan, const ConvPlan::Phase &phase,
                    const float *tile, int64_t panel, const ViewOutput &out) {
  const int64_t strideH = plan.outputStrideH, strideW = plan.outputStrideW;
  const int64_t phaseCols = (out.outCols - phase.col + strideW - 1) / strideW;
  const int64_t first = panel * plan.tileCols;
  const int64_t last = std::min(first + plan.tileCols, plan.viewColumns);
  for (int64_t q = first; q < last;) {
    const ViewPosition at = viewPosition(plan, q);
    const int64_t rowEnd = std::min(last, q - at.col + plan.viewWidth);
    const int64_t outRow = at.row * strideH + phase.row;
    const int64_t count =
        outRow < out.outRows && at.image < out.images
            ? std::min(rowEnd - q, std::max<int64_t>(0, phaseCols - at.col))
            : 0;
    const float *from = tile + (q - first);
    float *to = out.planes + at.image * out.imageStride + outRow * out.outCols +
                at.col * strideW + phase.col;
    if (count > 0 && strideW == 1)
      copyRows(from, plan.tileCols * int64_t(sizeof(float)), to,
               out.outPlane * int64_t(sizeof(float)), plan.rows,
               count * int64_t(sizeof(float)));
    for (int64_t row = 0; count > 0 && strideW > 1 && row < plan.rows; ++row)
      for (int64_t i = 0; i < count; ++i)
        to[row * out.outPlane + i * strideW] = from[row * plan.tileCols + i];
    q = rowEnd;
  }
}

} // namespace

/// Forward and backward-data in place: per (block of images, group, phase,
/// column panel) task, one kernel call per tap of the phase reads the view
/// in place and accumulates into a tile (or straight into the output when
/// the panel is a run of one image's output pixels), whose output pixels
/// are then stored.
Status runViewGemm(const ConvPlan &plan, const QuantizedTensor &activation,
                   const PackedConvWeights &w, float *out,
                   const int16_t *views) {
  const ConvIndexing at(plan.shape);
  const bool forward = plan.direction == ConvDirection::Forward;
  const int64_t sourceHeight = forward ? plan.shape.height : at.outH;
  const int64_t sourceWidth = forward ? plan.shape.width : at.outW;
  const int64_t activationChannels =
      forward ? plan.shape.channels : plan.shape.filters;
  const int64_t outChannels =
      forward ? plan.shape.filters : plan.shape.channels;
  const int64_t groups = plan.shape.groups, panels = plan.columnPanels();
  const int64_t blocks = plan.viewBlocks(), blockImages = plan.viewImages;
  const int64_t phases = int64_t(plan.phases.size());
  const bool unitOutputStride =
      plan.outputStrideH == 1 && plan.outputStrideW == 1;

  const RowScaleTables scales(plan, activation, w.metadata);
  const size_t tapSegments = plan.segments.size() / size_t(plan.taps);
  const int64_t tapPairs = plan.kPairs / plan.taps;
  return parallelTasks(
      plan, blocks * groups * phases * panels, [&](int64_t begin, int64_t end) {
        std::vector<float> tile(size_t(plan.paddedRows() * plan.tileCols));
        PanelRunner runner(plan);
        // Tasks run view by view: a thread builds each view it needs once.
        jit::AlignedVector<int16_t> &built =
            threadBuffer(BufferUse::View, views ? 0 : viewSize(plan));
        const int16_t *view = built.data();
        int64_t builtView = -1;
        std::vector<int64_t> taps;
        for (int64_t task = begin; task < end; ++task) {
          const int64_t p = task % panels, viewIndex = task / panels / phases;
          const ConvPlan::Phase &phase =
              plan.phases[size_t(task / panels % phases)];
          const int64_t g = viewIndex % groups, block = viewIndex / groups;
          const int64_t n = block * blockImages;
          ViewOutput output;
          output.images = std::min(blockImages, plan.shape.batch - n);
          output.outRows = forward ? at.outH : plan.shape.height;
          output.outCols = forward ? at.outW : plan.shape.width;
          output.outPlane = plan.columns;
          output.imageStride = outChannels * plan.columns;
          output.planes =
              out + n * output.imageStride + g * plan.rows * plan.columns;
          const int64_t q0 = p * plan.tileCols;
          const int64_t q1 = std::min(q0 + plan.tileCols, plan.viewColumns);
          const ViewPosition first = viewPosition(plan, q0);
          const ViewPosition last = viewPosition(plan, q1 - 1);
          // Taps reading only padding for all the panel's rows add zero
          // chains: skipping them leaves every sum as it is.
          liveTaps(plan, phase, first.row, last.row, sourceHeight, taps);
          if (taps.empty()) { // stride gaps or padding only: the sums are 0
            std::fill(tile.begin(), tile.end(), 0.0f);
            storeViewPanel(plan, phase, tile.data(), p, output);
            continue;
          }
          if (views) {
            view = views + viewSize(plan) * size_t(viewIndex);
          } else if (viewIndex != builtView) {
            buildView(plan,
                      activation.values.data() +
                          (n * activationChannels + g * plan.reductionPerTap) *
                              sourceHeight * sourceWidth,
                      activationChannels * sourceHeight * sourceWidth,
                      output.images, sourceHeight, sourceWidth, built.data());
            builtView = viewIndex;
          }
          // The panel is written in place when its columns are consecutive
          // output pixels of one image: inside one output row, or anywhere
          // in the image's rows when the view has no extra columns (then a
          // last panel is masked).
          const bool oneViewRow =
              q0 / plan.viewWidth == (q1 - 1) / plan.viewWidth;
          const bool noExtraColumns = plan.viewWidth == output.outCols;
          const bool direct =
              unitOutputStride && last.row < output.outRows &&
              first.image < output.images &&
              (oneViewRow ? last.col < output.outCols
                          : plan.viewImages == 1 && noExtraColumns);
          PanelCall call;
          call.rowScales = scales.at(n, g);
          call.c = direct ? output.planes + first.image * output.imageStride +
                                first.row * output.outCols + first.col
                          : tile.data();
          call.ldc = direct ? output.outPlane : plan.tileCols;
          call.columns = direct ? q1 - q0 : plan.tileCols;
          call.panel = view + q0 * 2;
          const bool allTaps =
              phase.allTaps && taps.size() == phase.taps.size();
          if (allTaps) {
            call.rows = w.groups[size_t(g)].data();
            call.bChainOffsets = phase.chainOffsets.data();
            if (Status status = runner.run(call); !status)
              return status;
          }
          // Stride gaps and padding drop taps: one call per tap, each
          // starting at that tap's chains of the packed filter and scales.
          call.segmentCount = tapSegments;
          for (size_t i = 0; !allTaps && i < taps.size(); ++i) {
            const int64_t tap = taps[i];
            call.rows =
                w.groups[size_t(g)].data() + tap * tapPairs * plan.tileRows * 2;
            call.bChainOffsets = phase.chainOffsets.data();
            call.firstSegment = size_t(tap) * tapSegments;
            call.accumulate = i > 0;
            if (Status status = runner.run(call); !status)
              return status;
          }
          if (!direct)
            storeViewPanel(plan, phase, tile.data(), p, output);
        }
        return Status::success();
      });
}

} // namespace dfp::conv
