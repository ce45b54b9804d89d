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
/// as acc = fmaf(float(s), ldexpf(1, ea + eb), acc), in chain order, acc = 0
/// (an exponent sum outside FP32's range gives ldexpf's 0 or inf).
///
/// Any exponent grouping is accepted; one that varies along the reduction
/// only shortens chains (blocks along K: chains never cross a block; one
/// exponent per K index: chains of one product). Conv2d activations (x, dy)
/// are the exception: their groups may not vary along H or W.
///
/// Errors: inconsistent tensors (verifyQuantizedTensor), shape mismatch,
/// chain <= 0, or chain * max|a| * max|b| > 2^31 - 1 with the operands' true
/// max |q| (also when the reduction is shorter than the chain), or
/// max ea + max eb > 127 (an infinite FP32 scale).

/// C[M x N] = A[M x K] * B[K x N]. The JIT kernels implement A's groups
/// tensor, axis 0, blocks along axis 1 and B's tensor, axis 1, blocks along
/// axis 0.
Status matmul(const QuantizedTensor &a, const QuantizedTensor &b, int64_t chain,
              float *c);

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

/// Reduction orders (normative; chains never cross a filter tap or an image).
/// Forward and backward-data skip taps that read no element (padding, or in
/// backward-data a stride gap); while 2^(ea+eb) is finite that gives the same
/// bits as flushing their zero chains (acc is never -0):
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
Status conv2dBackwardFilter(const QuantizedTensor &x, const QuantizedTensor &dy,
                            const Conv2dShape &shape, int64_t chain, float *dw);

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
