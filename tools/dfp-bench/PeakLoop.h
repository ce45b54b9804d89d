#ifndef DFP_BENCH_PEAKLOOP_H
#define DFP_BENCH_PEAKLOOP_H

#include "dfp/jit/Isa.h"
#include "dfp/reference/Status.h"

namespace dfp::bench {

/// The instruction (or instruction pair) a peak loop repeats.
enum class PeakInstruction {
  VpdpwssdZmm,       ///< AVX512-VNNI
  VpmaddwdVpadddZmm, ///< AVX512BW
  VpdpwssdYmm,       ///< AVX-VNNI (VEX)
  VpmaddwdVpadddYmm, ///< AVX2
  VfmaddpsZmm,       ///< FP32 FMA, AVX-512
  VfmaddpsYmm,       ///< FP32 FMA, AVX2
};

/// "vpdpwssd zmm", "vpmaddwd+vpaddd ymm", "vfmadd231ps zmm", ...
const char *toString(PeakInstruction instruction);

/// Operations per instruction (pair), counted like a GEMM's 2*M*N*K: one
/// multiply-add is two operations (vpdpwssd zmm: 32 multiply-adds, 64 ops).
int opsPerInstruction(PeakInstruction instruction);

/// What the DFP16 GEMM kernels execute at `isa` (false for Scalar: no loop).
bool integerPeakInstruction(jit::Isa isa, bool avxVnni,
                            PeakInstruction &instruction);
/// The FP32 FMA at the vector width of `isa` (false for Scalar).
bool fp32PeakInstruction(jit::Isa isa, PeakInstruction &instruction);

/// How a peak is sampled. Short samples fit between the scheduler's
/// preemptions, so on a shared machine the best of many short samples still
/// finds the unloaded ceiling where one long run would not.
struct PeakSampling {
  double sampleSeconds = 0.001;
  int samples = 200;
};

/// Measures the throughput of a JIT loop of independent `instruction`s
/// (enough accumulators to hide latency) on `threads` threads started
/// together, in GOP/s summed over the threads: the best sample.
Status measurePeakGops(PeakInstruction instruction, int threads,
                       const PeakSampling &sampling, double &gops);

} // namespace dfp::bench

#endif // DFP_BENCH_PEAKLOOP_H
