#include "dfp/jit/Gemm.h"

#include "GemmScales.h"

#include <algorithm>
#include <cstdlib>

namespace dfp::jit {
namespace {

Status checkOperand(const char *operand, const QuantizedTensor &t,
                    const std::vector<int64_t> &expectedShape, int kAxis,
                    int64_t expectedBlock) {
  if (t.shape != expectedShape)
    return Status::error(std::string("gemm: operand ") + operand +
                         " has the wrong shape for the layout");
  if (t.values.size() != size_t(expectedShape[0] * expectedShape[1]))
    return Status::error(std::string("gemm: operand ") + operand +
                         " holds the wrong number of values");
  if (Status status = t.format.verify(t.shape); !status)
    return Status::error(std::string("gemm: operand ") + operand + ": " +
                         status.message());
  if (int64_t(t.exponents.size()) != numGroups(t.shape, t.format))
    return Status::error(std::string("gemm: operand ") + operand +
                         " has the wrong number of exponents");
  if (exponentBlockAlongK(t.format, kAxis) != expectedBlock)
    return Status::error(std::string("gemm: operand ") + operand +
                         "'s exponent groups along K differ from the layout's");
  return Status::success();
}

int32_t maxAbsOf(const std::vector<int16_t> &values) {
  int32_t maxAbs = 0;
  for (int16_t v : values)
    maxAbs = std::max(maxAbs, std::abs(int32_t(v)));
  return maxAbs;
}

void keepMetadata(const QuantizedTensor &t, PackedOperand &packed) {
  packed.shape = t.shape;
  packed.format = t.format;
  packed.exponents = t.exponents;
  packed.maxAbs = maxAbsOf(t.values);
}

} // namespace

Status packA(const GemmLayout &layout, const QuantizedTensor &a,
             PackedOperand &packed) {
  Status status = checkOperand("A", a, {layout.m, layout.k}, 1, layout.blockA);
  if (!status)
    return status;
  keepMetadata(a, packed);
  packed.data.assign(layout.packedASize(), 0);
  const int64_t rows = layout.tileRows;
  for (int64_t i = 0; i < layout.m; ++i) {
    const int16_t *row = a.values.data() + i * layout.k;
    int16_t *panel = packed.data.data() +
                     (i / rows) * layout.kPairs * rows * 2 + (i % rows) * 2;
    for (const ChainSegment &s : layout.segments)
      for (int64_t offset = 0; offset < s.length; ++offset)
        panel[(s.pairBegin + offset / 2) * rows * 2 + offset % 2] =
            row[s.kBegin + offset];
  }
  return Status::success();
}

Status packB(const GemmLayout &layout, const QuantizedTensor &b,
             PackedOperand &packed) {
  Status status = checkOperand("B", b, {layout.k, layout.n}, 0, layout.blockB);
  if (!status)
    return status;
  keepMetadata(b, packed);
  packed.data.assign(layout.packedBSize(), 0);
  const int64_t cols = layout.tileCols;
  const size_t panelSize = size_t(layout.kPairs * cols * 2);
  for (const ChainSegment &s : layout.segments) {
    for (int64_t offset = 0; offset < s.length; ++offset) {
      const int16_t *row = b.values.data() + (s.kBegin + offset) * layout.n;
      int16_t *pair = packed.data.data() +
                      (s.pairBegin + offset / 2) * cols * 2 + offset % 2;
      for (int64_t j = 0; j < layout.n; ++j)
        pair[(j / cols) * panelSize + (j % cols) * 2] = row[j];
    }
  }
  return Status::success();
}

} // namespace dfp::jit
