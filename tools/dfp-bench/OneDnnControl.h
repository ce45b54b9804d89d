#ifndef DFP_BENCH_ONEDNNCONTROL_H
#define DFP_BENCH_ONEDNNCONTROL_H

#include "dfp/jit/Isa.h"
#include "dfp/reference/Status.h"

namespace dfp::bench {

/// Sets the OpenMP thread count oneDNN (built with GNU OpenMP) uses for the
/// primitives the calling thread creates and runs next.
void setOneDnnThreads(int threads);

/// libgomp reads OMP_WAIT_POLICY once, when it loads. Left unset, its idle
/// workers spin for milliseconds after each oneDNN call and take the cores
/// from whatever runs next: the dfp half of a pair (measured 1.5x slower).
/// When the variable is unset this sets it to "passive" and re-executes the
/// program, so it returns only when the policy was already set or the
/// re-execution failed (an error).
Status makeOpenMpWaitPassive(char **argv);

/// The OMP_WAIT_POLICY in effect ("passive", or what the user set).
const char *openMpWaitPolicy();

/// Caps oneDNN at the vector ISA matching `isa` (avx2 -> AVX2 kernels,
/// avx512bw -> AVX-512 core), so a DFP_MAX_ISA run compares like with like.
/// Must come before oneDNN's first primitive.
Status capOneDnnIsa(jit::Isa isa, jit::Isa hostBest);

} // namespace dfp::bench

#endif // DFP_BENCH_ONEDNNCONTROL_H
