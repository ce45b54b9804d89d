#include "ConvIndexing.h"

#include "dfp/reference/Contraction.h"

#include <algorithm>

namespace dfp {

void matmulF64(const double *a, const double *b, int64_t m, int64_t n,
               int64_t k, double *c) {
  for (int64_t i = 0; i < m; ++i)
    for (int64_t j = 0; j < n; ++j) {
      double sum = 0.0;
      for (int64_t p = 0; p < k; ++p)
        sum += a[i * k + p] * b[p * n + j];
      c[i * n + j] = sum;
    }
}

namespace {

/// Calls visit(inputIndex, filterIndex, outputIndex) for every product
/// x[n,c,ih,iw] * w[k,c',r,s] that contributes to y[n,k,oh,ow]. The three
/// FP64 convolutions are the three ways of accumulating these products.
template <typename Visit>
void forEachConvProduct(const Conv2dShape &shape, Visit visit) {
  const ConvIndexing at(shape);
  for (int64_t n = 0; n < shape.batch; ++n)
    for (int64_t k = 0; k < shape.filters; ++k) {
      const int64_t firstChannel = k / at.filtersPerGroup * at.channelsPerGroup;
      for (int64_t oh = 0; oh < at.outH; ++oh)
        for (int64_t ow = 0; ow < at.outW; ++ow)
          for (int64_t c = 0; c < at.channelsPerGroup; ++c)
            for (int64_t r = 0; r < shape.kernelH; ++r)
              for (int64_t s = 0; s < shape.kernelW; ++s) {
                const int64_t ih = at.inputRow(oh, r), iw = at.inputCol(ow, s);
                if (at.insideInput(ih, iw))
                  visit(at.input(n, firstChannel + c, ih, iw),
                        at.filter(k, c, r, s), at.output(n, k, oh, ow));
              }
    }
}

int64_t count(const std::vector<int64_t> &shape) {
  int64_t n = 1;
  for (int64_t extent : shape)
    n *= extent;
  return n;
}

} // namespace

void conv2dForwardF64(const double *x, const double *w,
                      const Conv2dShape &shape, double *y) {
  std::fill_n(y, count(ConvIndexing(shape).outputShape()), 0.0);
  forEachConvProduct(shape, [&](int64_t xi, int64_t wi, int64_t yi) {
    y[yi] += x[xi] * w[wi];
  });
}

void conv2dBackwardDataF64(const double *dy, const double *w,
                           const Conv2dShape &shape, double *dx) {
  std::fill_n(dx, count(ConvIndexing(shape).inputShape()), 0.0);
  forEachConvProduct(shape, [&](int64_t xi, int64_t wi, int64_t yi) {
    dx[xi] += dy[yi] * w[wi];
  });
}

void conv2dBackwardFilterF64(const double *x, const double *dy,
                             const Conv2dShape &shape, double *dw) {
  std::fill_n(dw, count(ConvIndexing(shape).filterShape()), 0.0);
  forEachConvProduct(shape, [&](int64_t xi, int64_t wi, int64_t yi) {
    dw[wi] += x[xi] * dy[yi];
  });
}

} // namespace dfp
