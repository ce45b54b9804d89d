#ifndef DFP_TRAIN_RECORDS_H
#define DFP_TRAIN_RECORDS_H

#include <cstdint>

namespace dfp::train {

/// One training step, as metrics.csv stores it.
struct StepRecord {
  int64_t step = 0;         ///< 1-based: steps done after this one
  int64_t epoch = 0;        ///< 1-based
  double epochProgress = 0; ///< epochs done after this step (fractional)
  double loss = 0;          ///< NaN for a skipped step
  double learningRate = 0;
  double imagesPerSecond = 0;
  double batchAccuracy = 0; ///< fraction of the batch classified right
  bool skipped = false;
};

/// One epoch, as epochs.csv and the epoch table show it.
struct EpochRecord {
  int64_t epoch = 0;    ///< 1-based
  double trainLoss = 0; ///< mean over the epoch's steps that ran
  double testLoss = 0;
  double testAccuracy = 0; ///< fraction in [0, 1]
  double seconds = 0;      ///< training time of the epoch (no evaluation)
  double imagesPerSecond = 0;
  int64_t skippedSteps = 0;
};

} // namespace dfp::train

#endif // DFP_TRAIN_RECORDS_H
