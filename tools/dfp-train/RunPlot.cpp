#include "RunPlot.h"

#include "MetricsLog.h"
#include "RunDirectory.h"
#include "Summary.h"
#include "SvgPlot.h"
#include "dfp/runtime/AtomicFile.h"

#include <cmath>
#include <filesystem>
#include <map>

namespace dfp::train {

Status loadPlotRun(const std::string &dir, PlotRun &out) {
  RunPaths paths{dir};
  PlotRun run;
  if (Status s = readStepRecords(paths.metricsCsv(), run.steps); !s)
    return s;
  if (std::filesystem::exists(paths.epochsCsv()))
    if (Status s = readEpochRecords(paths.epochsCsv(), run.epochs); !s)
      return s;
  std::map<std::string, std::string> summary;
  if (readSummaryScalars(paths.summaryJson(), summary))
    run.precision = summary["precision"];
  run.label =
      (run.precision.empty() ? std::string("run") : run.precision) + " (" +
      std::filesystem::path(dir).lexically_normal().filename().string() + ")";
  out = std::move(run);
  return Status::success();
}

namespace {

std::vector<std::pair<double, double>>
bucketedLoss(const std::vector<StepRecord> &steps, int buckets) {
  std::vector<std::pair<double, double>> points;
  size_t size = std::max<size_t>(1, (steps.size() + buckets - 1) / buckets);
  for (size_t begin = 0; begin < steps.size(); begin += size) {
    double sum = 0;
    int count = 0;
    size_t end = std::min(steps.size(), begin + size);
    for (size_t i = begin; i < end; ++i)
      if (std::isfinite(steps[i].loss)) {
        sum += steps[i].loss;
        ++count;
      }
    points.emplace_back(steps[end - 1].epochProgress,
                        count ? sum / count : NAN);
  }
  return points;
}

const char *colorFor(const std::string &precision, size_t &greys) {
  if (precision == "dfp16")
    return "#1f77b4";
  if (precision == "fp32")
    return "#ff7f0e";
  static const char *const kGreys[] = {"#555555", "#999999", "#2ca02c"};
  return kGreys[greys++ % 3];
}

} // namespace

std::string renderRunPlot(const std::vector<PlotRun> &runs, int buckets) {
  PlotPanel loss{"Training loss", "epoch", "loss (mean over steps)", {}};
  PlotPanel accuracy{"Test accuracy", "epoch", "accuracy (%)", {}, 1.0};
  size_t greys = 0;
  std::map<std::string, int> seen;
  for (const PlotRun &run : runs) {
    // Two runs of one precision: the second keeps its colour family apart.
    std::string color = seen[run.precision]++ ? colorFor("", greys)
                                              : colorFor(run.precision, greys);
    loss.series.push_back({run.label, color, bucketedLoss(run.steps, buckets)});
    PlotSeries series{run.label, color, {}, true};
    for (const EpochRecord &epoch : run.epochs)
      series.points.emplace_back(double(epoch.epoch),
                                 100.0 * epoch.testAccuracy);
    accuracy.series.push_back(std::move(series));
  }
  return renderSvg("dfp-train on Fashion-MNIST", {loss, accuracy});
}

Status writeRunPlot(const std::string &path, const std::vector<PlotRun> &runs) {
  std::string svg = renderRunPlot(runs);
  return runtime::writeFileAtomically(path, svg.data(), svg.size());
}

Status plotRunWithComparisons(const std::string &runDir,
                              const std::string &precision,
                              const std::string &compareDir,
                              std::vector<std::string> &warnings) {
  std::vector<std::string> dirs = {runDir};
  std::string sibling =
      findLatestSiblingRun(runDir, precision == "fp32" ? "dfp16" : "fp32");
  if (!sibling.empty())
    dirs.push_back(sibling);
  if (!compareDir.empty())
    dirs.push_back(compareDir);
  std::vector<PlotRun> runs;
  for (const std::string &dir : dirs) {
    PlotRun run;
    if (Status s = loadPlotRun(dir, run); !s) {
      if (dir == runDir)
        return s;
      warnings.push_back("not plotting " + dir + ": " + s.message());
      continue;
    }
    runs.push_back(std::move(run));
  }
  return writeRunPlot(RunPaths{runDir}.plotSvg(), runs);
}

} // namespace dfp::train
