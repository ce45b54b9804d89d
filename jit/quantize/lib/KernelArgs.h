#ifndef DFP_QUANTIZE_KERNELARGS_H
#define DFP_QUANTIZE_KERNELARGS_H

#include <cstdint>

namespace dfp::quant {

/// The four kernels of a quantization. "Runs" are `count` contiguous
/// stretches of `length` elements, `stride` apart, one exponent group each;
/// "Columns" are `count` rows of `length` elements, `stride` apart, where
/// column j is one group.
enum class KernelKind : uint8_t {
  MaxRuns,        ///< out[k] = max |x| bits of run k
  MaxColumns,     ///< out[j] = max(out[j], |x| bits of column j)
  ConvertRuns,    ///< run k scaled by scale{A,B}[k]
  ConvertColumns, ///< column j scaled by scale{A,B}[j]
};

const char *toString(KernelKind kind);

/// Arguments of the max kernels. Magnitudes are compared as the bits of
/// |x| (x & 0x7fffffff): for finite values the integer order is the float
/// order, and a result >= 0x7f800000 means a NaN or Inf was seen.
struct MaxArgs {
  const float *x = nullptr;
  int64_t length = 0;
  int64_t count = 0;
  int64_t stride = 0;
  uint32_t *out = nullptr;
};

/// Arguments of the convert kernels. y = (x * scaleA) * scaleB equals
/// ldexpf(x, -e) (see ScaleFactors.h). `firstIndex` is the linear index of
/// x[0] in the tensor (the Philox counter); row k starts at
/// firstIndex + k * stride.
struct ConvertArgs {
  const float *x = nullptr;
  int16_t *out = nullptr;
  int64_t length = 0;
  int64_t count = 0;
  int64_t stride = 0;
  const float *scaleA = nullptr;
  const float *scaleB = nullptr;
  /// The groups' exponents, same indexing as the scales (scalar kernels).
  const int32_t *exponents = nullptr;
  uint64_t firstIndex = 0;
  uint64_t seed = 0;
  /// stream | uint64_t(step) << 32: counter words 2 and 3 as one qword.
  uint64_t streamStep = 0;
};

} // namespace dfp::quant

#endif // DFP_QUANTIZE_KERNELARGS_H
