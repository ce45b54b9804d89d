#include "DfpGemm.h"
#include "Host.h"
#include "OneDnnControl.h"
#include "OpenMpWaitPolicy.h"
#include "Options.h"
#include "Peaks.h"
#include "Report.h"
#include "Suite.h"

#include <benchmark/benchmark.h>

#include <algorithm>
#include <cstdlib>
#include <iostream>

using namespace dfp;
using namespace dfp::bench;

namespace {
int fail(const Status &status) {
  std::cerr << "dfp-bench: error: " << status.message() << "\n";
  return EXIT_FAILURE;
}

TimingPolicy timingPolicy(const Options &options) {
  TimingPolicy policy;
  if (options.quick) {
    policy.minPairs = policy.maxPairs = 3;
    policy.minSeconds = 0;
  }
  if (options.minPairs > 0) {
    policy.minPairs = options.minPairs;
    policy.maxPairs = std::max(policy.maxPairs, options.minPairs);
  }
  return policy;
}

/// Before the run: many short samples (see PeakSampling).
PeakSampling initialPeakSampling(const Options &options) {
  PeakSampling sampling;
  if (options.quick)
    sampling.samples = 20;
  return sampling;
}

/// Before each comparison: a few more, to catch a quieter moment.
PeakSampling refreshPeakSampling(const Options &options) {
  PeakSampling sampling;
  sampling.samples = options.quick ? 2 : 20;
  return sampling;
}

void addBenchmarkContext(const SuiteConfig &config) {
  benchmark::AddCustomContext("dfp_cpu", config.host.cpuModel);
  benchmark::AddCustomContext("dfp_isa", jit::toString(config.host.isa));
}

/// Runs Google Benchmark over the registered comparisons with the
/// --benchmark_* arguments; false if one of them is not recognised.
bool runBenchmarks(const char *program, const Options &options) {
  std::vector<std::string> arguments = {program};
  arguments.insert(arguments.end(), options.benchmarkArguments.begin(),
                   options.benchmarkArguments.end());
  std::vector<char *> argv;
  for (std::string &argument : arguments)
    argv.push_back(argument.data());
  int argc = int(argv.size());
  benchmark::Initialize(&argc, argv.data());
  if (benchmark::ReportUnrecognizedArguments(argc, argv.data()))
    return false;
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return true;
}
} // namespace

int main(int argc, char **argv) {
  Options options;
  Status status = parseOptions(argc, argv, options);
  if (!status)
    return fail(status);
  if (options.help) {
    std::cout << usage();
    return EXIT_SUCCESS;
  }

  status = tools::makeOpenMpWaitPassive(argv);
  if (!status)
    return fail(status);

  SuiteConfig config;
  status = detectHost(config.host);
  if (status)
    status = capOneDnnIsa(config.host.isa, config.host.bestIsa);
  if (!status)
    return fail(status);
  config.threadCounts = {1};
  if (config.host.allThreads > 1)
    config.threadCounts.push_back(config.host.allThreads);
  config.timing = timingPolicy(options);
  config.quick = options.quick;
  config.conv = options.conv;
  config.llvmPath = options.llvmPath;
  config.kernelPath = options.kernelPath;
  config.peakRefresh = refreshPeakSampling(options);

  printHost(std::cout, config.host,
            {"dfpc: " + describeDfpGemm(),
             std::string("oneDNN: FP32 dnnl_sgemm and convolution "
                         "primitives, OMP_WAIT_POLICY=") +
                 tools::openMpWaitPolicy()});
  addBenchmarkContext(config);

  SuiteResults results;
  status = samplePeaks(config.host, config.threadCounts,
                       initialPeakSampling(options), results.peaks);
  if (!status)
    return fail(status);
  registerComparisons(config, results);
  if (!runBenchmarks(argv[0], options))
    return EXIT_FAILURE;
  computePeakFractions(results);

  std::cout << "\nPeaks: best samples over the run\n";
  printPeaks(std::cout, results.peaks);
  printTable(std::cout, results.rows);
  if (!options.summaryJsonPath.empty()) {
    status = writeSummaryJson(options.summaryJsonPath, results.rows);
    if (!status)
      return fail(status);
  }
  for (const std::string &error : results.errors)
    std::cerr << "dfp-bench: error: " << error << "\n";
  return results.errors.empty() ? EXIT_SUCCESS : EXIT_FAILURE;
}
