#ifndef DFP_TRAIN_METRICSLOG_H
#define DFP_TRAIN_METRICSLOG_H

#include "Csv.h"
#include "Records.h"

#include <string>
#include <vector>

namespace dfp::train {

/// metrics.csv: step, epoch, epoch_progress, loss, lr, images_per_s,
/// batch_accuracy, skipped.
Status readStepRecords(const std::string &path, std::vector<StepRecord> &out);
/// epochs.csv: epoch, train_loss, test_loss, test_accuracy, seconds,
/// images_per_s, skipped_steps.
Status readEpochRecords(const std::string &path, std::vector<EpochRecord> &out);

/// Both CSV files of a run, appended to as training goes.
class MetricsLog {
public:
  /// Starts both files afresh.
  Status create(const std::string &stepsPath, const std::string &epochsPath);
  /// For a resumed run: keeps the rows up to `steps` steps and the epochs
  /// finished before `epoch` (1-based), which the checkpoint covers, and
  /// drops what a killed run wrote after it.
  Status resume(const std::string &stepsPath, const std::string &epochsPath,
                int64_t steps, int64_t epoch);

  Status addStep(const StepRecord &record);
  Status addEpoch(const EpochRecord &record);
  Status flush();

private:
  CsvWriter steps_, epochs_;
};

} // namespace dfp::train

#endif // DFP_TRAIN_METRICSLOG_H
