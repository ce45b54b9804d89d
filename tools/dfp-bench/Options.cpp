#include "Options.h"

#include <cstdlib>

namespace dfp::bench {

const char *usage() {
  return R"(USAGE: dfp-bench [options]

Compares dfpc DFP16 kernels with oneDNN FP32 in one process run, on 1 thread
and on all hardware threads, at the host's best ISA (cap it with
DFP_MAX_ISA=avx512_vnni|avx512bw|avx2|scalar; oneDNN is capped to match).
Each ratio is the median of back-to-back pair ratios; the peak fraction is
against the integer peak measured in the same run by a JIT loop. dfp results
are checked against oneDNN's. Unless OMP_WAIT_POLICY is set, dfp-bench
re-executes itself with OMP_WAIT_POLICY=passive (spinning oneDNN workers
would slow down the dfp run that follows them).

OPTIONS:
  --help                 Show this help.
  --quick                Small shapes and few pairs (a smoke test, seconds).
  --conv                 Add the convolution rows (forward, backward data,
                         backward weights).
  --llvm-path            Add the LLVM path's DFP16 GEMM rows (op gemm_llvm,
                         one thread, dfp-lower-to-llvm for the host CPU).
  --kernel-path          Add the kernel path's DFP16 GEMM rows (op
                         gemm_kernel, one thread, dfp-kernel-pipeline: the
                         compiled matmul calls the jit/ GEMM).
  --pairs N              Measure at least N pairs per comparison.
  --summary-json FILE    Write one JSON record per comparison (name, op, isa,
                         threads, quantize_included, dfp_gops, onednn_gops,
                         ratio, peak_fraction).
  --json FILE            Write Google Benchmark's JSON output to FILE
                         (GOP/s, ratio, pairs as counters; peak fractions
                         are in the table and the summary only).
  --benchmark_*          Passed to Google Benchmark, e.g.
                         --benchmark_filter=gemm_1024 (names look like
                         gemm_1024x1024x1024/avx512_vnni/threads:1/quantize:0).
)";
}

namespace {
/// Reads the value of `--name VALUE` or `--name=VALUE` at argv[index].
/// Returns false when argv[index] is not this option.
bool optionValue(int argc, char **argv, int &index, const std::string &name,
                 std::string &value, Status &status) {
  std::string argument = argv[index];
  if (argument.compare(0, name.size() + 1, name + "=") == 0) {
    value = argument.substr(name.size() + 1);
  } else if (argument == name) {
    if (index + 1 >= argc) {
      status = Status::error(name + " needs a value");
      return true;
    }
    value = argv[++index];
  } else {
    return false;
  }
  if (value.empty())
    status = Status::error(name + " needs a non-empty value");
  return true;
}
} // namespace

Status parseOptions(int argc, char **argv, Options &options) {
  for (int i = 1; i < argc; ++i) {
    std::string argument = argv[i];
    std::string value;
    Status status = Status::success();
    if (argument == "--help" || argument == "-h") {
      options.help = true;
    } else if (argument == "--quick") {
      options.quick = true;
    } else if (argument == "--conv") {
      options.conv = true;
    } else if (argument == "--llvm-path") {
      options.llvmPath = true;
    } else if (argument == "--kernel-path") {
      options.kernelPath = true;
    } else if (optionValue(argc, argv, i, "--summary-json", value, status)) {
      options.summaryJsonPath = value;
    } else if (optionValue(argc, argv, i, "--json", value, status)) {
      options.benchmarkArguments.push_back("--benchmark_out=" + value);
      options.benchmarkArguments.push_back("--benchmark_out_format=json");
    } else if (optionValue(argc, argv, i, "--pairs", value, status)) {
      char *end = nullptr;
      long pairs = std::strtol(value.c_str(), &end, 10);
      if (status && (*end != '\0' || pairs < 1 || pairs > 10000))
        return Status::error("--pairs expects a count from 1 to 10000, got '" +
                             value + "'");
      options.minPairs = int(pairs);
    } else if (argument.compare(0, 12, "--benchmark_") == 0) {
      options.benchmarkArguments.push_back(argument);
    } else {
      return Status::error("unknown option '" + argument +
                           "' (see dfp-bench --help)");
    }
    if (!status)
      return status;
  }
  return Status::success();
}

} // namespace dfp::bench
