#ifndef DFP_JIT_GEMMSCALES_H
#define DFP_JIT_GEMMSCALES_H

#include "dfp/jit/Gemm.h"
#include "dfp/jit/KernelDescriptor.h"

namespace dfp::jit {

/// Where the exponent group of an operand whose reduction axis is `kAxis`
/// changes along K: every `block` indices (1: at every k), 0 for never.
int64_t exponentBlockAlongK(const DfpFormat &format, int kAxis);

/// Exponent of A[i][k] and B[k][j] for k in chain `segment`.
int32_t exponentA(const GemmLayout &layout, const PackedOperand &a, int64_t i,
                  size_t segment);
int32_t exponentB(const GemmLayout &layout, const PackedOperand &b,
                  size_t segment, int64_t j);

/// The per-chain FP32 scales a tile kernel multiplies chain sums by; table t
/// serves chain t (or every chain when the exponents do not change along K,
/// stride 0). Tables are padded to whole panels with zeros.
struct GemmScales {
  GemmScaleMode mode = GemmScaleMode::Column;
  /// False when RowColumn products 2^ea * 2^eb could differ from
  /// ldexpf(1, ea + eb); the caller then takes the scalar path.
  bool exact = true;
  AlignedVector<float> row, col;
  int64_t rowStride = 0, colStride = 0; ///< floats between chains' tables
};

GemmScales buildGemmScales(const GemmLayout &layout, const PackedOperand &a,
                           const PackedOperand &b);

/// The scalar path over packed operands: the same chains, sums and fmaf.
void gemmPackedScalar(const GemmLayout &layout, const PackedOperand &a,
                      const PackedOperand &b, float *c);

} // namespace dfp::jit

#endif // DFP_JIT_GEMMSCALES_H
