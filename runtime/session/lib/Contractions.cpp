#include "Contractions.h"

namespace dfp::runtime::session {

Status QuantizedValue::run() {
  if (step)
    seed.step = uint32_t(*step);
  if (Status status = quant::quantize(source, shape, format, rounding, seed,
                                      tensor, options);
      !status)
    return status;
  activation.maxAbs = format.maxMagnitude();
  for (const std::unique_ptr<Pack> &pack : packs)
    if (Status status = conv::packWeights(*pack->plan, tensor, pack->packed);
        !status)
      return status;
  return Status::success();
}

namespace {

/// A matmul operand transposed (2-D, grouping per tensor or per axis).
void transpose(const QuantizedTensor &from, QuantizedTensor &to) {
  const int64_t rows = from.shape[0], cols = from.shape[1];
  to.shape = {cols, rows};
  to.format = from.format;
  if (from.format.grouping.kind == ExponentGrouping::Kind::Axis)
    to.format.grouping.axis = 1 - from.format.grouping.axis;
  to.exponents = from.exponents;
  to.values.resize(from.values.size());
  for (int64_t i = 0; i < rows; ++i)
    for (int64_t j = 0; j < cols; ++j)
      to.values[size_t(j * rows + i)] = from.values[size_t(i * cols + j)];
}

} // namespace

Status GemmRun::run(float *c) {
  const QuantizedTensor *x = &lhs->tensor, *y = &rhs->tensor;
  if (transposeLhs) {
    transpose(*x, lhsT);
    x = &lhsT;
  }
  if (transposeRhs) {
    transpose(*y, rhsT);
    y = &rhsT;
  }
  if (Status status = jit::packA(layout, *x, a); !status)
    return status;
  if (Status status = jit::packB(layout, *y, b); !status)
    return status;
  return jit::gemmPacked(layout, a, b, c, options);
}

} // namespace dfp::runtime::session
