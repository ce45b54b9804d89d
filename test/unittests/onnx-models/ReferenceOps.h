#ifndef DFP_TEST_ONNXMODELS_REFERENCEOPS_H
#define DFP_TEST_ONNXMODELS_REFERENCEOPS_H

#include <cstdint>
#include <vector>

namespace dfp::testing {

/// A row-major f32 tensor for the straightforward reference computations
/// the model tests compare with (double accumulation, no blocking).
struct Tensor {
  std::vector<int64_t> shape;
  std::vector<float> values;

  int64_t dim(int axis) const { return shape[axis]; }
};

/// NCHW input, KCRS filter, optional [K] bias; pads top, left, bottom,
/// right (zeros).
Tensor conv2d(const Tensor &x, const Tensor &w, const Tensor *bias,
              int64_t stride, int64_t pad);
/// Inference batch normalization along axis 1.
Tensor batchNorm(const Tensor &x, const Tensor &scale, const Tensor &bias,
                 const Tensor &mean, const Tensor &var, float epsilon);
Tensor relu(const Tensor &x);
/// Square window, no padding.
Tensor maxPool(const Tensor &x, int64_t kernel, int64_t stride);
Tensor globalAvgPool(const Tensor &x);
/// [N, ...] -> [N, rest].
Tensor flatten(const Tensor &x);
/// a [M, K] times w [N, K] transposed (nn.Linear's layout) or w [K, N], plus
/// b [N].
Tensor linear(const Tensor &a, const Tensor &w, const Tensor &b,
              bool weightIsOutIn);

} // namespace dfp::testing

#endif // DFP_TEST_ONNXMODELS_REFERENCEOPS_H
