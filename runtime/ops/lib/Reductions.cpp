#include "Vectorize.h"

#include <algorithm>
#include <array>

namespace dfp::ops {

namespace {

/// Folds the K values of term(i) (a std::array<float, K>) for i in [0, n)
/// into K sums, each in the lane order of Vectorize.h.
template <size_t K, typename Term>
inline __attribute__((always_inline)) std::array<double, K>
laneReduce(int64_t n, Term term) {
  double wide[K][kLanes] = {};
  for (int64_t block = 0; block < n; block += kFlushElements) {
    const int64_t end = std::min(n, block + kFlushElements);
    float lanes[K][kLanes] = {};
    int64_t i = block;
    for (; i + kLanes <= end; i += kLanes)
      for (int j = 0; j < kLanes; ++j) {
        const std::array<float, K> values = term(i + j);
        for (size_t k = 0; k < K; ++k)
          lanes[k][j] += values[k];
      }
    for (int j = 0; i + j < end; ++j) {
      const std::array<float, K> values = term(i + j);
      for (size_t k = 0; k < K; ++k)
        lanes[k][j] += values[k];
    }
    for (size_t k = 0; k < K; ++k)
      for (int j = 0; j < kLanes; ++j)
        wide[k][j] += lanes[k][j];
  }
  std::array<double, K> sums = {};
  for (size_t k = 0; k < K; ++k)
    for (int j = 0; j < kLanes; ++j)
      sums[k] += wide[k][j];
  return sums;
}

} // namespace

DFP_OPS_VECTORIZED_WIDE double laneSum(const float *x, int64_t n) {
  return laneReduce<1>(
      n, [x](int64_t i) { return std::array<float, 1>{x[i]}; })[0];
}

DFP_OPS_VECTORIZED_WIDE double laneSquaredDeviation(const float *x, float mean,
                                                    int64_t n) {
  return laneReduce<1>(n, [x, mean](int64_t i) {
    const float d = x[i] - mean;
    return std::array<float, 1>{d * d};
  })[0];
}

DFP_OPS_VECTORIZED_WIDE std::array<double, 2>
laneSumAndCenteredDot(const float *a, const float *b, float mean, int64_t n) {
  return laneReduce<2>(n, [a, b, mean](int64_t i) {
    return std::array<float, 2>{a[i], a[i] * (b[i] - mean)};
  });
}

DFP_OPS_VECTORIZED_WIDE std::array<double, 2>
laneMaskedSumAndCenteredDot(const float *a, const float *mask, const float *b,
                            float mean, int64_t n) {
  return laneReduce<2>(n, [a, mask, b, mean](int64_t i) {
    const float masked = mask[i] > 0.0f ? a[i] : 0.0f;
    return std::array<float, 2>{masked, masked * (b[i] - mean)};
  });
}

} // namespace dfp::ops
