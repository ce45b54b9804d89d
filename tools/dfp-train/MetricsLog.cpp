#include "MetricsLog.h"

#include <filesystem>

namespace dfp::train {

namespace {

const std::vector<std::string> kStepColumns = {
    "step", "epoch",        "epoch_progress", "loss",
    "lr",   "images_per_s", "batch_accuracy", "skipped"};
const std::vector<std::string> kEpochColumns = {
    "epoch",   "train_loss",   "test_loss",    "test_accuracy",
    "seconds", "images_per_s", "skipped_steps"};

std::vector<double> toRow(const StepRecord &r) {
  return {double(r.step),  double(r.epoch),      r.epochProgress,
          r.loss,          r.learningRate,       r.imagesPerSecond,
          r.batchAccuracy, r.skipped ? 1.0 : 0.0};
}

std::vector<double> toRow(const EpochRecord &r) {
  return {double(r.epoch),       r.trainLoss, r.testLoss,
          r.testAccuracy,        r.seconds,   r.imagesPerSecond,
          double(r.skippedSteps)};
}

/// Reads `path` and checks that its header is `columns`.
Status readTable(const std::string &path,
                 const std::vector<std::string> &columns, NumericTable &table) {
  if (Status s = readNumericCsv(path, table); !s)
    return s;
  if (table.columns != columns)
    return Status::error(path + ": the header is not " +
                         formatCsvHeader(columns).substr(
                             0, formatCsvHeader(columns).size() - 1));
  return Status::success();
}

} // namespace

Status readStepRecords(const std::string &path, std::vector<StepRecord> &out) {
  NumericTable table;
  if (Status s = readTable(path, kStepColumns, table); !s)
    return s;
  out.clear();
  for (const std::vector<double> &v : table.rows)
    out.push_back({int64_t(v[0]), int64_t(v[1]), v[2], v[3], v[4], v[5], v[6],
                   v[7] != 0});
  return Status::success();
}

Status readEpochRecords(const std::string &path,
                        std::vector<EpochRecord> &out) {
  NumericTable table;
  if (Status s = readTable(path, kEpochColumns, table); !s)
    return s;
  out.clear();
  for (const std::vector<double> &v : table.rows)
    out.push_back({int64_t(v[0]), v[1], v[2], v[3], v[4], v[5], int64_t(v[6])});
  return Status::success();
}

Status MetricsLog::create(const std::string &stepsPath,
                          const std::string &epochsPath) {
  if (Status s = steps_.open(stepsPath, kStepColumns); !s)
    return s;
  return epochs_.open(epochsPath, kEpochColumns);
}

Status MetricsLog::resume(const std::string &stepsPath,
                          const std::string &epochsPath, int64_t steps,
                          int64_t epoch) {
  std::vector<std::vector<double>> stepRows, epochRows;
  // A run killed before it wrote a file simply starts it again.
  if (std::filesystem::exists(stepsPath)) {
    std::vector<StepRecord> records;
    if (Status s = readStepRecords(stepsPath, records); !s)
      return s;
    for (const StepRecord &record : records)
      if (record.step <= steps)
        stepRows.push_back(toRow(record));
  }
  if (std::filesystem::exists(epochsPath)) {
    std::vector<EpochRecord> records;
    if (Status s = readEpochRecords(epochsPath, records); !s)
      return s;
    for (const EpochRecord &record : records)
      if (record.epoch < epoch)
        epochRows.push_back(toRow(record));
  }
  if (Status s = steps_.open(stepsPath, kStepColumns, stepRows); !s)
    return s;
  return epochs_.open(epochsPath, kEpochColumns, epochRows);
}

Status MetricsLog::addStep(const StepRecord &record) {
  return steps_.append(toRow(record));
}

Status MetricsLog::addEpoch(const EpochRecord &record) {
  if (Status s = epochs_.append(toRow(record)); !s)
    return s;
  return epochs_.flush();
}

Status MetricsLog::flush() {
  if (Status s = steps_.flush(); !s)
    return s;
  return epochs_.flush();
}

} // namespace dfp::train
