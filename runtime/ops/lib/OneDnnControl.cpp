#include "OneDnnControl.h"

#include "dfp/jit/Isa.h"

#include <oneapi/dnnl/dnnl.h>

#include <algorithm>
#include <mutex>
#include <string>

// oneDNN's OpenMP runtime is libgomp; its API is declared here rather than
// through <omp.h> so that no compiler OpenMP runtime (libomp) is pulled in.
extern "C" void omp_set_num_threads(int threads);

namespace dfp::ops {

namespace {

dnnl_cpu_isa_t oneDnnIsaFor(jit::Isa isa) {
  switch (isa) {
  case jit::Isa::Scalar:
    return dnnl_cpu_isa_sse41;
  case jit::Isa::Avx2:
    return dnnl_cpu_isa_avx2;
  case jit::Isa::Avx512bw:
    return dnnl_cpu_isa_avx512_core;
  case jit::Isa::Avx512Vnni:
    return dnnl_cpu_isa_avx512_core_vnni;
  }
  return dnnl_cpu_isa_all;
}

Status capOneDnnIsa() {
  jit::Isa isa;
  if (Status status = jit::effectiveMaxIsa(isa); !status)
    return status;
  if (isa == jit::hostIsa())
    return Status::success();
  const dnnl_status_t status = dnnl_set_max_cpu_isa(oneDnnIsaFor(isa));
  if (status != dnnl_success)
    return Status::error(std::string("cannot cap oneDNN at ") +
                         jit::toString(isa) + " (DFP_MAX_ISA): oneDNN status " +
                         std::to_string(int(status)) +
                         "; it must be capped before its first kernel");
  return Status::success();
}

} // namespace

Status prepareOneDnn(int threads) {
  static std::once_flag once;
  static Status capped = Status::success();
  std::call_once(once, [] { capped = capOneDnnIsa(); });
  omp_set_num_threads(std::max(1, threads));
  return capped;
}

} // namespace dfp::ops
