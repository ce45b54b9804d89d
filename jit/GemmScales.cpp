#include "GemmScales.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace dfp::jit {
namespace {

using Kind = ExponentGrouping::Kind;

constexpr int64_t kMinPowerOfTwo = -149; // smallest subnormal float
constexpr int64_t kMaxPowerOfTwo = 127;

float powerOfTwo(int64_t e) {
  // ldexpf saturates far outside the float range; clamping avoids int overflow.
  return std::ldexp(1.0f, int(std::clamp<int64_t>(e, -1000, 1000)));
}

} // namespace

int32_t exponentA(const GemmLayout &layout, const PackedOperand &a, int64_t i,
                  size_t segment) {
  int64_t k = layout.segments[segment].kBegin;
  return a.exponents[size_t(groupOf(a.shape, a.format, i * layout.k + k))];
}

int32_t exponentB(const GemmLayout &layout, const PackedOperand &b,
                  size_t segment, int64_t j) {
  int64_t k = layout.segments[segment].kBegin;
  return b.exponents[size_t(groupOf(b.shape, b.format, k * layout.n + j))];
}

GemmScales buildGemmScales(const GemmLayout &layout, const PackedOperand &a,
                           const PackedOperand &b) {
  GemmScales scales;
  // A's exponent is the same for every row when per tensor or per k; B's
  // for every column likewise.
  auto uniform = [](const ExponentGrouping &g, int kAxis) {
    return g.kind == Kind::Tensor || (g.kind == Kind::Axis && g.axis == kAxis);
  };
  const bool aUniform = uniform(a.format.grouping, 1);
  const bool bUniform = uniform(b.format.grouping, 0);
  scales.mode = aUniform   ? GemmScaleMode::Column
                : bUniform ? GemmScaleMode::Row
                           : GemmScaleMode::RowColumn;
  const size_t tables =
      layout.blockA || layout.blockB ? layout.segments.size() : 1;
  const int64_t rowsPadded = layout.rowPanels() * layout.tileRows;
  const int64_t colsPadded = layout.columnPanels() * layout.tileCols;
  if (scales.mode != GemmScaleMode::Row) {
    scales.col.assign(tables * colsPadded, 0.0f);
    scales.colStride = tables > 1 ? colsPadded : 0;
  }
  if (scales.mode != GemmScaleMode::Column) {
    scales.row.assign(tables * rowsPadded, 0.0f);
    scales.rowStride = tables > 1 ? rowsPadded : 0;
  }

  int64_t minA = std::numeric_limits<int64_t>::max(), maxA = -minA;
  int64_t minB = minA, maxB = -minA;
  for (size_t t = 0; t < tables; ++t) {
    switch (scales.mode) {
    case GemmScaleMode::Column: {
      int64_t ea = exponentA(layout, a, 0, t);
      for (int64_t j = 0; j < layout.n; ++j)
        scales.col[t * colsPadded + j] =
            powerOfTwo(ea + exponentB(layout, b, t, j));
      break;
    }
    case GemmScaleMode::Row: {
      int64_t eb = exponentB(layout, b, t, 0);
      for (int64_t i = 0; i < layout.m; ++i)
        scales.row[t * rowsPadded + i] =
            powerOfTwo(exponentA(layout, a, i, t) + eb);
      break;
    }
    case GemmScaleMode::RowColumn:
      for (int64_t i = 0; i < layout.m; ++i) {
        int64_t ea = exponentA(layout, a, i, t);
        minA = std::min(minA, ea);
        maxA = std::max(maxA, ea);
        scales.row[t * rowsPadded + i] = powerOfTwo(ea);
      }
      for (int64_t j = 0; j < layout.n; ++j) {
        int64_t eb = exponentB(layout, b, t, j);
        minB = std::min(minB, eb);
        maxB = std::max(maxB, eb);
        scales.col[t * colsPadded + j] = powerOfTwo(eb);
      }
      break;
    }
  }
  if (scales.mode == GemmScaleMode::RowColumn) {
    // 2^ea * 2^eb == ldexpf(1, ea + eb) when all three are representable
    // powers of two: the product is then exact.
    auto representable = [](int64_t e) {
      return e >= kMinPowerOfTwo && e <= kMaxPowerOfTwo;
    };
    scales.exact = representable(minA) && representable(maxA) &&
                   representable(minB) && representable(maxB) &&
                   representable(minA + minB) && representable(maxA + maxB);
  }
  return scales;
}

void gemmPackedScalar(const GemmLayout &layout, const PackedOperand &a,
                      const PackedOperand &b, float *c) {
  const int64_t rows = layout.tileRows, cols = layout.tileCols;
  for (int64_t i = 0; i < layout.m; ++i) {
    const int16_t *aPanel =
        a.data.data() + (i / rows) * layout.kPairs * rows * 2 + (i % rows) * 2;
    for (int64_t j = 0; j < layout.n; ++j) {
      const int16_t *bPanel = b.data.data() +
                              (j / cols) * layout.kPairs * cols * 2 +
                              (j % cols) * 2;
      float acc = 0.0f;
      for (size_t s = 0; s < layout.segments.size(); ++s) {
        const ChainSegment &segment = layout.segments[s];
        // Wrapping INT32 arithmetic, as the vector instructions do; the
        // chain rule keeps the true sum in range, so the result is exact.
        uint32_t sum = 0;
        for (int64_t t = segment.pairBegin;
             t < segment.pairBegin + segment.pairs; ++t)
          for (int h = 0; h < 2; ++h)
            sum += uint32_t(int32_t(aPanel[t * rows * 2 + h]) *
                            int32_t(bPanel[t * cols * 2 + h]));
        int64_t e =
            int64_t(exponentA(layout, a, i, s)) + exponentB(layout, b, s, j);
        acc = std::fma(float(int32_t(sum)), powerOfTwo(e), acc);
      }
      c[i * layout.n + j] = acc;
    }
  }
}

} // namespace dfp::jit
