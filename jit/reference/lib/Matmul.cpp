#include "ChainedSum.h"

#include "dfp/reference/Contraction.h"

namespace dfp {

namespace {

Status verifyMatmulOperands(const QuantizedTensor &a,
                            const QuantizedTensor &b) {
  if (Status status = verifyQuantizedTensor(a, "matmul operand A");
      !status.ok())
    return status;
  if (Status status = verifyQuantizedTensor(b, "matmul operand B");
      !status.ok())
    return status;
  if (a.shape.size() != 2 || b.shape.size() != 2)
    return Status::error("matmul: operands must be matrices, got ranks " +
                         std::to_string(a.shape.size()) + " and " +
                         std::to_string(b.shape.size()));
  if (a.shape[1] != b.shape[0])
    return Status::error("matmul: A is " + std::to_string(a.shape[0]) + "x" +
                         std::to_string(a.shape[1]) + " but B has " +
                         std::to_string(b.shape[0]) + " rows");
  return Status::success();
}

} // namespace

Status matmul(const QuantizedTensor &a, const QuantizedTensor &b, int64_t chain,
              float *c) {
  if (Status status = verifyMatmulOperands(a, b); !status.ok())
    return status;
  if (Status status = checkChainFits("matmul", chain, a, b); !status.ok())
    return status;
  const int64_t m = a.shape[0], k = a.shape[1], n = b.shape[1];
  Operand lhs(a), rhs(b);
  for (int64_t i = 0; i < m; ++i)
    for (int64_t j = 0; j < n; ++j) {
      ChainedSum sum(chain);
      for (int64_t p = 0; p < k; ++p)
        sum.add(lhs.at(i * k + p), rhs.at(p * n + j));
      c[i * n + j] = sum.result();
    }
  return Status::success();
}

} // namespace dfp
