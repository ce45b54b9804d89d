#ifndef DFP_OPS_FP32CONTRACTION_H
#define DFP_OPS_FP32CONTRACTION_H

#include "dfp/ops/Shapes.h"
#include "dfp/reference/Contraction.h"

#include <memory>

namespace dfp::ops {

/// The FP32 contractions of the FP32 training mode, on oneDNN (built with
/// GNU OpenMP: its thread count is options.threads, set per call). oneDNN
/// does not promise the same bits for another thread count; for one thread
/// count the results repeat. Measured on 128x32x14x14 * 64x32x3x3:
/// backward-filter differs between 1 and 2 threads (oneDNN splits the batch
/// reduction), forward, backward-data and a 128x10x128 sgemm agree. libgomp
/// reads OMP_WAIT_POLICY once at load: unless it is "passive", its idle threads
/// spin after each call and slow down the kernels that run next (see
/// tools/dfp-bench/OneDnnControl.h).

/// dfp.matmul: C [M x N] = op(A) * op(B), A stored [M x K] ([K x M] with
/// transposeLhs), B stored [K x N] ([N x K] with transposeRhs), row-major,
/// through dnnl_sgemm.
struct MatmulShape {
  int64_t m = 1, n = 1, k = 1;
  bool transposeLhs = false, transposeRhs = false;
};

Status matmul(const float *a, const float *b, const MatmulShape &shape,
              float *c, const OpOptions &options = {});

enum class Conv2dDirection { Forward, BackwardData, BackwardFilter };

/// One oneDNN convolution primitive for one shape and direction, created
/// once (oneDNN picks its preferred, usually blocked, layouts) and run any
/// number of times on NCHW / KCRS buffers: run() reorders the operands into
/// those layouts and the result back, inside the call.
///
/// Operands follow the dialect ops: Forward (x, w) -> y, BackwardData
/// (dy, w) -> dx, BackwardFilter (x, dy) -> dw; x [N, C, H, W], w [K,
/// C / groups, R, S], y [N, K, OH, OW].
class Conv2dPrimitive {
public:
  /// Errors: a geometry Conv2dShape::verify rejects, or one oneDNN cannot
  /// implement.
  static Status create(Conv2dDirection direction, const Conv2dShape &shape,
                       const OpOptions &options,
                       std::unique_ptr<Conv2dPrimitive> &primitive);
  ~Conv2dPrimitive();

  Status run(const float *first, const float *second, float *result);

  Conv2dDirection direction() const;
  const Conv2dShape &shape() const;
  /// True when oneDNN works on the NCHW / KCRS buffers themselves (no
  /// reorder runs).
  bool runsInPlace() const;

  struct Impl;

private:
  explicit Conv2dPrimitive(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

/// Plan-free conveniences: a process-wide cache (thread-safe, keyed by
/// direction, shape and thread count) creates each primitive on first use.
/// Two threads must not run the same cached primitive at once (it owns the
/// reorder buffers); the training executor runs one step at a time.
Status conv2dForward(const float *x, const float *w, const Conv2dShape &shape,
                     float *y, const OpOptions &options = {});
Status conv2dBackwardData(const float *dy, const float *w,
                          const Conv2dShape &shape, float *dx,
                          const OpOptions &options = {});
Status conv2dBackwardFilter(const float *x, const float *dy,
                            const Conv2dShape &shape, float *dw,
                            const OpOptions &options = {});

} // namespace dfp::ops

#endif // DFP_OPS_FP32CONTRACTION_H
