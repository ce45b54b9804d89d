#ifndef DFP_BENCH_CONVOPERANDS_H
#define DFP_BENCH_CONVOPERANDS_H

#include "Shapes.h"

#include <vector>

namespace dfp::bench {

/// The FP32 tensors both contenders of a conv comparison read: x (NCHW),
/// w (KCRS) and dy (NKPQ), uniform in [-1, 1) from fixed seeds, so that
/// their results can be checked against each other.
struct ConvOperands {
  ConvShape shape;
  std::vector<float> x, w, dy;

  explicit ConvOperands(const ConvShape &shape);
};

} // namespace dfp::bench

#endif // DFP_BENCH_CONVOPERANDS_H
