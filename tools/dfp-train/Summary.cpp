#include "Summary.h"

#include "Json.h"
#include "dfp/runtime/AtomicFile.h"

#include <cerrno>
#include <cmath>
#include <cstring>
#include <fstream>
#include <iterator>

namespace dfp::train {

std::string summaryJson(const RunSummary &s) {
  const RunSettings &run = s.settings;
  double testAccuracy = NAN, testLoss = NAN, trainLoss = NAN;
  if (!s.epochs.empty()) {
    testAccuracy = s.epochs.back().testAccuracy;
    testLoss = s.epochs.back().testLoss;
    trainLoss = s.epochs.back().trainLoss;
  }
  double imagesPerSecond =
      s.trainSeconds > 0 ? double(s.steps * run.batch) / s.trainSeconds : 0.0;
  std::vector<std::string> epochRows;
  for (const EpochRecord &e : s.epochs)
    epochRows.push_back(JsonObject()
                            .add("epoch", e.epoch)
                            .add("train_loss", e.trainLoss)
                            .add("test_loss", e.testLoss)
                            .add("test_accuracy", e.testAccuracy)
                            .add("seconds", e.seconds)
                            .add("images_per_s", e.imagesPerSecond)
                            .add("skipped_steps", e.skippedSteps)
                            .str(4));
  JsonObject object;
  object.add("precision", run.precision)
      .add("epochs", int64_t(s.epochs.size()))
      .add("test_accuracy", testAccuracy)
      .add("final_train_loss", trainLoss)
      .add("train_seconds", s.trainSeconds)
      .add("images_per_s", imagesPerSecond)
      .add("skipped_steps", s.skippedSteps)
      .add("complete", s.complete)
      .add("epochs_planned", run.epochs)
      .add("steps", s.steps)
      .add("test_loss", testLoss)
      .add("model", run.modelPath.empty() ? "fmnist_cnn" : run.modelPath)
      .add("batch", run.batch)
      .add("learning_rate", run.learningRate)
      .add("lr_schedule", describeSchedule(run))
      .add("momentum", run.momentum)
      .add("weight_decay", run.weightDecay)
      .addRaw("seed", std::to_string(run.seed))
      .add("rounding", run.rounding)
      .add("mag_bits", int64_t(run.magnitudeBits))
      .add("threads", int64_t(s.threads))
      .add("train_images", s.trainImages)
      .add("test_images", s.testImages)
      .add("eval_seconds", s.evalSeconds)
      .add("compile_seconds", s.compileSeconds)
      .add("resumes", s.resumes)
      .addRaw("per_epoch", jsonArray(epochRows));
  return object.str() + "\n";
}

Status writeSummary(const std::string &path, const RunSummary &summary) {
  std::string text = summaryJson(summary);
  return runtime::writeFileAtomically(path, text.data(), text.size());
}

Status readSummaryScalars(const std::string &path,
                          std::map<std::string, std::string> &out) {
  std::ifstream in(path, std::ios::binary);
  if (!in)
    return Status::error(path + ": cannot open: " + std::strerror(errno));
  std::string text((std::istreambuf_iterator<char>(in)),
                   std::istreambuf_iterator<char>());
  return parseJsonScalars(text, path, out);
}

} // namespace dfp::train
