#ifndef DFP_BENCH_LLVMGEMM_H
#define DFP_BENCH_LLVMGEMM_H

#include "Contender.h"
#include "GemmOperands.h"

#include <memory>
#include <string>

namespace dfp::bench {

/// The LLVM path's DFP16 GEMM (dfp-lower-to-llvm for the host CPU through the
/// JIT API; one thread): the same format and chain as makeDfpGemm. Without
/// `quantizeIncluded` the compiled function takes the operands quantized once
/// in prepare(); with it, the compiled function quantizes the FP32 inputs.
/// `pipeline` "dfp-kernel-pipeline" measures the kernel path instead (the
/// matmul calls the jit/ GEMM through runtime/abi).
ContenderOrReason makeLlvmGemm(std::shared_ptr<const GemmOperands> operands,
                               bool quantizeIncluded,
                               std::string pipeline = "dfp-lower-to-llvm");

} // namespace dfp::bench

#endif // DFP_BENCH_LLVMGEMM_H
