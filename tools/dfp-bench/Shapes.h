#ifndef DFP_BENCH_SHAPES_H
#define DFP_BENCH_SHAPES_H

#include <cstdint>
#include <string>
#include <vector>

namespace dfp::bench {

/// C[M x N] = A[M x K] * B[K x N], row-major.
struct GemmShape {
  int64_t m = 0, n = 0, k = 0;

  /// "gemm_MxNxK", the record name of the summary JSON.
  std::string name() const;
  /// 2*M*N*K: one multiply-add counts as two operations.
  double ops() const { return 2.0 * double(m) * double(n) * double(k); }
};

/// GEMM 1024^3, 2048^3 and the ResNet-50-like (M, N, K) shapes.
std::vector<GemmShape> defaultGemmShapes();
/// Small shapes for --quick (a few seconds in all).
std::vector<GemmShape> quickGemmShapes();

enum class ConvDirection { Forward, BackwardData, BackwardWeights };

/// "fwd", "bwd_data", "bwd_filter".
const char *toString(ConvDirection direction);

/// NCHW convolution, square kernel, same padding.
struct ConvShape {
  int64_t batch = 1, channels = 1, filters = 1, height = 1, width = 1;
  int64_t kernel = 1, stride = 1, padding = 0;

  int64_t outHeight() const;
  int64_t outWidth() const;
  /// "conv_<dir>_<C>x<H>x<W>_<R>x<S>", with "to<K>" when K != C
  /// (e.g. conv_fwd_64x56x56_3x3); the batch is in the shape table.
  std::string name(ConvDirection direction) const;
  /// 2 * N*K*C * (multiply-adds per channel pair that read input rather than
  /// padding), the same for the three directions; without padding this is
  /// 2 * N*K*OH*OW*C*R*S.
  double ops() const;
};

/// The ResNet-like convolution table (minibatch 32 and 128 shapes).
std::vector<ConvShape> defaultConvShapes();
std::vector<ConvShape> quickConvShapes();

} // namespace dfp::bench

#endif // DFP_BENCH_SHAPES_H
