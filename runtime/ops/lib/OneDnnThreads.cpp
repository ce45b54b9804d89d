#include "OneDnnThreads.h"

#include <algorithm>

// oneDNN's OpenMP runtime is libgomp; its API is declared here rather than
// through <omp.h> so that no compiler OpenMP runtime (libomp) is pulled in.
extern "C" void omp_set_num_threads(int threads);

namespace dfp::ops {

void setOneDnnThreads(int threads) {
  omp_set_num_threads(std::max(1, threads));
}

} // namespace dfp::ops
