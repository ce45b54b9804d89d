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

namespace {

/// k-pairs of B per kernel call: every row panel of a call re-reads them,
/// so they should stay in L1 (16 KB, beside the streamed A panels).
constexpr int64_t kBlockBBytes = 16 << 10;

/// The first chain after `first` that starts a new block of at most
/// `maxPairs` k-pairs (at least one chain per block); `blockPairs` gets the
/// block's k-pairs.
size_t blockEnd(const std::vector<int32_t> &pairs, size_t first, size_t end,
                int64_t maxPairs, int64_t &blockPairs) {
  blockPairs = pairs[first];
  size_t next = first + 1;
  while (next < end && blockPairs + pairs[next] <= maxPairs)
    blockPairs += pairs[next++];
  return next;
}

} // namespace

Status PanelRunner::run(const PanelCall &call) {
  const int64_t tileRows = plan_.tileRows, tileCols = plan_.tileCols;
  const bool filterView =
      plan_.inPlace && plan_.direction == ConvDirection::BackwardFilter;
  // Bytes per k-pair of A (in-place backward-filter rows: int16 pairs of a
  // plane) and of B (packed panels; in-place views go by chain offsets).
  const int64_t aPairBytes = filterView ? 4 : tileRows * 4;
  const int64_t bPairBytes = tileCols * 4;
  jit::x64::GemmTileArgs args;
  args.c = call.c;
  args.ldcBytes = call.ldc * int64_t(sizeof(float));
  const int64_t rows = call.rowCount ? call.rowCount : plan_.rows;
  args.aPanelStrideBytes = call.aPanelStrideBytes
                               ? call.aPanelStrideBytes
                               : plan_.kPairs * tileRows * 2 * sizeof(int16_t);
  args.rowScaleStrideBytes = plan_.paddedRows() * int64_t(sizeof(float));
  args.rowScalePanelStrideBytes = tileRows * int64_t(sizeof(float));
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

  const std::vector<int32_t> &pairs = plan_.segmentPairs;
  const size_t first = call.firstSegment;
  const size_t end =
      call.segmentCount ? first + call.segmentCount : pairs.size();
  const jit::ExecutionMode mode = plan_.options.execution;
  const int64_t fullPanels = rows / tileRows;
  Status status = Status::success();
  int64_t pairsDone = 0;
  for (size_t block = first; status && block < end;) {
    int64_t blockPairs = 0;
    const size_t next =
        blockEnd(pairs, block, end, kBlockBBytes / bPairBytes, blockPairs);
    args.a = call.rows + pairsDone * aPairBytes / int64_t(sizeof(int16_t));
    args.b = call.panel;
    if (call.bChainOffsets)
      args.bChainOffsets = call.bChainOffsets + block;
    else
      args.b += pairsDone * bPairBytes / int64_t(sizeof(int16_t));
    args.segmentPairs = pairs.data() + block;
    args.numSegments = int64_t(next - block);
    args.rowScale = call.rowScales + block * plan_.paddedRows();
    args.accumulate = call.accumulate || block > first;
    args.rowPanels = fullPanels;
    if (fullPanels > 0)
      status = plan_.fullKernel->call(&args, mode);
    if (status && rows % tileRows) {
      jit::x64::GemmTileArgs tail = args;
      tail.rowPanels = 1;
      tail.a += fullPanels * args.aPanelStrideBytes / int64_t(sizeof(int16_t));
      tail.c += fullPanels * args.cPanelStrideBytes / int64_t(sizeof(float));
      tail.rowScale += fullPanels * tileRows;
      status = plan_.tailKernel->call(&tail, mode);
    }
    pairsDone += blockPairs;
    block = next;
  }
  if (status && useScratch)
    copyRows(scratch_.data(), tileCols, call.c, call.ldc, rows, call.columns);
  return status;
}

} // namespace dfp::conv
