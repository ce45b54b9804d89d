#ifndef DFP_TRAIN_TRAININGCHECKPOINT_H
#define DFP_TRAIN_TRAININGCHECKPOINT_H

#include "Options.h"
#include "Records.h"
#include "dfp/runtime/BatchIterator.h"
#include "dfp/runtime/Checkpoint.h"

#include <string>
#include <vector>

namespace dfp::train {

/// Where a run stands besides the session's tensors: the step count, the
/// data position, the accumulators of the epoch in flight and the totals.
struct TrainingProgress {
  int64_t step = 0;
  runtime::DataPosition data; ///< epoch 0-based
  double epochLossSum = 0;
  int64_t epochLossCount = 0;
  int64_t epochSkipped = 0;
  double epochSeconds = 0;
  double trainSeconds = 0;
  double evalSeconds = 0;
  int64_t skippedSteps = 0;
  int64_t resumes = 0;
  std::vector<EpochRecord> epochs; ///< finished epochs

  bool operator==(const TrainingProgress &other) const;
};

/// A checkpoint of `tensors` (Session::state()) with the run settings and
/// the progress in its metadata; reals are stored exactly.
runtime::Checkpoint
makeTrainingCheckpoint(const RunSettings &settings,
                       const TrainingProgress &progress,
                       std::vector<runtime::NamedTensor> tensors);

/// Reads back what makeTrainingCheckpoint stored. Errors start with `source`
/// (the checkpoint's path) and name the missing or malformed entry.
Status readTrainingCheckpoint(const runtime::Checkpoint &checkpoint,
                              const std::string &source, RunSettings &settings,
                              TrainingProgress &progress);

} // namespace dfp::train

#endif // DFP_TRAIN_TRAININGCHECKPOINT_H
