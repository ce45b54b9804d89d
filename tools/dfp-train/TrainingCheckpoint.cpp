#include "TrainingCheckpoint.h"

#include <cstdio>
#include <cstdlib>
#include <sstream>

namespace dfp::train {

namespace {

constexpr const char *kToolKey = "tool";
constexpr const char *kToolValue = "dfp-train 1";

std::string exact(double value) {
  char text[64];
  std::snprintf(text, sizeof text, "%a", value);
  return text;
}

std::string epochLine(const EpochRecord &e) {
  return std::to_string(e.epoch) + " " + exact(e.trainLoss) + " " +
         exact(e.testLoss) + " " + exact(e.testAccuracy) + " " +
         exact(e.seconds) + " " + exact(e.imagesPerSecond) + " " +
         std::to_string(e.skippedSteps);
}

/// The progress.* entries: one table so that writing and
/// reading cannot drift apart.
struct RealField {
  const char *key;
  double TrainingProgress::*field;
};
struct CountField {
  const char *key;
  int64_t TrainingProgress::*field;
};
const RealField kReals[] = {
    {"progress.epoch_loss_sum", &TrainingProgress::epochLossSum},
    {"progress.epoch_seconds", &TrainingProgress::epochSeconds},
    {"progress.train_seconds", &TrainingProgress::trainSeconds},
    {"progress.eval_seconds", &TrainingProgress::evalSeconds},
};
const CountField kCounts[] = {
    {"progress.epoch_loss_count", &TrainingProgress::epochLossCount},
    {"progress.epoch_skipped", &TrainingProgress::epochSkipped},
    {"progress.skipped_steps", &TrainingProgress::skippedSteps},
    {"progress.resumes", &TrainingProgress::resumes},
};

} // namespace

bool TrainingProgress::operator==(const TrainingProgress &other) const {
  if (step != other.step || data != other.data ||
      epochs.size() != other.epochs.size())
    return false;
  for (const RealField &real : kReals)
    if (exact(this->*real.field) != exact(other.*real.field))
      return false;
  for (const CountField &count : kCounts)
    if (this->*count.field != other.*count.field)
      return false;
  for (size_t i = 0; i < epochs.size(); ++i)
    if (epochLine(epochs[i]) != epochLine(other.epochs[i]))
      return false;
  return true;
}

runtime::Checkpoint
makeTrainingCheckpoint(const RunSettings &settings,
                       const TrainingProgress &progress,
                       std::vector<runtime::NamedTensor> tensors) {
  runtime::Checkpoint checkpoint;
  runtime::CheckpointMetadata &meta = checkpoint.metadata;
  meta.step = uint64_t(progress.step);
  meta.epoch = progress.data.epoch;
  meta.dataIndex = progress.data.index;
  // The session's random streams are keyed by its step count.
  meta.rngCounters = {uint64_t(progress.step)};
  meta.strings[kToolKey] = kToolValue;
  storeRunSettings(settings, meta.strings);
  for (const RealField &real : kReals)
    meta.strings[real.key] = exact(progress.*real.field);
  for (const CountField &count : kCounts)
    meta.strings[count.key] = std::to_string(progress.*count.field);
  std::string epochs;
  for (const EpochRecord &record : progress.epochs)
    epochs += epochLine(record) + "\n";
  meta.strings["progress.epochs"] = epochs;
  checkpoint.tensors = std::move(tensors);
  return checkpoint;
}

namespace {

Status findString(const runtime::Checkpoint &checkpoint,
                  const std::string &source, const std::string &key,
                  std::string &value) {
  auto it = checkpoint.metadata.strings.find(key);
  if (it == checkpoint.metadata.strings.end())
    return Status::error(source + ": not a dfp-train checkpoint (no '" + key +
                         "' entry)");
  value = it->second;
  return Status::success();
}

Status malformed(const std::string &source, const std::string &key,
                 const std::string &value) {
  return Status::error(source + ": malformed entry " + key + " = '" + value +
                       "'");
}

bool parseReal(const std::string &text, double &out) {
  char *end = nullptr;
  out = std::strtod(text.c_str(), &end);
  return !text.empty() && *end == '\0';
}

bool parseCount(const std::string &text, int64_t &out) {
  char *end = nullptr;
  out = std::strtoll(text.c_str(), &end, 10);
  return !text.empty() && *end == '\0' && out >= 0;
}

bool parseEpochLine(const std::string &line, EpochRecord &e) {
  std::istringstream in(line);
  std::string fields[7];
  for (std::string &field : fields)
    if (!(in >> field))
      return false;
  std::string extra;
  if (in >> extra)
    return false;
  return parseCount(fields[0], e.epoch) && parseReal(fields[1], e.trainLoss) &&
         parseReal(fields[2], e.testLoss) &&
         parseReal(fields[3], e.testAccuracy) &&
         parseReal(fields[4], e.seconds) &&
         parseReal(fields[5], e.imagesPerSecond) &&
         parseCount(fields[6], e.skippedSteps);
}

} // namespace

Status readTrainingCheckpoint(const runtime::Checkpoint &checkpoint,
                              const std::string &source, RunSettings &settings,
                              TrainingProgress &progress) {
  std::string tool;
  if (Status s = findString(checkpoint, source, kToolKey, tool); !s)
    return s;
  if (tool != kToolValue)
    return Status::error(source + ": written by '" + tool + "', this is " +
                         kToolValue);
  RunSettings loadedSettings;
  if (Status s = loadRunSettings(checkpoint.metadata.strings, loadedSettings);
      !s)
    return Status::error(source + ": " + s.message());

  TrainingProgress loaded;
  const runtime::CheckpointMetadata &meta = checkpoint.metadata;
  loaded.step = int64_t(meta.step);
  loaded.data = {meta.epoch, meta.dataIndex};
  for (const RealField &real : kReals) {
    std::string value;
    if (Status s = findString(checkpoint, source, real.key, value); !s)
      return s;
    if (!parseReal(value, loaded.*real.field))
      return malformed(source, real.key, value);
  }
  for (const CountField &count : kCounts) {
    std::string value;
    if (Status s = findString(checkpoint, source, count.key, value); !s)
      return s;
    if (!parseCount(value, loaded.*count.field))
      return malformed(source, count.key, value);
  }
  std::string epochs;
  if (Status s = findString(checkpoint, source, "progress.epochs", epochs); !s)
    return s;
  std::istringstream lines(epochs);
  for (std::string line; std::getline(lines, line);) {
    EpochRecord record;
    if (!parseEpochLine(line, record))
      return malformed(source, "progress.epochs", line);
    loaded.epochs.push_back(record);
  }
  settings = loadedSettings;
  progress = std::move(loaded);
  return Status::success();
}

} // namespace dfp::train
