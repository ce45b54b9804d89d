#ifndef DFP_TRAIN_RUNPLOT_H
#define DFP_TRAIN_RUNPLOT_H

#include "Records.h"
#include "dfp/reference/Status.h"

#include <string>
#include <vector>

namespace dfp::train {

/// The curves of one run directory.
struct PlotRun {
  std::string label; ///< "dfp16 (dfp16-20261204-184500)": the directory name
  std::string precision;
  std::vector<StepRecord> steps;
  std::vector<EpochRecord> epochs;
};

/// Reads metrics.csv, epochs.csv and (for the label) summary.json of `dir`.
Status loadPlotRun(const std::string &dir, PlotRun &out);

/// The training-loss panel averages the step losses in up to `buckets`
/// stretches, x in epochs; the accuracy panel shows the test accuracy in %
/// per epoch. DFP16 is drawn in blue, FP32 in orange, further runs in grey.
std::string renderRunPlot(const std::vector<PlotRun> &runs, int buckets = 150);

/// Renders `runs` into `path` atomically.
Status writeRunPlot(const std::string &path, const std::vector<PlotRun> &runs);

/// Writes plot.svg of the run in `runDir` (of `precision`), overlaid with
/// the latest complete run of the other precision next to it and with
/// `compareDir` when not empty. A comparison run that cannot be read is left
/// out with a line in `warnings`; the run itself must be readable.
Status plotRunWithComparisons(const std::string &runDir,
                              const std::string &precision,
                              const std::string &compareDir,
                              std::vector<std::string> &warnings);

} // namespace dfp::train

#endif // DFP_TRAIN_RUNPLOT_H
