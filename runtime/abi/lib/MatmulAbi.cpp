#include "ErrorState.h"
#include "KernelCache.h"
#include "MemRefViews.h"

#include "dfp/abi/KernelAbi.h"
#include "dfp/jit/Gemm.h"

namespace dfp::abi {

namespace {

struct MatmulKernel : Kernel {
  int64_t m = 0, n = 0, k = 0;
  bool transposeLhs = false, transposeRhs = false;
  DfpFormat formatLhs, formatRhs;
  int64_t chain = 0;
  jit::GemmOptions options;
  jit::GemmLayout layout;
};

/// The format of an operand read as its logical [rows x columns] matrix:
/// a transposed operand's exponent axis swaps.
DfpFormat logicalFormat(int64_t magBits, int64_t storedAxis, bool transposed) {
  bool swap = transposed && storedAxis >= 0;
  return operandFormat(magBits, swap ? 1 - storedAxis : storedAxis);
}

Status planMatmul(MatmulKernel &kernel) {
  for (auto [name, size] : {std::pair{"m", kernel.m}, std::pair{"n", kernel.n},
                            std::pair{"k", kernel.k}})
    if (size < 1)
      return Status::error(std::string("dfp_rt_matmul_dispatch: ") + name +
                           " = " + std::to_string(size) + " is not positive");
  if (Status s = kernel.formatLhs.verify({kernel.m, kernel.k}); !s)
    return Status::error("dfp_rt_matmul_dispatch lhs: " + s.message());
  if (Status s = kernel.formatRhs.verify({kernel.k, kernel.n}); !s)
    return Status::error("dfp_rt_matmul_dispatch rhs: " + s.message());
  return jit::makeGemmLayout(kernel.m, kernel.n, kernel.k, kernel.formatLhs,
                             kernel.formatRhs, kernel.chain, kernel.options,
                             kernel.layout);
}

Status runMatmul(const MatmulKernel &kernel, const DfpMemRef2D *lhs,
                 const DfpMemRef1D *lhsExponent, const DfpMemRef2D *rhs,
                 const DfpMemRef1D *rhsExponent, const DfpMemRef2D *result) {
  QuantizedTensor a, b;
  if (Status s = decomposedTensor(
          viewOf(lhs), viewOf(lhsExponent), {kernel.m, kernel.k},
          kernel.formatLhs, kernel.transposeLhs, "dfp_rt_matmul_invoke lhs", a);
      !s)
    return s;
  if (Status s = decomposedTensor(
          viewOf(rhs), viewOf(rhsExponent), {kernel.k, kernel.n},
          kernel.formatRhs, kernel.transposeRhs, "dfp_rt_matmul_invoke rhs", b);
      !s)
    return s;
  const void *c = nullptr;
  if (Status s =
          contiguousData(viewOf(result), {kernel.m, kernel.n}, sizeof(float),
                         "dfp_rt_matmul_invoke result", c);
      !s)
    return s;
  float *output = static_cast<float *>(const_cast<void *>(c));
  // The scalar level has no packed layout: jit::gemm runs the reference.
  if (kernel.layout.isa == jit::Isa::Scalar)
    return jit::gemm(a, b, kernel.chain, output, kernel.options);
  jit::PackedOperand packedA, packedB;
  if (Status s = jit::packA(kernel.layout, a, packedA); !s)
    return s;
  if (Status s = jit::packB(kernel.layout, b, packedB); !s)
    return s;
  return jit::gemmPacked(kernel.layout, packedA, packedB, output,
                         kernel.options);
}

} // namespace

} // namespace dfp::abi

using namespace dfp::abi;

extern "C" void *dfp_rt_matmul_dispatch(int64_t m, int64_t n, int64_t k,
                                        int64_t transpose_lhs,
                                        int64_t transpose_rhs, int64_t mag_lhs,
                                        int64_t axis_lhs, int64_t mag_rhs,
                                        int64_t axis_rhs, int64_t chain) {
  KernelKey key{m,       n,        k,       transpose_lhs, transpose_rhs,
                mag_lhs, axis_lhs, mag_rhs, axis_rhs,      chain};
  int threads = 1;
  if (!completeKey(key, threads))
    return nullptr;
  return KernelCache::global().getOrPlan(
      key, [&](std::unique_ptr<Kernel> &planned) {
        auto kernel = std::make_unique<MatmulKernel>();
        kernel->m = m;
        kernel->n = n;
        kernel->k = k;
        kernel->transposeLhs = transpose_lhs != 0;
        kernel->transposeRhs = transpose_rhs != 0;
        kernel->formatLhs =
            logicalFormat(mag_lhs, axis_lhs, kernel->transposeLhs);
        kernel->formatRhs =
            logicalFormat(mag_rhs, axis_rhs, kernel->transposeRhs);
        kernel->chain = chain;
        kernel->options.threads = threads;
        if (dfp::Status s = planMatmul(*kernel); !s)
          return s;
        planned = std::move(kernel);
        return dfp::Status::success();
      });
}

extern "C" int32_t dfp_rt_matmul_invoke(void *kernel, DfpMemRef2D *lhs,
                                        DfpMemRef1D *lhs_exponent,
                                        DfpMemRef2D *rhs,
                                        DfpMemRef1D *rhs_exponent,
                                        DfpMemRef2D *result) {
  auto *matmul = dynamic_cast<MatmulKernel *>(static_cast<Kernel *>(kernel));
  if (!matmul) {
    // Keep the dispatch's message: it says why there is no kernel.
    return hasRecordedError()
               ? DFP_RT_ERROR
               : recordError("dfp_rt_matmul_invoke: not a matmul kernel");
  }
  return recordStatus(
      runMatmul(*matmul, lhs, lhs_exponent, rhs, rhs_exponent, result));
}
