#include "Trainer.h"

#include "EpochTable.h"
#include "MetricsLog.h"
#include "OnnxExport.h"
#include "ProfileTable.h"
#include "ProgressBar.h"
#include "RunDirectory.h"
#include "RunPlot.h"
#include "Schedule.h"
#include "SessionSetup.h"
#include "Summary.h"
#include "TestEvaluation.h"
#include "TrainingCheckpoint.h"
#include "TrainingData.h"
#include "dfp/runtime/BatchIterator.h"
#include "dfp/runtime/CheckpointDirectory.h"
#include "dfp/runtime/FashionMnist.h"
#include "dfp/runtime/Session.h"

#include <chrono>
#include <cmath>
#include <csignal>
#include <cstdio>
#include <ctime>
#include <deque>
#include <filesystem>
#include <thread>

namespace dfp::train {

namespace {

volatile std::sig_atomic_t stopRequested = 0;

double now() {
  return std::chrono::duration<double>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

std::string format(const char *pattern, double value) {
  char text[64];
  std::snprintf(text, sizeof text, pattern, value);
  return text;
}

/// Images per second over the last steps, for the progress bar.
class RecentRate {
public:
  void add(double seconds, int64_t images) {
    window_.push_back({seconds, images});
    seconds_ += seconds;
    images_ += images;
    if (window_.size() > 20) {
      seconds_ -= window_.front().first;
      images_ -= window_.front().second;
      window_.pop_front();
    }
  }
  double imagesPerSecond() const {
    return seconds_ > 0 ? double(images_) / seconds_ : 0.0;
  }

private:
  std::deque<std::pair<double, int64_t>> window_;
  double seconds_ = 0;
  int64_t images_ = 0;
};

class TrainingRun {
public:
  TrainingRun(const Options &options, Console console)
      : options_(options), console_(console),
        bar_(console.out, console.terminal) {}

  Outcome run();

private:
  Outcome openFresh();
  Outcome openResumed(runtime::Checkpoint &checkpoint,
                      std::string &checkpointPath);
  Outcome createSession();
  Outcome createBatches();
  void printPlan(const std::string &resumedFrom) const;
  Outcome trainOneStep();
  Outcome endEpoch();
  Outcome saveCheckpoint();
  Outcome writeReports(bool complete);
  Outcome finish(bool complete);
  Outcome evaluateOnly();
  void showProgress();

  const Options &options_;
  Console console_;
  ProgressBar bar_;
  RunSettings settings_;
  TrainingProgress progress_;
  RunPaths paths_;
  TrainingData data_;
  std::unique_ptr<runtime::Session> session_;
  std::unique_ptr<runtime::BatchIterator> batches_;
  runtime::Batch batch_;
  MetricsLog metrics_;
  int64_t stepsPerEpoch_ = 0, totalSteps_ = 0;
  double compileSeconds_ = 0, lastEvalSeconds_ = -1;
  int64_t lastCheckpointStep_ = -1;
  int64_t stepsThisProcess_ = 0;
  double secondsThisProcess_ = 0;
  RecentRate rate_;
};

Outcome TrainingRun::openFresh() {
  settings_ = options_.run;
  std::string dir;
  bool holdsRun = false;
  if (Status s = createRunDirectory(options_.runDir, settings_.precision,
                                    std::time(nullptr), dir, &holdsRun);
      !s)
    return Outcome::fail(holdsRun ? ExitCode::Usage : ExitCode::Output,
                         s.message());
  paths_ = RunPaths{dir};
  return Outcome::ok();
}

Outcome TrainingRun::openResumed(runtime::Checkpoint &checkpoint,
                                 std::string &checkpointPath) {
  paths_ = RunPaths{options_.resumeDir};
  if (!std::filesystem::is_directory(paths_.checkpoints()))
    return Outcome::fail(ExitCode::Checkpoint,
                         options_.resumeDir +
                             ": not a dfp-train run directory (it has no "
                             "checkpoints/ directory)");
  runtime::CheckpointDirectory checkpoints(paths_.checkpoints());
  if (Status s = checkpoints.loadLatest(checkpoint, &checkpointPath); !s)
    return Outcome::fail(ExitCode::Checkpoint, s.message());
  if (Status s = readTrainingCheckpoint(checkpoint, checkpointPath, settings_,
                                        progress_);
      !s)
    return Outcome::fail(ExitCode::Checkpoint, s.message());
  ++progress_.resumes;
  return Outcome::ok();
}

Outcome TrainingRun::createSession() {
  double start = now();
  if (Outcome o = createTrainingSession(
          settings_, options_.threads, options_.profile, data_.train, session_);
      o.failed())
    return o;
  compileSeconds_ = now() - start;
  return Outcome::ok();
}

Outcome TrainingRun::createBatches() {
  runtime::BatchOptions batching;
  batching.batchSize = settings_.batch;
  batching.dropLast = true; // the compiled step takes exactly `batch` images
  batching.shuffle = true;
  batching.seed = settings_.seed;
  batching.normalization = runtime::kFashionMnistNormalization;
  if (Status s =
          runtime::BatchIterator::create(data_.train, batching, batches_);
      !s)
    return Outcome::fail(ExitCode::Usage, s.message());
  stepsPerEpoch_ = batches_->batchesPerEpoch();
  totalSteps_ = stepsPerEpoch_ * settings_.epochs;
  if (Status s = batches_->seek(progress_.data); !s)
    return Outcome::fail(ExitCode::Checkpoint, s.message());
  return Outcome::ok();
}

void TrainingRun::printPlan(const std::string &resumedFrom) const {
  std::ostream &out = console_.out;
  std::string model =
      settings_.modelPath.empty() ? "fmnist_cnn" : settings_.modelPath;
  int threads = options_.threads ? options_.threads
                                 : int(std::thread::hardware_concurrency());
  out << "dfp-train: " << model << " in "
      << (settings_.precision == "fp32" ? "FP32" : "DFP16") << " on "
      << data_.train.count << " training and " << data_.test.count
      << " test images (" << data_.dir << ")\n"
      << "  " << settings_.epochs
      << (settings_.epochs == 1 ? " epoch" : " epochs") << " x "
      << stepsPerEpoch_ << " steps of " << settings_.batch << " images";
  int64_t dropped = data_.train.count % settings_.batch;
  if (dropped)
    out << " (the last " << dropped << " of each shuffled epoch are left out)";
  out << "\n  SGD momentum " << settings_.momentum << ", weight decay "
      << settings_.weightDecay << ", lr " << describeSchedule(settings_)
      << "\n  seed " << settings_.seed << ", " << threads << " threads";
  if (settings_.precision == "dfp16")
    out << ", gradient rounding " << settings_.rounding << ", magnitude bits "
        << (settings_.magnitudeBits ? std::to_string(settings_.magnitudeBits)
                                    : std::string("default"));
  out << "\n  run directory " << paths_.dir << "\n";
  if (!resumedFrom.empty())
    out << "  resuming from " << resumedFrom << ": step " << progress_.step
        << " of " << totalSteps_ << " (epoch " << progress_.data.epoch + 1
        << ", image " << progress_.data.index << ")\n";
  out << "  compiled the training step in " << format("%.1f", compileSeconds_)
      << " s\n\n";
  printEpochHeader(out);
  for (const EpochRecord &record : progress_.epochs)
    printEpochRow(out, record);
}

void TrainingRun::showProgress() {
  Progress progress;
  progress.epoch = int64_t(progress_.data.epoch) + 1;
  progress.epochs = settings_.epochs;
  progress.stepInEpoch = int64_t(progress_.data.index) / settings_.batch;
  progress.stepsPerEpoch = stepsPerEpoch_;
  progress.loss =
      progress_.epochLossCount
          ? progress_.epochLossSum / double(progress_.epochLossCount)
          : NAN;
  progress.imagesPerSecond = rate_.imagesPerSecond();
  if (stepsThisProcess_ > 0) {
    int64_t epochsLeft = settings_.epochs - progress.epoch + 1;
    progress.etaSeconds =
        double(totalSteps_ - progress_.step) * secondsThisProcess_ /
            double(stepsThisProcess_) +
        (lastEvalSeconds_ > 0 ? lastEvalSeconds_ * double(epochsLeft) : 0.0);
  }
  bar_.update(progress, now());
}

Outcome TrainingRun::trainOneStep() {
  double start = now();
  if (!batches_->next(batch_))
    return Outcome::fail(ExitCode::Failure,
                         "internal: no batch left in epoch " +
                             std::to_string(progress_.data.epoch + 1));
  if (progress_.step + 1 == options_.nanAtStep)
    batch_.images[0] = NAN;
  float learningRate =
      cosineLearningRate(settings_.learningRate, progress_.step, totalSteps_);
  runtime::StepResult result =
      session_->step(batch_.images.data(), batch_.labels.data(), learningRate);
  double seconds = now() - start;

  ++progress_.step;
  progress_.data = batches_->position();
  progress_.epochSeconds += seconds;
  progress_.trainSeconds += seconds;
  ++stepsThisProcess_;
  secondsThisProcess_ += seconds;
  rate_.add(seconds, settings_.batch);
  StepRecord record;
  record.step = progress_.step;
  record.epoch = int64_t(progress_.data.epoch) + 1;
  record.epochProgress =
      double(progress_.data.epoch) +
      double(progress_.data.index) / double(batches_->samplesPerEpoch());
  record.learningRate = learningRate;
  record.imagesPerSecond = seconds > 0 ? double(settings_.batch) / seconds : 0;
  record.batchAccuracy = double(result.correct) / double(settings_.batch);
  record.skipped = result.skipped;
  if (result.skipped) {
    record.loss = NAN;
    ++progress_.epochSkipped;
    ++progress_.skippedSteps;
    bar_.clear();
    console_.err << "dfp-train: step " << progress_.step
                 << " skipped, parameters untouched: " << result.skipReason
                 << "\n";
  } else {
    record.loss = result.loss;
    progress_.epochLossSum += result.loss;
    ++progress_.epochLossCount;
  }
  if (Status s = metrics_.addStep(record); !s)
    return Outcome::fail(ExitCode::Output, s.message());
  showProgress();
  return Outcome::ok();
}

Outcome TrainingRun::endEpoch() {
  double start = now();
  EpochRecord record;
  record.epoch = int64_t(progress_.data.epoch) + 1;
  if (Status s = evaluateTestSet(*session_, data_.test, settings_.batch,
                                 record.testLoss, record.testAccuracy);
      !s)
    return Outcome::fail(ExitCode::Failure, s.message());
  lastEvalSeconds_ = now() - start;
  progress_.evalSeconds += lastEvalSeconds_;
  record.trainLoss =
      progress_.epochLossCount
          ? progress_.epochLossSum / double(progress_.epochLossCount)
          : NAN;
  record.seconds = progress_.epochSeconds;
  int64_t images =
      (progress_.epochLossCount + progress_.epochSkipped) * settings_.batch;
  record.imagesPerSecond =
      record.seconds > 0 ? double(images) / record.seconds : 0;
  record.skippedSteps = progress_.epochSkipped;
  progress_.epochs.push_back(record);
  progress_.epochLossSum = 0;
  progress_.epochLossCount = progress_.epochSkipped = 0;
  progress_.epochSeconds = 0;
  progress_.data = {progress_.data.epoch + 1, 0};
  if (Status s = batches_->seek(progress_.data); !s)
    return Outcome::fail(ExitCode::Failure, s.message());

  bar_.clear();
  printEpochRow(console_.out, record);
  if (Status s = metrics_.addEpoch(record); !s)
    return Outcome::fail(ExitCode::Output, s.message());
  if (Outcome o = saveCheckpoint(); o.failed())
    return o;
  return writeReports(int64_t(progress_.data.epoch) >= settings_.epochs);
}

Outcome TrainingRun::saveCheckpoint() {
  if (lastCheckpointStep_ == progress_.step)
    return Outcome::ok();
  if (Status s = metrics_.flush(); !s)
    return Outcome::fail(ExitCode::Output, s.message());
  runtime::CheckpointDirectory checkpoints(paths_.checkpoints(),
                                           unsigned(options_.keepCheckpoints));
  if (Status s = checkpoints.save(
          makeTrainingCheckpoint(settings_, progress_, session_->state()));
      !s)
    return Outcome::fail(ExitCode::Checkpoint, s.message());
  lastCheckpointStep_ = progress_.step;
  return Outcome::ok();
}

Outcome TrainingRun::writeReports(bool complete) {
  RunSummary summary;
  summary.settings = settings_;
  summary.threads = options_.threads ? options_.threads
                                     : int(std::thread::hardware_concurrency());
  summary.complete = complete;
  summary.steps = progress_.step;
  summary.trainImages = data_.train.count;
  summary.testImages = data_.test.count;
  summary.trainSeconds = progress_.trainSeconds;
  summary.evalSeconds = progress_.evalSeconds;
  summary.compileSeconds = compileSeconds_;
  summary.skippedSteps = progress_.skippedSteps;
  summary.resumes = progress_.resumes;
  summary.epochs = progress_.epochs;
  if (Status s = metrics_.flush(); !s)
    return Outcome::fail(ExitCode::Output, s.message());
  if (Status s = writeSummary(paths_.summaryJson(), summary); !s)
    return Outcome::fail(ExitCode::Output, s.message());

  std::vector<std::string> warnings;
  Status plotted = plotRunWithComparisons(paths_.dir, settings_.precision,
                                          options_.compareDir, warnings);
  for (const std::string &warning : warnings)
    console_.err << "dfp-train: warning: " << warning << "\n";
  if (!plotted)
    return Outcome::fail(ExitCode::Output, plotted.message());
  return Outcome::ok();
}

Outcome TrainingRun::finish(bool complete) {
  bar_.clear();
  if (Outcome o = saveCheckpoint(); o.failed())
    return o;
  if (Outcome o = writeReports(complete); o.failed())
    return o;
  std::ostream &out = console_.out;
  out << "\n";
  if (complete && !progress_.epochs.empty()) {
    const EpochRecord &last = progress_.epochs.back();
    out << "test accuracy " << format("%.2f", 100.0 * last.testAccuracy)
        << "% (" << settings_.precision << ", " << settings_.epochs
        << (settings_.epochs == 1 ? " epoch" : " epochs") << ", training "
        << format("%.1f", progress_.trainSeconds) << " s, "
        << format("%.0f", double(progress_.step * settings_.batch) /
                              progress_.trainSeconds)
        << " images/s, " << progress_.skippedSteps << " skipped steps)\n";
  } else {
    out << "stopped after step " << progress_.step << " of " << totalSteps_
        << "; continue with: dfp-train --resume " << paths_.dir << "\n";
  }
  out << "run directory " << paths_.dir
      << ": metrics.csv epochs.csv summary.json plot.svg checkpoints/\n";
  if (options_.profile) {
    out << "\nprofile (this process, " << stepsThisProcess_ << " steps):\n";
    printProfile(out, session_->profile());
  }
  if (!options_.exportPath.empty()) {
    std::string text;
    Status status = readModelText(settings_, text);
    if (status)
      status = exportTrainedModel(options_.exportPath, text, session_->state());
    if (!status)
      return Outcome::fail(ExitCode::Failure, status.message());
    out << "exported the trained model to " << options_.exportPath << "\n";
  }
  if (!options_.dumpStatePath.empty()) {
    runtime::Checkpoint dump;
    dump.tensors = session_->state();
    if (Status s = runtime::writeCheckpoint(options_.dumpStatePath, dump); !s)
      return Outcome::fail(ExitCode::Output, s.message());
  }
  return Outcome::ok();
}

Outcome TrainingRun::evaluateOnly() {
  double loss = 0, accuracy = 0;
  if (Status s = evaluateTestSet(*session_, data_.test, settings_.batch, loss,
                                 accuracy);
      !s)
    return Outcome::fail(ExitCode::Failure, s.message());
  char line[160];
  const long long images = data_.test.count;
  std::snprintf(line, sizeof line,
                "test loss %.6f  test accuracy %.2f%% (%lld of %lld images)\n",
                loss, 100.0 * accuracy, std::llround(accuracy * images),
                images);
  console_.out << line;
  return Outcome::ok();
}

Outcome TrainingRun::run() {
  runtime::Checkpoint checkpoint;
  std::string checkpointPath;
  bool resuming = !options_.resumeDir.empty();
  Outcome opened =
      resuming ? openResumed(checkpoint, checkpointPath) : Outcome::ok();
  if (opened.failed())
    return opened;
  if (!resuming)
    settings_ = options_.run;
  if (Outcome o = loadTrainingData(settings_, data_); o.failed())
    return o;
  if (Outcome o = createBatches(); o.failed())
    return o;
  if (!resuming && !options_.evaluateOnly)
    if (Outcome o = openFresh(); o.failed())
      return o;
  if (Outcome o = createSession(); o.failed())
    return o;
  if (resuming) {
    if (Status s =
            session_->restore(checkpoint.tensors, uint64_t(progress_.step));
        !s)
      return Outcome::fail(ExitCode::Checkpoint,
                           checkpointPath + ": " + s.message());
    checkpoint = {}; // the tensors live in the session now
  }
  if (options_.evaluateOnly)
    return evaluateOnly();
  if (resuming) {
    lastCheckpointStep_ = progress_.step;
    if (Status s =
            metrics_.resume(paths_.metricsCsv(), paths_.epochsCsv(),
                            progress_.step, int64_t(progress_.data.epoch) + 1);
        !s)
      return Outcome::fail(ExitCode::Output, s.message());
  } else if (Status s =
                 metrics_.create(paths_.metricsCsv(), paths_.epochsCsv());
             !s) {
    return Outcome::fail(ExitCode::Output, s.message());
  }
  printPlan(checkpointPath);

  while (int64_t(progress_.data.epoch) < settings_.epochs) {
    if (options_.stopAfterSteps && progress_.step >= options_.stopAfterSteps)
      return finish(false);
    if (stopRequested) {
      if (Outcome o = finish(false); o.failed())
        return o;
      return Outcome::fail(ExitCode::Interrupted,
                           "interrupted; the checkpoint of step " +
                               std::to_string(progress_.step) + " is saved");
    }
    if (Outcome o = trainOneStep(); o.failed())
      return o;
    if (progress_.data.index >= batches_->samplesPerEpoch()) {
      if (Outcome o = endEpoch(); o.failed())
        return o;
    } else if (options_.checkpointEvery &&
               progress_.step % options_.checkpointEvery == 0) {
      if (Outcome o = saveCheckpoint(); o.failed())
        return o;
    }
  }
  return finish(true);
}

} // namespace

void requestStop() { stopRequested = 1; }

Outcome runTraining(const Options &options, Console console) {
  TrainingRun run(options, console);
  return run.run();
}

} // namespace dfp::train
