#include "dfp/ops/Fp32Contraction.h"

#include "OneDnnThreads.h"

#include <oneapi/dnnl/dnnl.h>

#include <string>

namespace dfp::ops {

Status matmul(const float *a, const float *b, const MatmulShape &shape,
              float *c, const OpOptions &options) {
  if (shape.m <= 0 || shape.n <= 0 || shape.k <= 0)
    return Status::error("matmul: M, N, K = " + std::to_string(shape.m) + ", " +
                         std::to_string(shape.n) + ", " +
                         std::to_string(shape.k) + " must be positive");
  setOneDnnThreads(options.threads);
  const dnnl_dim_t lda = shape.transposeLhs ? shape.m : shape.k;
  const dnnl_dim_t ldb = shape.transposeRhs ? shape.k : shape.n;
  const dnnl_status_t status = dnnl_sgemm(
      shape.transposeLhs ? 'T' : 'N', shape.transposeRhs ? 'T' : 'N', shape.m,
      shape.n, shape.k, 1.0f, a, lda, b, ldb, 0.0f, c, shape.n);
  if (status != dnnl_success)
    return Status::error(
        "matmul: dnnl_sgemm failed on " + std::to_string(shape.m) + "x" +
        std::to_string(shape.n) + "x" + std::to_string(shape.k) +
        " with status " + std::to_string(int(status)));
  return Status::success();
}

} // namespace dfp::ops
