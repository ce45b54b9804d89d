#include "Suite.h"

#include "DfpConv.h"
#include "DfpGemm.h"
#include "LlvmGemm.h"
#include "OneDnnConv.h"
#include "OneDnnGemm.h"
#include "ResultCheck.h"

#include <benchmark/benchmark.h>

#include <functional>

namespace dfp::bench {

namespace {

/// The two sides of one comparison, built when its benchmark runs (so that
/// filtered-out comparisons allocate nothing).
struct Contenders {
  ContenderOrReason dfp;
  std::unique_ptr<Contender> onednn;
};

struct Plan {
  Comparison row; ///< identity fields filled in
  double ops = 0;
  std::function<Contenders()> build;
};

std::string benchmarkName(const Comparison &row) {
  return row.name + "/" + row.isa + "/threads:" + std::to_string(row.threads) +
         "/quantize:" + (row.quantizeIncluded ? "1" : "0");
}

Status measureOneDnnAlone(const Plan &plan, const SuiteConfig &config,
                          Contenders &contenders, Comparison &row,
                          double &reportedSeconds) {
  SoloTiming timing;
  Status status = measureAlone(*contenders.onednn, config.timing, timing);
  if (!status)
    return status;
  row.pairs = timing.runs;
  row.onednnGops = plan.ops / timing.medianSeconds * 1e-9;
  row.note = contenders.dfp.unavailableReason;
  reportedSeconds = timing.medianSeconds;
  return Status::success();
}

/// A fast wrong answer is no result: the last outputs must agree.
Status checkOutputs(const Contenders &contenders, Comparison &row) {
  const std::vector<float> *dfpOutput = contenders.dfp.contender->output();
  const std::vector<float> *onednnOutput = contenders.onednn->output();
  if (!dfpOutput || !onednnOutput)
    return Status::success();
  double error = 0;
  Status status =
      checkAgainstFp32(row.name.c_str(), *dfpOutput, *onednnOutput, error);
  row.relativeError = error;
  return status;
}

Status measureBothInPairs(const Plan &plan, const SuiteConfig &config,
                          Contenders &contenders, Comparison &row,
                          double &reportedSeconds) {
  PairedTiming timing;
  Status status = measurePairs(*contenders.dfp.contender, *contenders.onednn,
                               config.timing, timing);
  if (!status)
    return status;
  row.pairs = timing.pairs;
  row.dfpGops = plan.ops / timing.firstMedianSeconds * 1e-9;
  row.onednnGops = plan.ops / timing.secondMedianSeconds * 1e-9;
  row.ratio = timing.medianRatio;
  reportedSeconds = timing.firstMedianSeconds;
  return checkOutputs(contenders, row);
}

Status measure(const Plan &plan, const SuiteConfig &config, Comparison &row,
               double &reportedSeconds) {
  Contenders contenders = plan.build();
  Status status = contenders.onednn->prepare();
  if (status && contenders.dfp.contender)
    status = contenders.dfp.contender->prepare();
  if (!status)
    return status;
  if (contenders.dfp.contender)
    return measureBothInPairs(plan, config, contenders, row, reportedSeconds);
  return measureOneDnnAlone(plan, config, contenders, row, reportedSeconds);
}

void setCounters(benchmark::State &state, const Comparison &row) {
  state.counters["pairs"] = row.pairs;
  state.counters["onednn_gops"] = row.onednnGops;
  if (row.dfpGops)
    state.counters["dfp_gops"] = *row.dfpGops;
  if (row.ratio)
    state.counters["ratio"] = *row.ratio;
  if (row.relativeError)
    state.counters["relative_error"] = *row.relativeError;
}

void runPlan(benchmark::State &state, const Plan &plan,
             const SuiteConfig &config, SuiteResults &results) {
  Comparison row = plan.row;
  for (auto _ : state) {
    double seconds = 0;
    Status status = samplePeaks(config.host, {row.threads}, config.peakRefresh,
                                results.peaks);
    if (status)
      status = measure(plan, config, row, seconds);
    if (!status) {
      results.errors.push_back(benchmarkName(row) + ": " + status.message());
      state.SkipWithError(status.message().c_str());
      break;
    }
    state.SetIterationTime(seconds);
    setCounters(state, row);
    results.rows.push_back(row);
  }
}

std::vector<Plan> gemmPlans(const SuiteConfig &config) {
  std::vector<Plan> plans;
  jit::Isa isa = config.host.isa;
  for (const GemmShape &shape :
       config.quick ? quickGemmShapes() : defaultGemmShapes())
    for (int threads : config.threadCounts)
      for (bool quantizeIncluded : {false, true}) {
        Plan plan;
        plan.row.name = shape.name();
        plan.row.op = "gemm";
        plan.row.isa = jit::toString(isa);
        plan.row.threads = threads;
        plan.row.quantizeIncluded = quantizeIncluded;
        plan.ops = shape.ops();
        plan.build = [=] {
          auto operands = std::make_shared<const GemmOperands>(shape);
          Contenders contenders;
          contenders.dfp =
              makeDfpGemm(operands, isa, threads, quantizeIncluded);
          contenders.onednn = makeOneDnnGemm(operands, threads);
          return contenders;
        };
        plans.push_back(std::move(plan));
      }
  return plans;
}

/// The LLVM path's GEMM against oneDNN, on one thread (the generated code
/// does not split the work).
std::vector<Plan> llvmGemmPlans(const SuiteConfig &config) {
  std::vector<Plan> plans;
  for (const GemmShape &shape :
       config.quick ? quickGemmShapes() : defaultGemmShapes())
    for (bool quantizeIncluded : {false, true}) {
      Plan plan;
      plan.row.name = shape.name();
      plan.row.op = "gemm_llvm";
      plan.row.isa = "llvm";
      plan.row.threads = 1;
      plan.row.quantizeIncluded = quantizeIncluded;
      plan.ops = shape.ops();
      plan.build = [=] {
        auto operands = std::make_shared<const GemmOperands>(shape);
        Contenders contenders;
        contenders.dfp = makeLlvmGemm(operands, quantizeIncluded);
        contenders.onednn = makeOneDnnGemm(operands, 1);
        return contenders;
      };
      plans.push_back(std::move(plan));
    }
  return plans;
}

std::vector<Plan> convPlans(const SuiteConfig &config) {
  std::vector<Plan> plans;
  jit::Isa isa = config.host.isa;
  for (const ConvShape &shape :
       config.quick ? quickConvShapes() : defaultConvShapes())
    for (ConvDirection direction :
         {ConvDirection::Forward, ConvDirection::BackwardData,
          ConvDirection::BackwardWeights})
      for (int threads : config.threadCounts)
        for (bool quantizeIncluded : {false, true}) {
          Plan plan;
          plan.row.name = shape.name(direction);
          plan.row.op = std::string("conv_") + toString(direction);
          plan.row.isa = jit::toString(isa);
          plan.row.threads = threads;
          plan.row.quantizeIncluded = quantizeIncluded;
          plan.ops = shape.ops();
          plan.build = [=] {
            auto operands = std::make_shared<const ConvOperands>(shape);
            Contenders contenders;
            contenders.dfp = makeDfpConv(operands, direction, isa, threads,
                                         quantizeIncluded);
            contenders.onednn = makeOneDnnConv(operands, direction, threads);
            return contenders;
          };
          plans.push_back(std::move(plan));
        }
  return plans;
}

} // namespace

void registerComparisons(const SuiteConfig &config, SuiteResults &results) {
  std::vector<Plan> plans = gemmPlans(config);
  if (config.llvmPath) {
    std::vector<Plan> llvm = llvmGemmPlans(config);
    plans.insert(plans.end(), llvm.begin(), llvm.end());
  }
  if (config.conv) {
    std::vector<Plan> conv = convPlans(config);
    plans.insert(plans.end(), conv.begin(), conv.end());
  }
  for (Plan &plan : plans) {
    std::string name = benchmarkName(plan.row);
    benchmark::RegisterBenchmark(
        name.c_str(),
        [plan = std::move(plan), &config, &results](benchmark::State &state) {
          runPlan(state, plan, config, results);
        })
        ->Iterations(1)
        ->UseManualTime()
        ->Unit(benchmark::kMillisecond);
  }
}

void computePeakFractions(SuiteResults &results) {
  for (Comparison &row : results.rows) {
    std::optional<double> integerPeak = results.peaks.integerAt(row.threads);
    if (row.dfpGops && integerPeak)
      row.peakFraction = *row.dfpGops / *integerPeak;
    if (std::optional<double> fp32Peak = results.peaks.fp32At(row.threads))
      row.onednnPeakFraction = row.onednnGops / *fp32Peak;
  }
}

} // namespace dfp::bench
