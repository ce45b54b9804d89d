#ifndef DFP_TRAIN_SUMMARY_H
#define DFP_TRAIN_SUMMARY_H

#include "Options.h"
#include "Records.h"
#include "dfp/reference/Status.h"

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace dfp::train {

/// What summary.json reports about a run.
struct RunSummary {
  RunSettings settings;
  int threads = 0;
  bool complete = false; ///< all epochs trained
  int64_t steps = 0;
  int64_t trainImages = 0, testImages = 0;
  double trainSeconds = 0; ///< training steps only, over all resumes
  double evalSeconds = 0;
  double compileSeconds = 0; ///< this process
  int64_t skippedSteps = 0;
  int64_t resumes = 0;
  std::vector<EpochRecord> epochs; ///< finished epochs
};

/// The JSON text: precision, epochs (finished), test_accuracy (fraction, of
/// the last finished epoch; null before one), final_train_loss,
/// train_seconds, images_per_s, skipped_steps, then the settings, the
/// schedule and the per-epoch rows.
std::string summaryJson(const RunSummary &summary);

/// Writes summaryJson atomically.
Status writeSummary(const std::string &path, const RunSummary &summary);

/// The top-level scalar members of a summary.json.
Status readSummaryScalars(const std::string &path,
                          std::map<std::string, std::string> &out);

} // namespace dfp::train

#endif // DFP_TRAIN_SUMMARY_H
