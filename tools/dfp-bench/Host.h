#ifndef DFP_BENCH_HOST_H
#define DFP_BENCH_HOST_H

#include "dfp/jit/Isa.h"
#include "dfp/reference/Status.h"

#include <string>

namespace dfp::bench {

/// The machine the benchmark runs on and the ISA level it measures.
struct Host {
  std::string cpuModel;
  jit::Isa bestIsa = jit::Isa::Scalar; ///< what the CPU runs natively
  jit::Isa isa = jit::Isa::Scalar;     ///< bestIsa capped by DFP_MAX_ISA
  bool avxVnni = false;                ///< VEX vpdpwssd ymm available
  int allThreads = 1;                  ///< std::thread::hardware_concurrency()
};

/// Reads the CPU model, features and DFP_MAX_ISA (a bad value is an error).
Status detectHost(Host &host);

} // namespace dfp::bench

#endif // DFP_BENCH_HOST_H
