#include "PanelRunner.h"

#include "x64/GemmTileGenerator.h"

#include <algorithm>
#include <cstring>

namespace dfp::conv {
namespace {

void copyRows(const float *from, int64_t fromStride, float *to,
              int64_t toStride, int64_t rows, int64_t columns) {
  for (int64_t i = 0; i < rows; ++i)
    std::memcpy(to + i * toStride, from + i * fromStride,
                size_t(columns) * sizeof(float));
}

} // namespace

PanelRunner::PanelRunner(const ConvPlan &plan) : plan_(plan) {
  if (*plan.options.isa == jit::Isa::Avx2)
    scratch_.resize(size_t(plan.paddedRows() * plan.tileCols));
}

Status PanelRunner::run(const PanelCall &call) {
  const int64_t tileRows = plan_.tileRows, tileCols = plan_.tileCols;
  jit::x64::GemmTileArgs args;
  args.a = call.rows;
  args.b = call.panel;
  args.c = call.c;
  args.ldcBytes = call.ldc * int64_t(sizeof(float));
  const int64_t rows = call.rowCount ? call.rowCount : plan_.rows;
  args.aPanelStrideBytes = call.aPanelStrideBytes
                               ? call.aPanelStrideBytes
                               : plan_.kPairs * tileRows * 2 * sizeof(int16_t);
  args.segmentPairs = plan_.segmentPairs.data() + call.firstSegment;
  args.numSegments = int64_t(call.segmentCount ? call.segmentCount
                                               : plan_.segmentPairs.size() -
                                                     call.firstSegment);
  args.rowScale = call.rowScales + call.firstSegment * plan_.paddedRows();
  args.rowScaleStrideBytes = plan_.paddedRows() * int64_t(sizeof(float));
  args.rowScalePanelStrideBytes = tileRows * int64_t(sizeof(float));
  args.accumulate = call.accumulate;
  if (call.bChainOffsets)
    args.bChainOffsets = call.bChainOffsets + call.firstSegment;
  for (int v = 0; v < 4; ++v) {
    const int64_t valid = std::clamp<int64_t>(call.columns - 16 * v, 0, 16);
    args.columnMasks[v] = uint32_t((1u << valid) - 1);
  }
  const bool useScratch = !scratch_.empty() && call.columns < tileCols;
  if (useScratch) {
    args.c = scratch_.data();
    args.ldcBytes = tileCols * int64_t(sizeof(float));
    if (call.accumulate)
      copyRows(call.c, call.ldc, scratch_.data(), tileCols, rows, call.columns);
  }
  args.cPanelStrideBytes = args.ldcBytes * tileRows;

  const jit::ExecutionMode mode = plan_.options.execution;
  Status status = Status::success();
  const int64_t fullPanels = rows / tileRows;
  if (fullPanels > 0) {
    args.rowPanels = fullPanels;
    status = plan_.fullKernel->call(&args, mode);
  }
  if (status && rows % tileRows) {
    args.rowPanels = 1;
    args.a += fullPanels * args.aPanelStrideBytes / int64_t(sizeof(int16_t));
    args.c += fullPanels * args.cPanelStrideBytes / int64_t(sizeof(float));
    args.rowScale += fullPanels * tileRows;
    status = plan_.tailKernel->call(&args, mode);
  }
  if (status && useScratch)
    copyRows(scratch_.data(), tileCols, call.c, call.ldc, rows, call.columns);
  return status;
}

} // namespace dfp::conv
