#ifndef DFP_BENCH_GEMMOPERANDS_H
#define DFP_BENCH_GEMMOPERANDS_H

#include "Shapes.h"

#include <cstdint>
#include <vector>

namespace dfp::bench {

/// The FP32 inputs both contenders of a GEMM comparison multiply: A (M x K)
/// and B (K x N), row-major, uniform in [-1, 1) from a fixed seed.
struct GemmOperands {
  GemmShape shape;
  std::vector<float> a, b;

  explicit GemmOperands(const GemmShape &shape);
};

/// Fills `values` with uniform [-1, 1) numbers from `seed`.
void fillUniform(float *values, size_t count, uint32_t seed);

} // namespace dfp::bench

#endif // DFP_BENCH_GEMMOPERANDS_H
