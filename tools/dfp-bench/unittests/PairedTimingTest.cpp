#include "PairedTiming.h"

#include <gtest/gtest.h>

#include <chrono>
#include <string>
#include <thread>

namespace dfp::bench {
namespace {

/// Sleeps for a fixed time per run and logs its runs into a shared string.
class SleepingContender : public Contender {
public:
  SleepingContender(char tag, std::chrono::microseconds duration,
                    std::string &log)
      : tag_(tag), duration_(duration), log_(log) {}
  Status prepare() override { return Status::success(); }
  Status run() override {
    log_ += tag_;
    std::this_thread::sleep_for(duration_);
    return Status::success();
  }

private:
  char tag_;
  std::chrono::microseconds duration_;
  std::string &log_;
};

class FailingContender : public Contender {
public:
  Status prepare() override { return Status::success(); }
  Status run() override { return Status::error("kernel refused"); }
};

TEST(PairedTimingTest, MedianOfOddAndEvenCounts) {
  EXPECT_EQ(median({3, 1, 2}), 2);
  EXPECT_EQ(median({4, 1, 3, 2}), 2.5);
  EXPECT_EQ(median({7}), 7);
}

TEST(PairedTimingTest, AlternatesTheOrderAfterOneWarmUpEach) {
  std::string log;
  SleepingContender fast('f', std::chrono::microseconds(100), log);
  SleepingContender slow('s', std::chrono::microseconds(100), log);
  TimingPolicy policy{4, 4, 0};
  PairedTiming timing;
  ASSERT_TRUE(measurePairs(fast, slow, policy, timing));
  EXPECT_EQ(log, "fs"
                 "fs"
                 "sf"
                 "fs"
                 "sf");
  EXPECT_EQ(timing.pairs, 4);
}

TEST(PairedTimingTest, RatioIsSecondTimeOverFirstTime) {
  std::string log;
  SleepingContender fast('f', std::chrono::microseconds(2000), log);
  SleepingContender slow('s', std::chrono::microseconds(30000), log);
  PairedTiming timing;
  ASSERT_TRUE(measurePairs(fast, slow, TimingPolicy{9, 9, 0}, timing));
  // 15 in theory. Sleeps only overrun, by tens of milliseconds on a loaded
  // machine, so bound the ratio from below only: far enough from 1 and from
  // the inverse (0.07) to show which time is divided by which.
  EXPECT_GT(timing.medianRatio, 1.5);
  EXPECT_GE(timing.firstMedianSeconds, 0.002);
  EXPECT_GE(timing.secondMedianSeconds, 0.030);
}

TEST(PairedTimingTest, KeepsMeasuringUntilMinSecondsUpToMaxPairs) {
  std::string log;
  SleepingContender a('a', std::chrono::microseconds(1000), log);
  SleepingContender b('b', std::chrono::microseconds(1000), log);
  PairedTiming timing;
  ASSERT_TRUE(measurePairs(a, b, TimingPolicy{2, 1000, 0.03}, timing));
  EXPECT_GE(timing.pairs, 2);
  EXPECT_LE(timing.pairs, 16); // 2 ms per pair reaches 30 ms by pair 15
  ASSERT_TRUE(measurePairs(a, b, TimingPolicy{2, 5, 100.0}, timing));
  EXPECT_EQ(timing.pairs, 5);
}

TEST(PairedTimingTest, AloneCountsRuns) {
  std::string log;
  SleepingContender a('a', std::chrono::microseconds(100), log);
  SoloTiming timing;
  ASSERT_TRUE(measureAlone(a, TimingPolicy{3, 3, 0}, timing));
  EXPECT_EQ(timing.runs, 3);
  EXPECT_EQ(log, "aaaa");
  EXPECT_GT(timing.medianSeconds, 0);
}

TEST(PairedTimingTest, ReportsAContenderError) {
  std::string log;
  SleepingContender a('a', std::chrono::microseconds(10), log);
  FailingContender failing;
  PairedTiming timing;
  Status status = measurePairs(a, failing, TimingPolicy{}, timing);
  ASSERT_FALSE(status);
  EXPECT_EQ(status.message(), "kernel refused");
}

} // namespace
} // namespace dfp::bench
