#include "EpochTable.h"

#include "ProgressBar.h"

#include <cstdio>

namespace dfp::train {

namespace {
constexpr const char *kRowFormat = "%5s  %10s  %9s  %8s  %8s  %8s  %7s\n";
}

void printEpochHeader(std::ostream &out) {
  char line[160];
  std::snprintf(line, sizeof line, kRowFormat, "epoch", "train loss",
                "test loss", "test acc", "time", "img/s", "skipped");
  out << line;
}

void printEpochRow(std::ostream &out, const EpochRecord &record) {
  char epoch[24], trainLoss[32], testLoss[32], accuracy[32], rate[32],
      skipped[24];
  std::snprintf(epoch, sizeof epoch, "%lld", (long long)record.epoch);
  std::snprintf(trainLoss, sizeof trainLoss, "%.4f", record.trainLoss);
  std::snprintf(testLoss, sizeof testLoss, "%.4f", record.testLoss);
  std::snprintf(accuracy, sizeof accuracy, "%.2f%%",
                100.0 * record.testAccuracy);
  std::snprintf(rate, sizeof rate, "%.0f", record.imagesPerSecond);
  std::snprintf(skipped, sizeof skipped, "%lld",
                (long long)record.skippedSteps);
  char line[160];
  std::snprintf(line, sizeof line, kRowFormat, epoch, trainLoss, testLoss,
                accuracy, formatDuration(record.seconds).c_str(), rate,
                skipped);
  out << line << std::flush;
}

} // namespace dfp::train
