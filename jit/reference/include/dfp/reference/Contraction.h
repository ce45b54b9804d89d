#ifndef DFP_REFERENCE_CONTRACTION_H
#define DFP_REFERENCE_CONTRACTION_H

#include "dfp/reference/Quantize.h"
#include "dfp/reference/Status.h"

#include <array>
#include <cstdint>

namespace dfp {

/// The chained accumulation of DESIGN §2, the normative order every kernel
/// reproduces: products are summed in INT32 from 0 over at most `chain`
/// consecutive reduction indices; a chain also ends where the exponent group
/// of either operand changes along the reduction. Each chain sum s is flushed
/// as acc = fmaf(float(s), ldexpf(1, ea + eb), acc), in chain order, acc = 0.
/// Errors: shape mismatch, chain <= 0, or a chain that could overflow INT32
/// for the operands' true ranges.

/// C[M x N] = A[M x K] * B[K x N]. A's groups: tensor, axis 0, or blocks along
/// axis 1; B's: tensor, axis 1, or blocks along axis 0.
Status matmul(const QuantizedTensor &a, const QuantizedTensor &b,
              int64_t chain, float *c);

/// Convolution geometry, NCHW activations and KCRS filters (C per group).
struct Conv2dShape {
  int64_t batch = 1, channels = 1, height = 1, width = 1; // input N, C, H, W
  int64_t filters = 1, kernelH = 1, kernelW = 1;          // K, R, S
  std::array<int64_t, 2> strides{1, 1};
  std::array<int64_t, 4> padding{0, 0, 0, 0}; // top, left, bottom, right
  std::array<int64_t, 2> dilations{1, 1};
  int64_t groups = 1;

  int64_t outHeight() const;
  int64_t outWidth() const;
  Status verify() const;
};

/// Reduction orders (normative; chains never cross a filter tap or an image):
/// forward y[n,k,oh,ow]: taps (r, s) outer, input channels of the group inner,
///   chains cut at each tap and every `chain` channels;
/// backward-data dx[n,c,h,w]: taps outer, output channels of the group inner,
///   same cuts;
/// backward-filter dw[k,c,r,s]: images n outer, output positions oh*OW+ow
///   inner (padding positions count as zero products), chains cut at each
///   image and every `chain` positions.
Status conv2dForward(const QuantizedTensor &x, const QuantizedTensor &w,
                     const Conv2dShape &shape, int64_t chain, float *y);
Status conv2dBackwardData(const QuantizedTensor &dy, const QuantizedTensor &w,
                          const Conv2dShape &shape, int64_t chain, float *dx);
Status conv2dBackwardFilter(const QuantizedTensor &x,
                            const QuantizedTensor &dy,
                            const Conv2dShape &shape, int64_t chain,
                            float *dw);

/// FP64 references for error measurements (same layouts, no quantization).
void matmulF64(const double *a, const double *b, int64_t m, int64_t n,
               int64_t k, double *c);
void conv2dForwardF64(const double *x, const double *w,
                      const Conv2dShape &shape, double *y);
void conv2dBackwardDataF64(const double *dy, const double *w,
                           const Conv2dShape &shape, double *dx);
void conv2dBackwardFilterF64(const double *x, const double *dy,
                             const Conv2dShape &shape, double *dw);

} // namespace dfp

#endif // DFP_REFERENCE_CONTRACTION_H
