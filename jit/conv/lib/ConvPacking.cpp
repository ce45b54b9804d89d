#include "ConvPacking.h"

#include "ConvIndexing.h"
#include "Vectorized.h"

#include <algorithm>
#include <cstring>
#include <vector>

namespace dfp::conv {
namespace {

constexpr int64_t kNoSource = -1;

size_t rowsIndex(const ConvPlan &plan, int64_t row, int64_t slot) {
  const int64_t panel = row / plan.tileRows, inPanel = row % plan.tileRows;
  return size_t(((panel * plan.kPairs + slot / 2) * plan.tileRows + inPanel) *
                    2 +
                slot % 2);
}

/// Offset in an activation plane that column `pixel` reads through tap
/// (r, s), or kNoSource for padding and stride gaps.
int64_t tapSource(const ConvPlan &plan, const ConvIndexing &at, int64_t pixel,
                  int64_t r, int64_t s) {
  if (plan.direction == ConvDirection::Forward) {
    const int64_t ih = at.inputRow(pixel / at.outW, r);
    const int64_t iw = at.inputCol(pixel % at.outW, s);
    return at.insideInput(ih, iw) ? ih * plan.shape.width + iw : kNoSource;
  }
  int64_t oh, ow;
  if (!at.outputRow(pixel / plan.shape.width, r, oh) ||
      !at.outputCol(pixel % plan.shape.width, s, ow))
    return kNoSource;
  return oh * at.outW + ow;
}

} // namespace

size_t packedRowsSize(const ConvPlan &plan) {
  return size_t(plan.rowPanels() * plan.kPairs * plan.tileRows * 2);
}

size_t packedPanelSize(const ConvPlan &plan) {
  return size_t(plan.kPairs * plan.tileCols * 2);
}

void packFilterRows(const ConvPlan &plan, const QuantizedTensor &w,
                    int64_t group, int16_t *packed) {
  const ConvIndexing at(plan.shape);
  const bool forward = plan.direction == ConvDirection::Forward;
  const int64_t firstFilter = group * at.filtersPerGroup;
  const int64_t taps = plan.taps, pairStep = int64_t(plan.tileRows) * 2;
  // w[k][c][tap]: reduction index i (c forward, k backward-data) steps by
  // `iStride`, the row by `rowStride`.
  const int64_t iStride = forward ? taps : at.channelsPerGroup * taps;
  const int64_t rowStride = forward ? at.channelsPerGroup * taps : taps;
  const int16_t *first =
      w.values.data() + firstFilter * at.channelsPerGroup * taps;
  for (int64_t row = 0; row < plan.rows; ++row) {
    int16_t *rowBase = packed + rowsIndex(plan, row, 0);
    for (int64_t tap = 0; tap < taps; ++tap) {
      const int16_t *from = first + row * rowStride + tap;
      const int64_t *slots = plan.slots.data() + tap * plan.reductionPerTap;
      for (int64_t i = 0; i < plan.reductionPerTap; ++i)
        rowBase[slots[i] / 2 * pairStep + slots[i] % 2] = from[i * iStride];
    }
  }
}

int64_t filterRunLength(const ConvPlan &plan) {
  const ConvIndexing at(plan.shape);
  const int64_t whole = plan.direction == ConvDirection::Forward
                            ? plan.tileRows // one row panel
                            : 2;            // one pair of every row
  // Runs of a whole tensor end with a shorter one; runs of a group must
  // not cross into the next.
  const bool aligned =
      plan.shape.groups == 1 || at.filtersPerGroup % whole == 0;
  return plan.pairedSlots && aligned ? whole : 1;
}

void packFilterRun(const ConvPlan &plan, const int16_t *values,
                   int64_t firstFilter, int64_t filters, int16_t *packed) {
  const ConvIndexing at(plan.shape);
  const bool forward = plan.direction == ConvDirection::Forward;
  const int64_t taps = plan.taps, pairStep = int64_t(plan.tileRows) * 2;
  const int64_t perFilter = at.channelsPerGroup * taps;
  auto rowBase = [&](int64_t row) { return packed + rowsIndex(plan, row, 0); };
  if (filters > 1 && forward) {
    // A whole row panel, written in order: pair q of a tap is channels
    // 2q, 2q + 1 of every row.
    const int64_t reduction = plan.reductionPerTap;
    const int64_t tapPairs = (reduction + 1) / 2;
    int16_t *to = rowBase(firstFilter);
    for (int64_t tap = 0; tap < taps; ++tap)
      for (int64_t q = 0; q < tapPairs; ++q, to += pairStep) {
        const int16_t *low = values + 2 * q * taps + tap;
        const bool hasHigh = 2 * q + 1 < reduction;
        for (int64_t i = 0; i < filters; ++i) {
          to[2 * i] = low[i * perFilter];
          to[2 * i + 1] = hasHigh ? low[i * perFilter + taps] : int16_t(0);
        }
      }
    return;
  }
  if (filters > 1) {
    // Backward-data, filters 2p and 2p + 1 of the group: pair p of each
    // tap of every row (input channel).
    const int64_t tapPairs = (plan.reductionPerTap + 1) / 2;
    const int64_t pair = firstFilter / 2;
    for (int64_t c = 0; c < at.channelsPerGroup; ++c) {
      int16_t *base = rowBase(c);
      for (int64_t tap = 0; tap < taps; ++tap) {
        int16_t *to = base + (tap * tapPairs + pair) * pairStep;
        to[0] = values[c * taps + tap];
        to[1] = values[perFilter + c * taps + tap];
      }
    }
    return;
  }
  // One filter through the slots (any chain cuts). Forward: the filter is
  // a row and c its reduction index; backward-data the other way round.
  for (int64_t c = 0; c < at.channelsPerGroup; ++c) {
    const int64_t row = forward ? firstFilter : c;
    const int64_t i = forward ? c : firstFilter;
    for (int64_t tap = 0; tap < taps; ++tap)
      packed[rowsIndex(plan, row,
                       plan.slots[size_t(tap * plan.reductionPerTap + i)])] =
          values[c * taps + tap];
  }
}

void packGradientRows(const ConvPlan &plan, const QuantizedTensor &dy,
                      int64_t image, int64_t group, int16_t *packed) {
  const ConvIndexing at(plan.shape);
  const int64_t firstFilter = group * at.filtersPerGroup;
  for (int64_t row = 0; row < plan.rows; ++row) {
    const int16_t *plane =
        dy.values.data() + at.output(image, firstFilter + row, 0, 0);
    for (int64_t position = 0; position < plan.reductionPerTap; ++position)
      packed[rowsIndex(plan, row, plan.slots[size_t(position)])] =
          plane[position];
  }
}

namespace {

/// Columns [column, column + count) that read consecutive elements from
/// `source` on (or zeros when source is kNoSource).
struct Run {
  int64_t column = 0, count = 0, source = kNoSource;
};

/// Splits the tileCols sources of a panel (kNoSource past `columns`) into
/// runs.
std::vector<Run> toRuns(const std::vector<int64_t> &sources) {
  std::vector<Run> runs;
  for (int64_t c = 0; c < int64_t(sources.size()); ++c) {
    const int64_t source = sources[size_t(c)];
    if (!runs.empty()) {
      Run &last = runs.back();
      const bool extends =
          source == kNoSource
              ? last.source == kNoSource
              : last.source != kNoSource && last.source + last.count == source;
      if (extends) {
        ++last.count;
        continue;
      }
    }
    runs.push_back({c, 1, source});
  }
  return runs;
}

/// Writes the int16 pairs (low[i], high[i]) of a run as dwords, whole
/// dwords so that the loop vectorises; a null `high` (the missing partner
/// of a tap's odd last channel) gives zeros.
DFP_CONV_VECTORIZED void interleaveRun(const int16_t *low, const int16_t *high,
                                       int64_t count, int16_t *to) {
  if (!high) {
    for (int64_t i = 0; i < count; ++i) {
      const uint32_t pair = uint16_t(low[i]);
      std::memcpy(to + 2 * i, &pair, sizeof(pair));
    }
    return;
  }
  for (int64_t i = 0; i < count; ++i) {
    const uint32_t pair =
        uint32_t(uint16_t(low[i])) | uint32_t(uint16_t(high[i])) << 16;
    std::memcpy(to + 2 * i, &pair, sizeof(pair));
  }
}

/// interleaveRun over every `stride`-th source element; a constant
/// kStride (0: use `stride`) lets the compiler vectorise the interleaved
/// loads.
template <int64_t kStride>
void interleaveStridedRun(const int16_t *low, const int16_t *high,
                          int64_t count, int64_t stride, int16_t *to) {
  const int64_t step = kStride ? kStride : stride;
  for (int64_t i = 0; i < count; ++i) {
    const uint32_t pair =
        uint32_t(uint16_t(low[i * step])) |
        (high ? uint32_t(uint16_t(high[i * step])) << 16 : 0u);
    std::memcpy(to + 2 * i, &pair, sizeof(pair));
  }
}

/// Fast path of packTapPanel: channels 2q and 2q + 1 of a tap fill pair q.
void packTapPanelPaired(const ConvPlan &plan, const int16_t *channels,
                        int64_t planeSize, const std::vector<Run> &runs,
                        int64_t tap, int16_t *out) {
  const int64_t tapPairs = (plan.reductionPerTap + 1) / 2;
  for (int64_t q = 0; q < tapPairs; ++q) {
    int16_t *to = out + (tap * tapPairs + q) * plan.tileCols * 2;
    const int16_t *low = channels + 2 * q * planeSize;
    const int16_t *high =
        2 * q + 1 < plan.reductionPerTap ? low + planeSize : nullptr;
    for (const Run &run : runs) {
      if (run.source == kNoSource)
        std::fill(to + 2 * run.column, to + 2 * (run.column + run.count),
                  int16_t(0));
      else
        interleaveRun(low + run.source, high ? high + run.source : nullptr,
                      run.count, to + 2 * run.column);
    }
  }
}

/// Generic path: any chain cuts, one int16 at a time.
void packTapPanelSlots(const ConvPlan &plan, const int16_t *channels,
                       int64_t planeSize, const std::vector<int64_t> &sources,
                       int64_t tap, int16_t *out) {
  for (int64_t i = 0; i < plan.reductionPerTap; ++i) {
    const int64_t slot = plan.slots[size_t(tap * plan.reductionPerTap + i)];
    int16_t *to = out + (slot / 2) * plan.tileCols * 2 + slot % 2;
    const int16_t *from = channels + i * planeSize;
    for (int64_t c = 0; c < plan.tileCols; ++c) {
      const int64_t source = sources[size_t(c)];
      to[2 * c] = source == kNoSource ? int16_t(0) : from[source];
    }
  }
}

} // namespace

size_t viewSize(const ConvPlan &plan) {
  const int64_t tapPairs = (plan.reductionPerTap + 1) / 2;
  return size_t((tapPairs * plan.viewPlane + plan.tileCols + plan.viewWidth) *
                2);
}

namespace {

/// buildViewPair of a view without stride phases (plain or shifted), row by
/// row so that only padding is zeroed: the rows of image `image` (every
/// viewImages-th from row `image`), and for the block's last image those
/// of the missing images of a partial block (zeros), in every column plane.
void buildRowwiseViewPair(const ConvPlan &plan, const int16_t *low,
                          const int16_t *high, int64_t sourceHeight,
                          int64_t sourceWidth, int64_t image, int64_t images,
                          int16_t *plane) {
  const int64_t width = plan.viewWidth, interleave = plan.viewImages;
  const int64_t rows = plan.viewHeight / interleave;
  for (int64_t s = 0; s < plan.viewColumnPlanes; ++s) {
    // View columns [colBegin, colEnd) read source columns inside.
    const int64_t offset = plan.viewColumnPlanes > 1
                               ? plan.viewColumnOffsets[size_t(s)]
                               : plan.viewOriginCol;
    const int64_t colBegin = std::clamp<int64_t>(-offset, 0, width);
    const int64_t colEnd =
        std::clamp<int64_t>(sourceWidth - offset, colBegin, width);
    int16_t *columnPlane = plane + 2 * s * plan.viewColumnPlane;
    for (int64_t i = 0; i < rows; ++i) {
      int16_t *to = columnPlane + 2 * (i * interleave + image) * width;
      if (image + 1 == images)
        std::fill(to + 2 * width, to + 2 * (interleave - image) * width,
                  int16_t(0));
      const int64_t source = i + plan.viewOriginRow;
      if (source < 0 || source >= sourceHeight || colBegin == colEnd) {
        std::fill(to, to + 2 * width, int16_t(0));
        continue;
      }
      std::fill(to, to + 2 * colBegin, int16_t(0));
      std::fill(to + 2 * colEnd, to + 2 * width, int16_t(0));
      const int64_t from = source * sourceWidth + colBegin + offset;
      interleaveRun(low + from, high ? high + from : nullptr, colEnd - colBegin,
                    to + 2 * colBegin);
    }
  }
}

} // namespace

void buildViewPair(const ConvPlan &plan, const int16_t *low,
                   const int16_t *high, int64_t sourceHeight,
                   int64_t sourceWidth, int64_t pair, int64_t image,
                   int64_t images, int16_t *view) {
  int16_t *plane = view + 2 * pair * plan.viewPlane;
  if (plan.viewPhasesH == 1 && plan.viewPhasesW == 1) {
    buildRowwiseViewPair(plan, low, high, sourceHeight, sourceWidth, image,
                         images, plane);
    return;
  }
  const int64_t phasePlane = plan.viewHeight * plan.viewWidth;
  const int64_t strideW = plan.viewPhasesW;
  std::fill(plane, plane + 2 * plan.viewPlane, int16_t(0));
  for (int64_t b = 0; b < plan.viewPhasesW; ++b) {
    // View columns [colBegin, colEnd) of phase b lie inside the source.
    int64_t colBegin = 0, colEnd = plan.viewWidth;
    auto sourceCol = [&](int64_t j) {
      return (j + plan.viewOriginCol) * strideW + b;
    };
    while (colBegin < colEnd && sourceCol(colBegin) < 0)
      ++colBegin;
    while (colEnd > colBegin && sourceCol(colEnd - 1) >= sourceWidth)
      --colEnd;
    if (colBegin == colEnd)
      continue;
    for (int64_t a = 0; a < plan.viewPhasesH; ++a)
      for (int64_t i = 0; i < plan.viewHeight; ++i) {
        const int64_t row = (i + plan.viewOriginRow) * plan.viewPhasesH + a;
        if (row < 0 || row >= sourceHeight)
          continue;
        const int64_t from = row * sourceWidth + sourceCol(colBegin);
        const int64_t phase = a * plan.viewPhasesW + b;
        int16_t *to =
            plane + 2 * (phase * phasePlane + i * plan.viewWidth + colBegin);
        const int16_t *highRow = high ? high + from : nullptr;
        if (strideW == 1)
          interleaveRun(low + from, highRow, colEnd - colBegin, to);
        else if (strideW == 2)
          interleaveStridedRun<2>(low + from, highRow, colEnd - colBegin,
                                  strideW, to);
        else
          interleaveStridedRun<0>(low + from, highRow, colEnd - colBegin,
                                  strideW, to);
      }
  }
}

void clearViewSlack(const ConvPlan &plan, int16_t *view) {
  const int64_t tapPairs = (plan.reductionPerTap + 1) / 2;
  std::fill(view + 2 * tapPairs * plan.viewPlane, view + viewSize(plan),
            int16_t(0));
}

void buildView(const ConvPlan &plan, const int16_t *channels,
               int64_t imageStride, int64_t images, int64_t sourceHeight,
               int64_t sourceWidth, int16_t *view) {
  const int64_t tapPairs = (plan.reductionPerTap + 1) / 2;
  const int64_t planeSize = sourceHeight * sourceWidth;
  for (int64_t b = 0; b < images; ++b)
    for (int64_t q = 0; q < tapPairs; ++q) {
      const int16_t *low = channels + b * imageStride + 2 * q * planeSize;
      const int16_t *high =
          2 * q + 1 < plan.reductionPerTap ? low + planeSize : nullptr;
      buildViewPair(plan, low, high, sourceHeight, sourceWidth, q, b, images,
                    view);
    }
  clearViewSlack(plan, view);
}

void packTapPanel(const ConvPlan &plan, const int16_t *channels,
                  int64_t planeSize, int64_t panel, int16_t *out) {
  const ConvIndexing at(plan.shape);
  const int64_t firstPixel = panel * plan.tileCols;
  const int64_t columns =
      std::min<int64_t>(plan.tileCols, plan.columns - firstPixel);
  if (!plan.pairedSlots)
    std::fill(out, out + packedPanelSize(plan), int16_t(0));
  std::vector<int64_t> sources(size_t(plan.tileCols), kNoSource);
  for (int64_t tap = 0; tap < plan.taps; ++tap) {
    const int64_t r = tap / plan.shape.kernelW, s = tap % plan.shape.kernelW;
    for (int64_t c = 0; c < columns; ++c)
      sources[size_t(c)] = tapSource(plan, at, firstPixel + c, r, s);
    if (plan.pairedSlots)
      packTapPanelPaired(plan, channels, planeSize, toRuns(sources), tap, out);
    else
      packTapPanelSlots(plan, channels, planeSize, sources, tap, out);
  }
}

namespace {

/// Column `column` = (c, r, s) of the backward-filter reduction: the input
/// elements channel c reads through tap (r, s) at every output position
/// (0 for padding), into `row` (positions, one more zero for an odd count).
void gatherPositions(const ConvPlan &plan, const ConvIndexing &at,
                     const int16_t *plane, int64_t r, int64_t s, int16_t *row) {
  const Conv2dShape &shape = plan.shape;
  const int64_t strideW = shape.strides[1];
  // Output columns whose input column lies inside: [owBegin, owEnd).
  int64_t owBegin = 0;
  while (owBegin < at.outW && at.inputCol(owBegin, s) < 0)
    ++owBegin;
  int64_t owEnd = at.outW;
  while (owEnd > owBegin && at.inputCol(owEnd - 1, s) >= shape.width)
    --owEnd;
  for (int64_t oh = 0; oh < at.outH; ++oh) {
    int16_t *to = row + oh * at.outW;
    const int64_t ih = at.inputRow(oh, r);
    if (ih < 0 || ih >= shape.height || owBegin == owEnd) {
      std::fill(to, to + at.outW, int16_t(0));
      continue;
    }
    std::fill(to, to + owBegin, int16_t(0));
    std::fill(to + owEnd, to + at.outW, int16_t(0));
    const int16_t *from = plane + ih * shape.width + at.inputCol(owBegin, s);
    if (strideW == 1)
      std::copy(from, from + (owEnd - owBegin), to + owBegin);
    else
      for (int64_t ow = owBegin; ow < owEnd; ++ow)
        to[ow] = from[(ow - owBegin) * strideW];
  }
  row[at.outH * at.outW] = 0;
}

} // namespace

void packPositionPanel(const ConvPlan &plan, const int16_t *channels,
                       int64_t panel, int16_t *out) {
  const ConvIndexing at(plan.shape);
  const int64_t tileCols = plan.tileCols;
  const int64_t taps = plan.shape.kernelH * plan.shape.kernelW;
  const int64_t firstColumn = panel * tileCols;
  const int64_t columns = std::min(tileCols, plan.columns - firstColumn);
  const int64_t planeSize = plan.shape.height * plan.shape.width;
  const int64_t positions = at.outH * at.outW;
  if (!plan.pairedSlots || columns < tileCols)
    std::fill(out, out + packedPanelSize(plan), int16_t(0));
  std::vector<int16_t> row(size_t(positions + 1));
  for (int64_t c = 0; c < columns; ++c) {
    const int64_t column = firstColumn + c;
    const int64_t tap = column % taps;
    gatherPositions(plan, at, channels + (column / taps) * planeSize,
                    tap / plan.shape.kernelW, tap % plan.shape.kernelW,
                    row.data());
    int16_t *to = out + 2 * c;
    if (plan.pairedSlots) {
      for (int64_t pair = 0; pair < plan.kPairs; ++pair)
        std::memcpy(to + pair * tileCols * 2, row.data() + 2 * pair,
                    2 * sizeof(int16_t));
      continue;
    }
    for (int64_t position = 0; position < positions; ++position) {
      const int64_t slot = plan.slots[size_t(position)];
      to[(slot / 2) * tileCols * 2 + slot % 2] = row[size_t(position)];
    }
  }
}

} // namespace dfp::conv
