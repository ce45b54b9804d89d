#include "ViewPlanning.h"

#include "ConvIndexing.h"

#include <algorithm>
#include <climits>
#include <optional>
#include <vector>

namespace dfp::conv {
namespace {

int64_t floorDiv(int64_t a, int64_t b) {
  return a / b - (a % b != 0 && (a < 0) != (b < 0));
}

/// Where tap index `k` (r or s) of a forward conv reads, along one axis, in
/// the view of input phase `phase` (input index mod stride): view index =
/// output index + offset - origin.
struct TapAlongAxis {
  int64_t phase = 0, offset = 0;
};

TapAlongAxis forwardTap(int64_t k, int64_t dilation, int64_t padBefore,
                        int64_t stride) {
  const int64_t u = k * dilation - padBefore; // input = out * stride + u
  const int64_t offset = floorDiv(u, stride);
  return {u - offset * stride, offset};
}

/// Offsets along one axis, low to high.
int64_t span(const std::vector<int64_t> &offsets, int64_t &low) {
  low = *std::min_element(offsets.begin(), offsets.end());
  return *std::max_element(offsets.begin(), offsets.end()) - low;
}

/// The in-place view of the input for forward and backward-filter: split
/// into stride phases (input row = view row' * stride + phase), so that tap
/// (r, s) reads phase (u mod stride) at output index + floor(u / stride),
/// u = r * dilation - padding: consecutive elements for any stride. Sets
/// the view fields (viewPlane counts elements of one pair or channel) and
/// returns each tap's shift. `evenWidth` rounds the view width up to even.
std::vector<int64_t> planInputView(ConvPlan &plan, bool evenWidth) {
  const Conv2dShape &shape = plan.shape;
  const ConvIndexing at(shape);
  std::vector<TapAlongAxis> rows, cols;
  std::vector<int64_t> rowOffsets, colOffsets;
  for (int64_t r = 0; r < shape.kernelH; ++r) {
    rows.push_back(
        forwardTap(r, shape.dilations[0], shape.padding[0], shape.strides[0]));
    rowOffsets.push_back(rows.back().offset);
  }
  for (int64_t s = 0; s < shape.kernelW; ++s) {
    cols.push_back(
        forwardTap(s, shape.dilations[1], shape.padding[1], shape.strides[1]));
    colOffsets.push_back(cols.back().offset);
  }
  plan.viewPhasesH = shape.strides[0];
  plan.viewPhasesW = shape.strides[1];
  plan.viewHeight = at.outH + span(rowOffsets, plan.viewOriginRow);
  plan.viewWidth = at.outW + span(colOffsets, plan.viewOriginCol);
  if (evenWidth)
    plan.viewWidth += plan.viewWidth % 2;
  const int64_t phasePlane = plan.viewHeight * plan.viewWidth;
  plan.viewPlane = plan.viewPhasesH * plan.viewPhasesW * phasePlane;
  plan.viewColumns = at.outH * plan.viewWidth;
  std::vector<int64_t> shifts;
  for (int64_t tap = 0; tap < shape.kernelH * shape.kernelW; ++tap) {
    const TapAlongAxis &r = rows[size_t(tap / shape.kernelW)];
    const TapAlongAxis &s = cols[size_t(tap % shape.kernelW)];
    shifts.push_back((r.phase * plan.viewPhasesW + s.phase) * phasePlane +
                     (r.offset - plan.viewOriginRow) * plan.viewWidth +
                     s.offset - plan.viewOriginCol);
  }
  return shifts;
}

} // namespace

void planForwardView(ConvPlan &plan) {
  ConvPlan::Phase phase;
  phase.shifts = planInputView(plan, false);
  for (int64_t tap = 0; tap < plan.taps; ++tap)
    phase.taps.push_back(tap);
  plan.phases = {phase};
}

/// Backward-data in-place view: the output gradient as is (view (i, j) =
/// dy (i + origin)), and one phase per residue (a, b) of the input pixel
/// modulo the stride: tap r reaches pixel h = h' * stride + a iff
/// t = a + top - r * dilation is a multiple of the stride, from
/// dy row h' + t / stride.
void planBackwardDataView(ConvPlan &plan) {
  const Conv2dShape &shape = plan.shape;
  const int64_t strideH = shape.strides[0], strideW = shape.strides[1];
  // offset[a][r] = t / stride, or none.
  auto offsets = [](int64_t stride, int64_t kernel, int64_t pad,
                    int64_t dilation, std::vector<int64_t> &all) {
    std::vector<std::vector<std::optional<int64_t>>> table(
        static_cast<size_t>(stride));
    for (int64_t a = 0; a < stride; ++a)
      for (int64_t k = 0; k < kernel; ++k) {
        const int64_t t = a + pad - k * dilation;
        table[size_t(a)].push_back(t % stride == 0
                                       ? std::optional<int64_t>(t / stride)
                                       : std::nullopt);
        if (t % stride == 0)
          all.push_back(t / stride);
      }
    return table;
  };
  std::vector<int64_t> allRows, allCols;
  const auto rows = offsets(strideH, shape.kernelH, shape.padding[0],
                            shape.dilations[0], allRows);
  const auto cols = offsets(strideW, shape.kernelW, shape.padding[1],
                            shape.dilations[1], allCols);
  const int64_t phaseRows = (shape.height + strideH - 1) / strideH;
  const int64_t phaseCols = (shape.width + strideW - 1) / strideW;
  plan.outputStrideH = strideH;
  plan.outputStrideW = strideW;
  int64_t rowSpan = 0, colSpan = 0;
  if (!allRows.empty())
    rowSpan = span(allRows, plan.viewOriginRow);
  if (!allCols.empty())
    colSpan = span(allCols, plan.viewOriginCol);
  plan.viewHeight = phaseRows + rowSpan;
  plan.viewWidth = phaseCols + colSpan;
  plan.viewPlane = plan.viewHeight * plan.viewWidth;
  plan.viewColumns = phaseRows * plan.viewWidth;
  for (int64_t a = 0; a < strideH; ++a)
    for (int64_t b = 0; b < strideW; ++b) {
      ConvPlan::Phase phase;
      phase.row = a;
      phase.col = b;
      for (int64_t tap = 0; tap < plan.taps; ++tap) {
        const auto &r = rows[size_t(a)][size_t(tap / shape.kernelW)];
        const auto &s = cols[size_t(b)][size_t(tap % shape.kernelW)];
        if (!r || !s)
          continue;
        phase.taps.push_back(tap);
        phase.shifts.push_back((*r - plan.viewOriginRow) * plan.viewWidth + *s -
                               plan.viewOriginCol);
      }
      plan.phases.push_back(phase);
    }
}

/// Backward-filter in place: rows are the input channels of one tap, read
/// from per-channel planes of the input view (planInputView); columns are
/// the filters; the reduction runs over view
/// positions q = oh * viewWidth + ow, where positions with ow past the
/// output width hold zero gradients. A chain of the reference (every `chain`
/// output positions) then spans q(start) to q(next start), which must be
/// even so that chains own whole k-pairs. Scales must not vary along rows
/// or columns: per-tensor or per-image exponents only.
bool planFilterView(ConvPlan &plan) {
  const ConvIndexing at(plan.shape);
  auto perImageAtMost = [](const DfpFormat &f) {
    return f.grouping.kind == ExponentGrouping::Kind::Tensor ||
           (f.grouping.kind == ExponentGrouping::Kind::Axis &&
            f.grouping.axis == 0);
  };
  if (!perImageAtMost(plan.formats.first) ||
      !perImageAtMost(plan.formats.second))
    return false;
  // An even view width keeps chains (every `chain` positions, an even
  // count) starting at even view positions whenever the output width is
  // even.
  plan.tapShift = planInputView(plan, true);
  auto viewIndex = [&](int64_t position) {
    return position / at.outW * plan.viewWidth + position % at.outW;
  };
  for (const jit::ChainSegment &s : plan.segments)
    if (viewIndex(s.kBegin) % 2)
      return false;
  constexpr int64_t kMaxStrideBytes = INT32_MAX / 16;
  if (plan.viewPlane * 2 * plan.tileRows > kMaxStrideBytes)
    return false;

  plan.rows = at.channelsPerGroup;
  plan.columns = at.filtersPerGroup;
  plan.taps = plan.shape.kernelH * plan.shape.kernelW;
  plan.kPairs = (plan.viewColumns + 1) / 2;
  plan.segmentPairs.clear();
  for (size_t i = 0; i < plan.segments.size(); ++i) {
    jit::ChainSegment &s = plan.segments[i];
    const int64_t end = i + 1 < plan.segments.size()
                            ? viewIndex(plan.segments[i + 1].kBegin)
                            : 2 * plan.kPairs;
    s.pairBegin = viewIndex(s.kBegin) / 2;
    s.pairs = end / 2 - s.pairBegin;
    plan.segmentPairs.push_back(int32_t(s.pairs));
  }
  return true;
}

namespace {

int64_t roundUp(int64_t value, int64_t multiple) {
  return (value + multiple - 1) / multiple * multiple;
}

/// Geometry of a shifted view (see ConvPlan::viewColumnPlanes) of a unit-
/// stride plan: per tap row and column, the source offset from the output
/// pixel; the output rows and columns of one image.
struct ShiftedGeometry {
  std::vector<int64_t> rowOffsets, colOffsets;
  int64_t outRows = 0, outCols = 0;
  int64_t originRow = 0, rowSpan = 0;
  /// Images interleave row by row: view row i * images + b holds source
  /// row i + originRow of image b, so a tap row is one constant shift for
  /// all of them and no rows lie between images.
  int64_t viewHeight(int64_t images) const {
    return (outRows + rowSpan) * images;
  }
  int64_t viewColumns(int64_t images) const {
    return outRows * images * outCols;
  }
};

ShiftedGeometry shiftedGeometry(const ConvPlan &plan) {
  const Conv2dShape &shape = plan.shape;
  const ConvIndexing at(shape);
  const bool forward = plan.direction == ConvDirection::Forward;
  ShiftedGeometry g;
  // Forward reads input (y + r * dilation - top); backward-data reads dy
  // (y + top - r * dilation).
  for (int64_t r = 0; r < shape.kernelH; ++r)
    g.rowOffsets.push_back(forward ? r * shape.dilations[0] - shape.padding[0]
                                   : shape.padding[0] - r * shape.dilations[0]);
  for (int64_t c = 0; c < shape.kernelW; ++c)
    g.colOffsets.push_back(forward ? c * shape.dilations[1] - shape.padding[1]
                                   : shape.padding[1] - c * shape.dilations[1]);
  g.outRows = forward ? at.outH : shape.height;
  g.outCols = forward ? at.outW : shape.width;
  g.rowSpan = span(g.rowOffsets, g.originRow);
  return g;
}

/// Columns the kernels compute for a minibatch in views of `images` images.
int64_t computedColumns(const ConvPlan &plan, const ShiftedGeometry &g,
                        int64_t images) {
  int64_t total = 0;
  for (int64_t n = 0; n < plan.shape.batch; n += images)
    total += roundUp(g.viewColumns(std::min(images, plan.shape.batch - n)),
                     plan.tileCols);
  return total;
}

} // namespace

void planShiftedView(ConvPlan &plan) {
  const Conv2dShape &shape = plan.shape;
  if (shape.strides[0] != 1 || shape.strides[1] != 1 || plan.phases.size() != 1)
    return;
  const ShiftedGeometry g = shiftedGeometry(plan);
  // The plain view computes viewWidth - outCols dropped columns per row.
  const int64_t plain = shape.batch * roundUp(plan.viewColumns, plan.tileCols);
  // Interleaved images share one exponent; a view stays within L2-ish
  // sizes.
  constexpr int64_t kMaxViewBytes = int64_t(4) << 20;
  const int64_t tapPairs = (plan.reductionPerTap + 1) / 2;
  const bool interleavable =
      plan.formats.first.grouping.kind == ExponentGrouping::Kind::Tensor;
  int64_t bestImages = 1, best = computedColumns(plan, g, 1);
  for (int64_t images = 2; interleavable && images <= shape.batch; ++images) {
    if (tapPairs * shape.kernelW * g.viewHeight(images) * g.outCols * 4 >
        kMaxViewBytes)
      break;
    const int64_t computed = computedColumns(plan, g, images);
    if (computed < best) {
      best = computed;
      bestImages = images;
    }
  }
  // kernelW copies of the source are only worth a real saving: they triple
  // the view writes (of a quantization into views) and the B footprint of
  // a k-block. Measured, 14x14 (12.5% fewer columns): 256 channels 1.45 ->
  // 1.60x oneDNN, with quantization 1.38 -> 1.40x; 64 channels 1.37 ->
  // 1.43x but with quantization 1.17 -> 1.04x. 7x7 saves 22%.
  const bool manyRows = plan.rows >= 128;
  if (best * (manyRows ? 110 : 120) > plain * 100)
    return;
  plan.viewColumnPlanes = shape.kernelW;
  plan.viewColumnOffsets = g.colOffsets;
  plan.viewImages = bestImages;
  plan.viewRowOffsets = g.rowOffsets;
  plan.viewOriginRow = g.originRow;
  plan.viewOriginCol = 0;
  plan.viewWidth = g.outCols;
  plan.viewHeight = g.viewHeight(bestImages);
  plan.viewColumnPlane = plan.viewHeight * plan.viewWidth;
  plan.viewPlane = plan.viewColumnPlanes * plan.viewColumnPlane;
  plan.viewColumns = g.viewColumns(bestImages);
  ConvPlan::Phase &phase = plan.phases.front();
  phase.shifts.clear();
  for (int64_t tap : phase.taps)
    phase.shifts.push_back(
        tap % shape.kernelW * plan.viewColumnPlane +
        (g.rowOffsets[size_t(tap / shape.kernelW)] - g.originRow) * bestImages *
            plan.viewWidth);
}

void planChainOffsets(ConvPlan &plan) {
  const size_t tapSegments = plan.segments.size() / size_t(plan.taps);
  const int64_t tapPairs = plan.kPairs / plan.taps;
  for (ConvPlan::Phase &phase : plan.phases) {
    phase.chainOffsets.assign(plan.segments.size(), 0);
    phase.allTaps = int64_t(phase.taps.size()) == plan.taps;
    for (size_t i = 0; i < phase.taps.size(); ++i) {
      const int64_t tap = phase.taps[i];
      phase.allTaps &= tap == int64_t(i);
      for (size_t j = 0; j < tapSegments; ++j) {
        const size_t chain = size_t(tap) * tapSegments + j;
        const int64_t pair = plan.segments[chain].pairBegin - tap * tapPairs;
        // View elements are dwords (one channel pair of one pixel).
        phase.chainOffsets[chain] =
            (phase.shifts[i] + pair * plan.viewPlane) * 4;
      }
    }
  }
}

bool canReadInPlace(const ConvPlan &plan) {
  // The generated code addresses kPairUnroll pairs ahead with 32-bit
  // displacements.
  constexpr int64_t kMaxStrideBytes = INT32_MAX / 16;
  return plan.direction != ConvDirection::BackwardFilter && plan.pairedSlots &&
         plan.viewPlane * 4 <= kMaxStrideBytes;
}

} // namespace dfp::conv
