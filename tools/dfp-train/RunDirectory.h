#ifndef DFP_TRAIN_RUNDIRECTORY_H
#define DFP_TRAIN_RUNDIRECTORY_H

#include "dfp/reference/Status.h"

#include <ctime>
#include <string>

namespace dfp::train {

/// The files of one run directory.
struct RunPaths {
  std::string dir;

  std::string metricsCsv() const { return dir + "/metrics.csv"; }
  std::string epochsCsv() const { return dir + "/epochs.csv"; }
  std::string summaryJson() const { return dir + "/summary.json"; }
  std::string plotSvg() const { return dir + "/plot.svg"; }
  std::string checkpoints() const { return dir + "/checkpoints"; }
};

/// "runs/<precision>-<YYYYmmdd-HHMMSS>" in UTC.
std::string defaultRunDir(const std::string &precision, std::time_t now);

/// Creates the directory of a new run. An empty `requested` takes
/// defaultRunDir (with "-2", "-3", ... appended if it exists). A requested
/// directory may exist but must not hold a run already (metrics or
/// checkpoints): that takes --resume, and `holdsRun` (if given) is set.
/// `dir` receives the directory.
Status createRunDirectory(const std::string &requested,
                          const std::string &precision, std::time_t now,
                          std::string &dir, bool *holdsRun = nullptr);

/// Among the directories next to `runDir` (in its parent), the one holding
/// the most recently finished complete run of `precision`; empty if none.
std::string findLatestSiblingRun(const std::string &runDir,
                                 const std::string &precision);

} // namespace dfp::train

#endif // DFP_TRAIN_RUNDIRECTORY_H
