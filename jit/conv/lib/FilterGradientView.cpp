#include "FilterGradientView.h"

#include "ConvIndexing.h"
#include "ConvTasks.h"
#include "DataMovement.h"
#include "PanelRunner.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <vector>

namespace dfp::conv {
namespace {

/// Elements of the view of `channels` input channels, with the slack that
/// the last channel's last tap reads past its plane.
size_t channelViewSize(const ConvPlan &plan, int64_t channels) {
  return size_t(channels * plan.viewPlane + plan.viewWidth + 2);
}

/// The view planes (every stride phase) of `channels` consecutive input
/// channels from `input` (the first channel's H x W plane).
void buildChannelView(const ConvPlan &plan, const int16_t *input,
                      int64_t channels, int16_t *view) {
  const Conv2dShape &shape = plan.shape;
  const int64_t phasePlane = plan.viewHeight * plan.viewWidth;
  const int64_t strideW = plan.viewPhasesW;
  std::fill(view, view + channelViewSize(plan, channels), int16_t(0));
  for (int64_t b = 0; b < plan.viewPhasesW; ++b) {
    auto sourceCol = [&](int64_t j) {
      return (j + plan.viewOriginCol) * strideW + b;
    };
    int64_t colBegin = 0, colEnd = plan.viewWidth;
    while (colBegin < colEnd && sourceCol(colBegin) < 0)
      ++colBegin;
    while (colEnd > colBegin && sourceCol(colEnd - 1) >= shape.width)
      --colEnd;
    for (int64_t a = 0; a < plan.viewPhasesH && colBegin < colEnd; ++a) {
      // View rows [iBegin, iEnd) read input rows inside the image.
      auto sourceRow = [&](int64_t i) {
        return (i + plan.viewOriginRow) * plan.viewPhasesH + a;
      };
      int64_t iBegin = 0, iEnd = plan.viewHeight;
      while (iBegin < iEnd && sourceRow(iBegin) < 0)
        ++iBegin;
      while (iEnd > iBegin && sourceRow(iEnd - 1) >= shape.height)
        --iEnd;
      for (int64_t c = 0; c < channels && iBegin < iEnd; ++c) {
        const int16_t *from =
            input + (c * shape.height + sourceRow(iBegin)) * shape.width +
            sourceCol(colBegin);
        int16_t *to = view + c * plan.viewPlane +
                      (a * plan.viewPhasesW + b) * phasePlane +
                      iBegin * plan.viewWidth + colBegin;
        const int64_t fromStride = plan.viewPhasesH * shape.width;
        if (strideW == 1) {
          copyRows(from, fromStride * int64_t(sizeof(int16_t)), to,
                   plan.viewWidth * int64_t(sizeof(int16_t)), iEnd - iBegin,
                   (colEnd - colBegin) * int64_t(sizeof(int16_t)));
          continue;
        }
        for (int64_t i = 0; i < iEnd - iBegin; ++i)
          for (int64_t j = 0; j < colEnd - colBegin; ++j)
            to[i * plan.viewWidth + j] = from[i * fromStride + j * strideW];
      }
    }
  }
}

size_t gradientPanelsSize(const ConvPlan &plan) {
  return size_t(plan.columnPanels() * plan.kPairs * plan.tileCols * 2);
}

/// The output gradient of one image and group (`gradient`: the first
/// filter's OH x OW plane) as B panels over view positions: pair t of
/// filter k holds positions 2t and 2t + 1, zero past the output width.
/// Each filter's positions are laid out as a view row first (`rows`), then
/// transposed (pairs as dwords) into the panels.
void packGradientColumns(const ConvPlan &plan, const int16_t *gradient,
                         int16_t *rows, int16_t *out) {
  const ConvIndexing at(plan.shape);
  const int64_t tileCols = plan.tileCols, rowLength = 2 * plan.kPairs;
  for (int64_t k = 0; k < plan.columns; ++k) {
    int16_t *row = rows + k * rowLength;
    copyRows(gradient + k * at.outH * at.outW,
             at.outW * int64_t(sizeof(int16_t)), row,
             plan.viewWidth * int64_t(sizeof(int16_t)), at.outH,
             at.outW * int64_t(sizeof(int16_t)));
    for (int64_t oh = 0; oh < at.outH; ++oh)
      std::fill(row + oh * plan.viewWidth + at.outW,
                row + (oh + 1) * plan.viewWidth, int16_t(0));
    std::fill(row + at.outH * plan.viewWidth, row + rowLength, int16_t(0));
  }
  for (int64_t cp = 0; cp < plan.columnPanels(); ++cp)
    transposeDwords(
        reinterpret_cast<const uint32_t *>(rows + cp * tileCols * rowLength),
        plan.kPairs, std::min(tileCols, plan.columns - cp * tileCols),
        plan.kPairs,
        reinterpret_cast<uint32_t *>(out + cp * plan.kPairs * tileCols * 2),
        tileCols);
  // Filters past the group's last in the last panel stay zero.
  const int64_t used = plan.columns % tileCols;
  if (used)
    for (int64_t t = 0; t < plan.kPairs; ++t) {
      int16_t *pair =
          out + ((plan.columnPanels() - 1) * plan.kPairs + t) * tileCols * 2;
      std::fill(pair + used * 2, pair + tileCols * 2, int16_t(0));
    }
}

int32_t exponentAt(const QuantizedTensor &t, int64_t linearIndex) {
  return t.exponents[size_t(t.groupOf(linearIndex))];
}

/// Images whose views and gradient panels are built together, so that each
/// dw^T tile is revisited for all of them while it is in cache. It pays when
/// one image's reduction is short against dw^T (512x7x7 3x3: 28 k-pairs per
/// image, 9.5 MB of dw^T); with long reductions it only spreads the views
/// over more cache, so blocks aim at kTargetPairs k-pairs in total.
int64_t imagesPerBlock(const ConvPlan &plan, int64_t channels) {
  constexpr size_t kBlockBytes = size_t(768) << 10;
  constexpr int64_t kTargetPairs = 256;
  const size_t perImage =
      (channelViewSize(plan, channels) + gradientPanelsSize(plan)) *
      sizeof(int16_t);
  const int64_t wanted = (kTargetPairs + plan.kPairs - 1) / plan.kPairs;
  return std::clamp<int64_t>(std::min(wanted, int64_t(kBlockBytes / perImage)),
                             1, plan.shape.batch);
}

/// Row panels per kernel call: a dw^T chunk of 96 rows x tileCols floats
/// (12 KB with 32 columns) stays in L1 across the images of a block.
constexpr int64_t kRowPanelsPerCall = 16;

} // namespace

Status runFilterGradientView(const ConvPlan &plan, const QuantizedTensor &x,
                             const QuantizedTensor &dy, float *dw) {
  const ConvIndexing at(plan.shape);
  const int64_t groups = plan.shape.groups, images = plan.shape.batch;
  const int64_t rowPanels = plan.rowPanels(), colPanels = plan.columnPanels();
  const int64_t paddedRows = plan.paddedRows();
  const int64_t tileRows = plan.tileRows, tileCols = plan.tileCols;
  const size_t scaleSize = plan.segments.size() * size_t(paddedRows);
  // dw^T: [group][tap][channel (padded)][filter].
  jit::AlignedVector<float> &transposed = threadBuffer<float>(
      BufferUse::Transposed,
      size_t(groups * plan.taps * paddedRows * plan.columns));
  // Threads split the channels, so each would pack every image's gradient:
  // with more than one, they pack it once together, split by image.
  const size_t panelsSize = gradientPanelsSize(plan);
  const bool sharePanels =
      std::min<int64_t>(plan.options.threads, groups * rowPanels) > 1;
  int16_t *sharedPanels = nullptr;
  if (sharePanels) {
    sharedPanels = threadBuffer(BufferUse::SharedPanels,
                                panelsSize * size_t(images * groups))
                       .data();
    if (Status status = parallelTasks(
            plan, images * groups,
            [&](int64_t begin, int64_t end) {
              jit::AlignedVector<int16_t> &gradientRows = threadBuffer(
                  BufferUse::Rows, size_t(plan.columns * 2 * plan.kPairs));
              for (int64_t task = begin; task < end; ++task)
                packGradientColumns(plan,
                                    dy.values.data() +
                                        at.output(task / groups,
                                                  task % groups * plan.columns,
                                                  0, 0),
                                    gradientRows.data(),
                                    sharedPanels + panelsSize * size_t(task));
              return Status::success();
            });
        !status)
      return status;
  }
  auto transposedAt = [&](int64_t g, int64_t tap, int64_t c) {
    return transposed.data() +
           ((g * plan.taps + tap) * paddedRows + c) * plan.columns;
  };
  return parallelTasks(
      plan, groups * rowPanels, [&](int64_t begin, int64_t end) {
        PanelRunner runner(plan);
        const int64_t maxChannels =
            std::min(plan.rows, (end - begin) * tileRows);
        const int64_t block = imagesPerBlock(plan, maxChannels);
        const size_t viewSize = channelViewSize(plan, maxChannels);
        std::vector<float> scales(scaleSize * size_t(block));
        jit::AlignedVector<int16_t> &views =
            threadBuffer(BufferUse::View, viewSize * size_t(block));
        jit::AlignedVector<int16_t> &panels = threadBuffer(
            BufferUse::Panel, sharePanels ? 0 : panelsSize * size_t(block));
        jit::AlignedVector<int16_t> &gradientRows = threadBuffer(
            BufferUse::Rows,
            sharePanels ? 0 : size_t(plan.columns * 2 * plan.kPairs));
        // The gradient panels of group g of image n, the i-th of its block.
        auto panelsOf = [&](int64_t n, int64_t i, int64_t g) {
          return sharePanels
                     ? sharedPanels + panelsSize * size_t(n * groups + g)
                     : panels.data() + panelsSize * size_t(i);
        };
        for (int64_t n0 = 0; n0 < images; n0 += block) {
          const int64_t count = std::min(block, images - n0);
          for (int64_t i = 0; i < count; ++i) {
            // Per-tensor or per-image exponents: one scale for the image.
            const int64_t exponent =
                int64_t(exponentAt(x, at.input(n0 + i, 0, 0, 0))) +
                exponentAt(dy, at.output(n0 + i, 0, 0, 0));
            std::fill_n(scales.begin() + scaleSize * size_t(i), scaleSize,
                        std::ldexp(1.0f, int(std::clamp<int64_t>(
                                             exponent, -1000, 1000))));
          }
          for (int64_t g = begin / rowPanels; g * rowPanels < end; ++g) {
            const int64_t rp0 = std::max(begin, g * rowPanels) - g * rowPanels;
            const int64_t rp1 =
                std::min(end, (g + 1) * rowPanels) - g * rowPanels;
            const int64_t c0 = rp0 * tileRows;
            const int64_t channels = std::min(plan.rows, rp1 * tileRows) - c0;
            for (int64_t i = 0; i < count; ++i) {
              buildChannelView(plan,
                               x.values.data() +
                                   at.input(n0 + i, g * plan.rows + c0, 0, 0),
                               channels, views.data() + viewSize * size_t(i));
              if (!sharePanels)
                packGradientColumns(
                    plan,
                    dy.values.data() +
                        at.output(n0 + i, g * plan.columns, 0, 0),
                    gradientRows.data(), panelsOf(n0 + i, i, g));
            }
            PanelCall call;
            call.aPanelStrideBytes =
                tileRows * plan.viewPlane * int64_t(sizeof(int16_t));
            call.ldc = plan.columns;
            for (int64_t tap = 0; tap < plan.taps; ++tap)
              for (int64_t cp = 0; cp < colPanels; ++cp)
                for (int64_t r0 = 0; r0 < channels;
                     r0 += kRowPanelsPerCall * tileRows) {
                  call.rowCount =
                      std::min(kRowPanelsPerCall * tileRows, channels - r0);
                  call.c = transposedAt(g, tap, c0 + r0) + cp * tileCols;
                  call.columns =
                      std::min(tileCols, plan.columns - cp * tileCols);
                  for (int64_t i = 0; i < count; ++i) {
                    call.rows = views.data() + viewSize * size_t(i) +
                                r0 * plan.viewPlane +
                                plan.tapShift[size_t(tap)];
                    call.panel = panelsOf(n0 + i, i, g) +
                                 cp * plan.kPairs * tileCols * 2;
                    call.rowScales = scales.data() + scaleSize * size_t(i) + r0;
                    call.accumulate = n0 + i > 0;
                    if (Status status = runner.run(call); !status)
                      return status;
                  }
                }
          }
        }
        // dw[k][c][r][s] from dw^T, for this thread's channels.
        for (int64_t g = begin / rowPanels; g * rowPanels < end; ++g) {
          const int64_t c0 =
              (std::max(begin, g * rowPanels) - g * rowPanels) * tileRows;
          const int64_t c1 = std::min(
              plan.rows,
              (std::min(end, (g + 1) * rowPanels) - g * rowPanels) * tileRows);
          // 16 filters (one dw^T line per channel and tap) at a time: every
          // line read is used whole, and the 16 dw rows fill in order.
          const int64_t tapStride = paddedRows * plan.columns;
          const int64_t filterStride = at.channelsPerGroup * plan.taps;
          for (int64_t k0 = 0; k0 < plan.columns; k0 += 16) {
            const int64_t filters = std::min<int64_t>(16, plan.columns - k0);
            float *to = dw + at.filter(g * plan.columns + k0, c0, 0, 0);
            const float *from = transposedAt(g, 0, c0) + k0;
            for (int64_t c = 0; c < c1 - c0; ++c)
              for (int64_t tap = 0; tap < plan.taps; ++tap)
                for (int64_t k = 0; k < filters; ++k)
                  to[k * filterStride + c * plan.taps + tap] =
                      from[tap * tapStride + c * plan.columns + k];
          }
        }
        return Status::success();
      });
}

} // namespace dfp::conv
