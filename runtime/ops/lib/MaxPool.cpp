#include "dfp/ops/Pooling.h"

#include "PoolGeometry.h"
#include "Vectorize.h"

#include <limits>

namespace dfp::ops {

namespace {

/// One tap of the windows of an output row: for ow in [begin, end), the
/// input element at = rowStart + ow * stride + offset becomes the row's
/// maximum when it is the first element seen, greater than the maximum, or
/// NaN (which then stays: NaN propagates). Taps come in window order, so
/// ties keep the first maximum.
DFP_OPS_VECTORIZED void maxTap(const float *plane, int64_t rowStart,
                               int64_t stride, int64_t offset, int64_t begin,
                               int64_t end, float *best, int32_t *winner) {
  withStride(stride, [&](auto step) {
    for (int64_t ow = begin; ow < end; ++ow) {
      const int32_t at = int32_t(rowStart + ow * step + offset);
      const float value = plane[at], current = best[ow];
      // Bitwise, not short-circuit: branches would mispredict on data.
      const bool take = (winner[ow] < 0) | (value > current) |
                        ((value != value) & (current == current));
      best[ow] = take ? value : current;
      winner[ow] = take ? at : winner[ow];
    }
  });
}

/// max over the taps without NaN handling (vmaxps): for planes free of NaN.
DFP_OPS_VECTORIZED void maxValueTap(const float *plane, int64_t rowStart,
                                    int64_t stride, int64_t offset,
                                    int64_t begin, int64_t end, float *best) {
  withStride(stride, [&](auto step) {
    for (int64_t ow = begin; ow < end; ++ow) {
      const float value = plane[rowStart + ow * step + offset];
      best[ow] = value > best[ow] ? value : best[ow];
    }
  });
}

/// Routes each gradOut[ow] of output row `row` of a plane without NaN to
/// the first maximum of its window, windows in output order. The maximum
/// and its index stay in registers; the comparison feeds a vmaxss and a
/// conditional move, never a branch (which would mispredict on data).
DFP_OPS_VECTORIZED void routeRow(const float *in, int64_t width,
                                 const TapRange &row, int64_t dilationH,
                                 const TapRange *columns, int64_t dilationW,
                                 int64_t outWidth, const float *gradOut,
                                 float *gradIn) {
  for (int64_t ow = 0; ow < outWidth; ++ow) {
    const TapRange &col = columns[ow];
    float max = -std::numeric_limits<float>::infinity();
    int64_t winner = (row.first + row.begin * dilationH) * width + col.first +
                     col.begin * dilationW;
    for (int64_t r = row.begin; r < row.end; ++r) {
      const int64_t start = (row.first + r * dilationH) * width + col.first;
      for (int64_t s = col.begin; s < col.end; ++s) {
        const int64_t at = start + s * dilationW;
        const float value = in[at];
        winner = value > max ? at : winner;
        max = value > max ? value : max;
      }
    }
    gradIn[winner] += gradOut[ow];
  }
}

/// routeRow's window scan, keeping each window's maximum and winner.
DFP_OPS_VECTORIZED void
maxRowWithWinners(const float *in, int64_t width, const TapRange &row,
                  int64_t dilationH, const TapRange *columns, int64_t dilationW,
                  int64_t outWidth, float *best, int32_t *winners) {
  for (int64_t ow = 0; ow < outWidth; ++ow) {
    const TapRange &col = columns[ow];
    float max = -std::numeric_limits<float>::infinity();
    int64_t winner = (row.first + row.begin * dilationH) * width + col.first +
                     col.begin * dilationW;
    for (int64_t r = row.begin; r < row.end; ++r) {
      const int64_t start = (row.first + r * dilationH) * width + col.first;
      for (int64_t s = col.begin; s < col.end; ++s) {
        const int64_t at = start + s * dilationW;
        const float value = in[at];
        winner = value > max ? at : winner;
        max = value > max ? value : max;
      }
    }
    best[ow] = max;
    winners[ow] = int32_t(winner);
  }
}

/// maxRowWithWinners for 2x2 windows at stride 2 without padding or
/// dilation (the common case), written so that it vectorizes: the same
/// scan order (top left, top right, bottom left, bottom right) and
/// comparisons.
DFP_OPS_VECTORIZED void maxRow2x2WithWinners(const float *in, int64_t width,
                                             int64_t oh, int64_t outWidth,
                                             float *best, int32_t *winners) {
  const float *top = in + 2 * oh * width, *bottom = top + width;
  const int32_t topIndex = int32_t(2 * oh * width);
  const int32_t bottomIndex = topIndex + int32_t(width);
  for (int64_t ow = 0; ow < outWidth; ++ow) {
    const float v0 = top[2 * ow], v1 = top[2 * ow + 1];
    const float v2 = bottom[2 * ow], v3 = bottom[2 * ow + 1];
    const int32_t i0 = topIndex + int32_t(2 * ow);
    const int32_t i2 = bottomIndex + int32_t(2 * ow);
    float max = -std::numeric_limits<float>::infinity();
    int32_t winner = i0;
    winner = v0 > max ? i0 : winner;
    max = v0 > max ? v0 : max;
    winner = v1 > max ? i0 + 1 : winner;
    max = v1 > max ? v1 : max;
    winner = v2 > max ? i2 : winner;
    max = v2 > max ? v2 : max;
    winner = v3 > max ? i2 + 1 : winner;
    max = v3 > max ? v3 : max;
    best[ow] = max;
    winners[ow] = winner;
  }
}

DFP_OPS_VECTORIZED bool containsNaN(const float *x, int64_t n) {
  bool found = false;
  for (int64_t i = 0; i < n; ++i)
    found |= x[i] != x[i];
  return found;
}

/// For every output row of a plane: the first maximum of each window (NaN
/// winning), as value and index in the plane, then done(oh, best, winner).
template <typename Done>
void forEachMaxRow(const PoolGeometry &g, const float *in, Done done) {
  std::vector<float> best(size_t(g.outWidth));
  std::vector<int32_t> winner(size_t(g.outWidth));
  for (int64_t oh = 0; oh < g.outHeight; ++oh) {
    std::fill(winner.begin(), winner.end(), -1);
    g.forEachTap(oh, [&](int64_t rowStart, int64_t s) {
      maxTap(in, rowStart, g.strideW, g.columnOffset[size_t(s)],
             g.columnBegin[size_t(s)], g.columnEnd[size_t(s)], best.data(),
             winner.data());
    });
    done(oh, best.data(), winner.data());
  }
}

/// The window maxima of output row oh of a plane without NaN.
void maxRow(const PoolGeometry &g, const float *in, int64_t oh, float *best) {
  std::fill(best, best + g.outWidth, -std::numeric_limits<float>::infinity());
  g.forEachTap(oh, [&](int64_t rowStart, int64_t s) {
    maxValueTap(in, rowStart, g.strideW, g.columnOffset[size_t(s)],
                g.columnBegin[size_t(s)], g.columnEnd[size_t(s)], best);
  });
}

} // namespace

// Planes holding NaN take the slower maxTap path, where NaN wins. The others
// need no NaN tests: forward keeps only values (vmaxps), backward scans each
// window with a strict > (routeRow), which keeps the first maximum.
Status maxPool2d(const float *x, const Pool2dShape &shape, float *y,
                 const OpOptions &options) {
  if (Status status = shape.verify("max_pool2d"); !status)
    return status;
  const PoolGeometry g(shape);
  const int64_t inPlane = g.height * g.width;
  const int64_t outPlane = g.outHeight * g.outWidth;
  forPlanes(shape, options, [&](int64_t begin, int64_t end) {
    for (int64_t plane = begin; plane < end; ++plane) {
      const float *in = x + plane * inPlane;
      float *out = y + plane * outPlane;
      if (!containsNaN(in, inPlane)) {
        for (int64_t oh = 0; oh < g.outHeight; ++oh)
          maxRow(g, in, oh, out + oh * g.outWidth);
        continue;
      }
      forEachMaxRow(g, in, [&](int64_t oh, const float *best, const int32_t *) {
        std::copy(best, best + g.outWidth, out + oh * g.outWidth);
      });
    }
  });
  return Status::success();
}

Status maxPool2dBackward(const float *dy, const float *x,
                         const Pool2dShape &shape, float *dx,
                         const OpOptions &options) {
  if (Status status = shape.verify("max_pool2d_backward"); !status)
    return status;
  const PoolGeometry g(shape);
  const int64_t inPlane = g.height * g.width;
  const int64_t outPlane = g.outHeight * g.outWidth;
  forPlanes(shape, options, [&](int64_t begin, int64_t end) {
    for (int64_t plane = begin; plane < end; ++plane) {
      const float *in = x + plane * inPlane;
      const float *gradOut = dy + plane * outPlane;
      float *gradIn = dx + plane * inPlane;
      // Zeroed plane by plane, so that it is still in cache when written.
      std::fill_n(gradIn, inPlane, 0.0f);
      if (containsNaN(in, inPlane)) {
        forEachMaxRow(g, in,
                      [&](int64_t oh, const float *, const int32_t *winner) {
                        for (int64_t ow = 0; ow < g.outWidth; ++ow)
                          gradIn[winner[ow]] += gradOut[oh * g.outWidth + ow];
                      });
        continue;
      }
      for (int64_t oh = 0; oh < g.outHeight; ++oh) {
        routeRow(in, g.width, g.rows[size_t(oh)], g.dilationH, g.columns.data(),
                 g.dilationW, g.outWidth, gradOut + oh * g.outWidth, gradIn);
      }
    }
  });
  return Status::success();
}

Status maxPool2dWithWinners(const float *x, const Pool2dShape &shape, float *y,
                            int32_t *winners, const OpOptions &options) {
  if (Status status = shape.verify("max_pool2d"); !status)
    return status;
  const PoolGeometry g(shape);
  const int64_t inPlane = g.height * g.width;
  const int64_t outPlane = g.outHeight * g.outWidth;
  const bool plain2x2 = shape.kernel == std::array<int64_t, 2>{2, 2} &&
                        shape.strides == std::array<int64_t, 2>{2, 2} &&
                        shape.dilations == std::array<int64_t, 2>{1, 1} &&
                        shape.padding == std::array<int64_t, 4>{0, 0, 0, 0};
  forPlanes(shape, options, [&](int64_t begin, int64_t end) {
    for (int64_t plane = begin; plane < end; ++plane) {
      const float *in = x + plane * inPlane;
      float *out = y + plane * outPlane;
      int32_t *won = winners + plane * outPlane;
      if (plain2x2 && !containsNaN(in, inPlane)) {
        for (int64_t oh = 0; oh < g.outHeight; ++oh)
          maxRow2x2WithWinners(in, g.width, oh, g.outWidth,
                               out + oh * g.outWidth, won + oh * g.outWidth);
        continue;
      }
      if (!containsNaN(in, inPlane)) {
        for (int64_t oh = 0; oh < g.outHeight; ++oh)
          maxRowWithWinners(in, g.width, g.rows[size_t(oh)], g.dilationH,
                            g.columns.data(), g.dilationW, g.outWidth,
                            out + oh * g.outWidth, won + oh * g.outWidth);
        continue;
      }
      forEachMaxRow(
          g, in, [&](int64_t oh, const float *best, const int32_t *winner) {
            std::copy(best, best + g.outWidth, out + oh * g.outWidth);
            std::copy(winner, winner + g.outWidth, won + oh * g.outWidth);
          });
    }
  });
  return Status::success();
}

Status maxPool2dBackwardFromWinners(const float *dy, const int32_t *winners,
                                    const Pool2dShape &shape, float *dx,
                                    const OpOptions &options) {
  if (Status status = shape.verify("max_pool2d_backward"); !status)
    return status;
  const int64_t inPlane = shape.height * shape.width;
  const int64_t outPlane = shape.outHeight() * shape.outWidth();
  forPlanes(shape, options, [&](int64_t begin, int64_t end) {
    for (int64_t plane = begin; plane < end; ++plane) {
      const float *gradOut = dy + plane * outPlane;
      const int32_t *won = winners + plane * outPlane;
      float *gradIn = dx + plane * inPlane;
      std::fill_n(gradIn, inPlane, 0.0f);
      // In output order, as maxPool2dBackward adds.
      for (int64_t o = 0; o < outPlane; ++o)
        gradIn[won[o]] += gradOut[o];
    }
  });
  return Status::success();
}

} // namespace dfp::ops
