#ifndef DFP_BENCH_ONEDNNCONTROL_H
#define DFP_BENCH_ONEDNNCONTROL_H

#include "dfp/jit/Isa.h"
#include "dfp/reference/Status.h"

namespace dfp::bench {

/// Sets the OpenMP thread count oneDNN (built with GNU OpenMP) uses for the
/// primitives the calling thread creates and runs next.
void setOneDnnThreads(int threads);

/// Caps oneDNN at the vector ISA matching `isa` (avx2 -> AVX2 kernels,
/// avx512bw -> AVX-512 core), so a DFP_MAX_ISA run compares like with like.
/// Must come before oneDNN's first primitive.
Status capOneDnnIsa(jit::Isa isa, jit::Isa hostBest);

} // namespace dfp::bench

#endif // DFP_BENCH_ONEDNNCONTROL_H
