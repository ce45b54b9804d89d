#include "ReferenceOps.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace dfp::testing {

static Tensor zeros(std::vector<int64_t> shape) {
  int64_t count = 1;
  for (int64_t dim : shape)
    count *= dim;
  return Tensor{std::move(shape), std::vector<float>(count, 0.0f)};
}

Tensor conv2d(const Tensor &x, const Tensor &w, const Tensor *bias,
              int64_t stride, int64_t pad) {
  int64_t n = x.dim(0), c = x.dim(1), h = x.dim(2), wd = x.dim(3);
  int64_t k = w.dim(0), r = w.dim(2), s = w.dim(3);
  int64_t oh = (h + 2 * pad - r) / stride + 1;
  int64_t ow = (wd + 2 * pad - s) / stride + 1;
  Tensor y = zeros({n, k, oh, ow});
  for (int64_t b = 0; b < n; ++b)
    for (int64_t o = 0; o < k; ++o)
      for (int64_t i = 0; i < oh; ++i)
        for (int64_t j = 0; j < ow; ++j) {
          double sum = bias ? bias->values[o] : 0.0;
          for (int64_t ch = 0; ch < c; ++ch)
            for (int64_t dr = 0; dr < r; ++dr)
              for (int64_t ds = 0; ds < s; ++ds) {
                int64_t row = i * stride + dr - pad;
                int64_t col = j * stride + ds - pad;
                if (row < 0 || row >= h || col < 0 || col >= wd)
                  continue;
                sum += double(x.values[((b * c + ch) * h + row) * wd + col]) *
                       w.values[((o * c + ch) * r + dr) * s + ds];
              }
          y.values[((b * k + o) * oh + i) * ow + j] = static_cast<float>(sum);
        }
  return y;
}

Tensor batchNorm(const Tensor &x, const Tensor &scale, const Tensor &bias,
                 const Tensor &mean, const Tensor &var, float epsilon) {
  Tensor y = x;
  int64_t channels = x.dim(1);
  int64_t inner = int64_t(x.values.size()) / (x.dim(0) * channels);
  for (size_t i = 0; i < y.values.size(); ++i) {
    int64_t ch = (int64_t(i) / inner) % channels;
    double normalized = (double(x.values[i]) - mean.values[ch]) /
                        std::sqrt(double(var.values[ch]) + epsilon);
    y.values[i] =
        static_cast<float>(normalized * scale.values[ch] + bias.values[ch]);
  }
  return y;
}

Tensor relu(const Tensor &x) {
  Tensor y = x;
  for (float &value : y.values)
    value = std::max(value, 0.0f);
  return y;
}

Tensor maxPool(const Tensor &x, int64_t kernel, int64_t stride) {
  int64_t n = x.dim(0), c = x.dim(1), h = x.dim(2), w = x.dim(3);
  int64_t oh = (h - kernel) / stride + 1, ow = (w - kernel) / stride + 1;
  Tensor y = zeros({n, c, oh, ow});
  for (int64_t plane = 0; plane < n * c; ++plane)
    for (int64_t i = 0; i < oh; ++i)
      for (int64_t j = 0; j < ow; ++j) {
        float best = -std::numeric_limits<float>::infinity();
        for (int64_t dr = 0; dr < kernel; ++dr)
          for (int64_t ds = 0; ds < kernel; ++ds)
            best = std::max(
                best,
                x.values[(plane * h + i * stride + dr) * w + j * stride + ds]);
        y.values[(plane * oh + i) * ow + j] = best;
      }
  return y;
}

Tensor globalAvgPool(const Tensor &x) {
  int64_t planes = x.dim(0) * x.dim(1), area = x.dim(2) * x.dim(3);
  Tensor y = zeros({x.dim(0), x.dim(1), 1, 1});
  for (int64_t plane = 0; plane < planes; ++plane) {
    double sum = 0;
    for (int64_t i = 0; i < area; ++i)
      sum += x.values[plane * area + i];
    y.values[plane] = static_cast<float>(sum / area);
  }
  return y;
}

Tensor flatten(const Tensor &x) {
  return Tensor{{x.dim(0), int64_t(x.values.size()) / x.dim(0)}, x.values};
}

Tensor linear(const Tensor &a, const Tensor &w, const Tensor &b,
              bool weightIsOutIn) {
  int64_t m = a.dim(0), k = a.dim(1);
  int64_t n = weightIsOutIn ? w.dim(0) : w.dim(1);
  Tensor y = zeros({m, n});
  for (int64_t i = 0; i < m; ++i)
    for (int64_t j = 0; j < n; ++j) {
      double sum = b.values[j];
      for (int64_t p = 0; p < k; ++p)
        sum += double(a.values[i * k + p]) *
               (weightIsOutIn ? w.values[j * k + p] : w.values[p * n + j]);
      y.values[i * n + j] = static_cast<float>(sum);
    }
  return y;
}

} // namespace dfp::testing
