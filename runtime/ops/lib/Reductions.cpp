#include "Vectorize.h"

#include <algorithm>

namespace dfp::ops {

namespace {

/// Folds term(i) for i in [0, n) in the lane order of Vectorize.h.
template <typename Term>
inline __attribute__((always_inline)) double laneReduce(int64_t n, Term term) {
  double wide[kLanes] = {};
  for (int64_t block = 0; block < n; block += kFlushElements) {
    const int64_t end = std::min(n, block + kFlushElements);
    float lanes[kLanes] = {};
    int64_t i = block;
    for (; i + kLanes <= end; i += kLanes)
      for (int j = 0; j < kLanes; ++j)
        lanes[j] += term(i + j);
    for (int j = 0; i + j < end; ++j)
      lanes[j] += term(i + j);
    for (int j = 0; j < kLanes; ++j)
      wide[j] += lanes[j];
  }
  double sum = 0.0;
  for (int j = 0; j < kLanes; ++j)
    sum += wide[j];
  return sum;
}

} // namespace

DFP_OPS_VECTORIZED double laneSum(const float *x, int64_t n) {
  return laneReduce(n, [x](int64_t i) { return x[i]; });
}

DFP_OPS_VECTORIZED double laneSquaredDeviation(const float *x, float mean,
                                               int64_t n) {
  return laneReduce(n, [x, mean](int64_t i) {
    const float d = x[i] - mean;
    return d * d;
  });
}

DFP_OPS_VECTORIZED double laneCenteredDot(const float *a, const float *b,
                                          float mean, int64_t n) {
  return laneReduce(n,
                    [a, b, mean](int64_t i) { return a[i] * (b[i] - mean); });
}

} // namespace dfp::ops
