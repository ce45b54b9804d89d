#ifndef DFP_BENCH_OPTIONS_H
#define DFP_BENCH_OPTIONS_H

#include "dfp/reference/Status.h"

#include <string>
#include <vector>

namespace dfp::bench {

struct Options {
  bool help = false;
  bool quick = false;      ///< small shapes, few pairs: a smoke test
  bool conv = false;       ///< add the convolution rows
  bool llvmPath = false;   ///< add the LLVM path's GEMM rows (gemm_llvm)
  bool kernelPath = false; ///< add the kernel path's GEMM rows (gemm_kernel)
  std::string summaryJsonPath;
  /// Arguments for Google Benchmark (--benchmark_*, and --json FILE mapped
  /// to --benchmark_out=FILE --benchmark_out_format=json).
  std::vector<std::string> benchmarkArguments;
  int minPairs = 0; ///< 0: the mode's default
};

Status parseOptions(int argc, char **argv, Options &options);

const char *usage();

} // namespace dfp::bench

#endif // DFP_BENCH_OPTIONS_H
