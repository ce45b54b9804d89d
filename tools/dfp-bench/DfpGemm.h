#ifndef DFP_BENCH_DFPGEMM_H
#define DFP_BENCH_DFPGEMM_H

#include "Contender.h"
#include "GemmOperands.h"
#include "dfp/jit/Isa.h"

#include <memory>
#include <string>

namespace dfp::bench {

/// dfpc DFP16 GEMM (M = 13 magnitude bits, one exponent per tensor, chain
/// from dfp::chainLength) at `isa` on `threads` threads. Without
/// `quantizeIncluded` the operands are quantized and packed once in
/// prepare() and run() is the packed GEMM; with it, run() quantizes the FP32
/// inputs, packs them and multiplies.
ContenderOrReason makeDfpGemm(std::shared_ptr<const GemmOperands> operands,
                              jit::Isa isa, int threads, bool quantizeIncluded);

/// One line for the table's header: format, chain and quantizer used.
std::string describeDfpGemm();

} // namespace dfp::bench

#endif // DFP_BENCH_DFPGEMM_H
