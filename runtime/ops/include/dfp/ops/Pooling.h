#ifndef DFP_OPS_POOLING_H
#define DFP_OPS_POOLING_H

#include "dfp/ops/Shapes.h"

namespace dfp::ops {

/// y [N, C, OH, OW] = max over each window of x [N, C, H, W]; padding never
/// wins. Windows are scanned row by row; the first maximum wins ties.
Status maxPool2d(const float *x, const Pool2dShape &shape, float *y,
                 const OpOptions &options = {});

/// dx [N, C, H, W]: each dy element added to the input element that won
/// its window in maxPool2d (the first maximum); zero elsewhere.
Status maxPool2dBackward(const float *dy, const float *x,
                         const Pool2dShape &shape, float *dx,
                         const OpOptions &options = {});

/// maxPool2d that also records, for every output element, the index in its
/// input plane of the element that won the window (the element
/// maxPool2dBackward routes to), so that the backward need not scan x again.
Status maxPool2dWithWinners(const float *x, const Pool2dShape &shape, float *y,
                            int32_t *winners, const OpOptions &options = {});

/// maxPool2dBackward from the winners maxPool2dWithWinners recorded for the
/// same x: bit-identical (dy added in the same order).
Status maxPool2dBackwardFromWinners(const float *dy, const int32_t *winners,
                                    const Pool2dShape &shape, float *dx,
                                    const OpOptions &options = {});

/// y = sum of each window / divisor, the divisor being kernelH * kernelW
/// with countIncludePad, else the number of input elements in the window.
Status avgPool2d(const float *x, const Pool2dShape &shape, bool countIncludePad,
                 float *y, const OpOptions &options = {});

/// dx [N, C, H, W]: each dy / divisor added to every input element of its
/// window.
Status avgPool2dBackward(const float *dy, const Pool2dShape &shape,
                         bool countIncludePad, float *dx,
                         const OpOptions &options = {});

/// Images [N, C, H, W] as planes: `planes` = N * C, `planeSize` = H * W.
struct PlaneShape {
  int64_t planes = 1, planeSize = 1;
};

/// y[p] = mean of plane p (FP64 sum, rounded once).
Status globalAvgPool(const float *x, const PlaneShape &shape, float *y,
                     const OpOptions &options = {});

/// dx[p, i] = dy[p] / planeSize.
Status globalAvgPoolBackward(const float *dy, const PlaneShape &shape,
                             float *dx, const OpOptions &options = {});

} // namespace dfp::ops

#endif // DFP_OPS_POOLING_H
