#ifndef DFP_OPS_LIB_VECTORIZE_H
#define DFP_OPS_LIB_VECTORIZE_H

#include <array>
#include <cstdint>

/// Compiles a hot loop twice, for AVX2 and for baseline x86-64, picked at load
/// time by the CPU (an ifunc). The library is built with -ffp-contract=off
/// and every reduction has explicit lanes, so both clones give the same bits.
#define DFP_OPS_VECTORIZED __attribute__((target_clones("avx2", "default")))
/// DFP_OPS_VECTORIZED with an AVX-512 clone as well, for the streaming
/// arithmetic of batch norm and the lane reductions (measured faster there;
/// the pooling scans measured slower with it).
#define DFP_OPS_VECTORIZED_WIDE                                                \
  __attribute__((target_clones("avx512f", "avx2", "default")))

namespace dfp::ops {

/// Sums in FP32 lanes (element i goes to lane i mod kLanes), flushed into
/// FP64 lanes every kFlushElements and added in lane order at the end: a
/// fixed order that the compiler vectorises.
constexpr int kLanes = 16;
constexpr int64_t kFlushElements = 4096;

double laneSum(const float *x, int64_t n);
/// sum (x[i] - mean)^2
double laneSquaredDeviation(const float *x, float mean, int64_t n);
/// Asks for the first 4 KB of x[0, n) in cache ahead of use (the hardware
/// prefetchers take over within a run). Channel slices [n, c, ...] lie
/// C * inner floats apart: too far for them to follow from one slice to the
/// next.
inline void prefetch(const float *x, int64_t n) {
  const int64_t end = n < 1024 ? n : 1024;
  for (int64_t i = 0; i < end; i += 64 / int64_t(sizeof(float)))
    __builtin_prefetch(x + i);
}

/// {sum a[i], sum a[i] * (b[i] - mean)} in one pass.
std::array<double, 2> laneSumAndCenteredDot(const float *a, const float *b,
                                            float mean, int64_t n);
/// laneSumAndCenteredDot of a masked by relu's backward (a[i] where
/// mask[i] > 0, else 0): the same bits as on the masked array.
std::array<double, 2> laneMaskedSumAndCenteredDot(const float *a,
                                                  const float *mask,
                                                  const float *b, float mean,
                                                  int64_t n);

} // namespace dfp::ops

#endif // DFP_OPS_LIB_VECTORIZE_H
