#include "OneDnnControl.h"

#include <oneapi/dnnl/dnnl.h>

#include <string>

// oneDNN's OpenMP runtime is libgomp; its API is declared here rather than
// through <omp.h> so that no compiler OpenMP runtime (libomp) is pulled in.
extern "C" void omp_set_num_threads(int threads);

namespace dfp::bench {

void setOneDnnThreads(int threads) { omp_set_num_threads(threads); }

Status capOneDnnIsa(jit::Isa isa, jit::Isa hostBest) {
  if (isa == hostBest)
    return Status::success();
  dnnl_cpu_isa_t cap = dnnl_cpu_isa_all;
  switch (isa) {
  case jit::Isa::Scalar:
    cap = dnnl_cpu_isa_sse41;
    break;
  case jit::Isa::Avx2:
    cap = dnnl_cpu_isa_avx2;
    break;
  case jit::Isa::Avx512bw:
    cap = dnnl_cpu_isa_avx512_core;
    break;
  case jit::Isa::Avx512Vnni:
    cap = dnnl_cpu_isa_avx512_core_vnni;
    break;
  }
  dnnl_status_t status = dnnl_set_max_cpu_isa(cap);
  if (status != dnnl_success)
    return Status::error("cannot cap oneDNN at " +
                         std::string(jit::toString(isa)) + " (status " +
                         std::to_string(int(status)) + ")");
  return Status::success();
}

} // namespace dfp::bench
