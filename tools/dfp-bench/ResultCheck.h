#ifndef DFP_BENCH_RESULTCHECK_H
#define DFP_BENCH_RESULTCHECK_H

#include "dfp/reference/Status.h"

#include <vector>

namespace dfp::bench {

/// ||actual - expected|| / ||expected|| (Frobenius norms, in double).
double relativeError(const std::vector<float> &actual,
                     const std::vector<float> &expected);

/// DFP16 (M = 13) rounds each operand to about 2^-14 of its maximum, which
/// gives relative errors near 1e-4 on the benchmark's uniform data; ten times
/// that means a broken kernel, whose speed would mean nothing.
constexpr double kMaxDfp16RelativeError = 1e-3;

/// An error naming `what` when `actual` is further than
/// kMaxDfp16RelativeError from `expected` (or the sizes differ); the
/// relative error is returned in `error`.
Status checkAgainstFp32(const char *what, const std::vector<float> &actual,
                        const std::vector<float> &expected, double &error);

} // namespace dfp::bench

#endif // DFP_BENCH_RESULTCHECK_H
