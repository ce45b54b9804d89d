#include "EpochTable.h"
#include "ProgressBar.h"
#include "Schedule.h"

#include <gtest/gtest.h>

#include <cmath>
#include <sstream>

using namespace dfp::train;

namespace {

int countLines(const std::string &text) {
  return int(std::count(text.begin(), text.end(), '\n'));
}

TEST(ProgressTest, Durations) {
  EXPECT_EQ(formatDuration(0), "0:00");
  EXPECT_EQ(formatDuration(59.6), "1:00");
  EXPECT_EQ(formatDuration(3723), "1:02:03");
  EXPECT_EQ(formatDuration(-1), "?");
  EXPECT_EQ(formatDuration(NAN), "?");
}

TEST(ProgressTest, LineShowsEpochFractionLossRateEta) {
  Progress progress{2, 3, 117, 468, 0.51234, 1712.4, 243};
  std::string line = formatProgressLine(progress, 8);
  EXPECT_EQ(line, "epoch 2/3 [##      ]  25%  117/468  loss 0.5123  1712 img/s"
                  "  ETA 4:03");
}

TEST(ProgressTest, LogModePrintsEveryTenthOfAnEpoch) {
  std::ostringstream out;
  ProgressBar bar(out, /*terminal=*/false);
  for (int epoch = 1; epoch <= 2; ++epoch)
    for (int step = 1; step <= 468; ++step)
      bar.update({epoch, 2, step, 468, 1.0, 100, 10}, 0.0);
  EXPECT_EQ(countLines(out.str()), 20);
  EXPECT_EQ(out.str().find('\r'), std::string::npos);
  EXPECT_NE(out.str().find("epoch 2/2 [########################] 100%"),
            std::string::npos);
}

TEST(ProgressTest, TerminalModeRedrawsOneLineAtMostTenTimesASecond) {
  std::ostringstream out;
  ProgressBar bar(out, /*terminal=*/true);
  for (int step = 1; step <= 100; ++step)
    bar.update({1, 1, step, 100, 1.0, 100, 10}, step * 0.01); // 1 s in all
  bar.clear();
  std::string text = out.str();
  EXPECT_EQ(countLines(text), 0);
  int draws = int(std::count(text.begin(), text.end(), '\r')) - 1; // clear()
  EXPECT_GE(draws, 10);
  EXPECT_LE(draws, 12);
  EXPECT_NE(text.find("100/100"), std::string::npos); // the last step shows
  EXPECT_EQ(text.substr(text.size() - 4), "\r\033[K");
}

TEST(ProgressTest, EpochTableColumnsLineUp) {
  std::ostringstream out;
  printEpochHeader(out);
  printEpochRow(out, {1, 0.61234, 0.45678, 0.8567, 185.2, 323.6, 2});
  std::istringstream lines(out.str());
  std::string header, row;
  std::getline(lines, header);
  std::getline(lines, row);
  EXPECT_EQ(
      header,
      "epoch  train loss  test loss  test acc      time     img/s  skipped");
  EXPECT_EQ(
      row,
      "    1      0.6123     0.4568    85.67%      3:05       324        2");
}

TEST(ProgressTest, CosineScheduleEndpointsAndMidpoint) {
  EXPECT_EQ(cosineLearningRate(0.05, 0, 100), 0.05f);
  EXPECT_FLOAT_EQ(cosineLearningRate(0.05, 50, 100), 0.025f);
  EXPECT_NEAR(cosineLearningRate(0.05, 99, 100),
              0.05 * 0.5 * (1 + std::cos(M_PI * 0.99)), 1e-9);
  EXPECT_GT(cosineLearningRate(0.05, 99, 100), 0.0f);
  // Monotone decreasing.
  for (int s = 1; s < 100; ++s)
    EXPECT_LT(cosineLearningRate(0.05, s, 100),
              cosineLearningRate(0.05, s - 1, 100));
}

} // namespace
