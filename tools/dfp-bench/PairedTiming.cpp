#include "PairedTiming.h"

#include <algorithm>
#include <chrono>

namespace dfp::bench {

double median(std::vector<double> values) {
  if (values.empty())
    return 0;
  size_t middle = values.size() / 2;
  std::nth_element(values.begin(), values.begin() + middle, values.end());
  double upper = values[middle];
  if (values.size() % 2 == 1)
    return upper;
  double lower = *std::max_element(values.begin(), values.begin() + middle);
  return (lower + upper) / 2;
}

namespace {
Status timeRun(Contender &contender, double &seconds) {
  auto start = std::chrono::steady_clock::now();
  Status status = contender.run();
  seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start)
          .count();
  return status;
}

bool measuredEnough(int count, double totalSeconds,
                    const TimingPolicy &policy) {
  if (count >= policy.maxPairs)
    return true;
  return count >= policy.minPairs && totalSeconds >= policy.minSeconds;
}
} // namespace

Status measurePairs(Contender &first, Contender &second,
                    const TimingPolicy &policy, PairedTiming &timing) {
  double unused;
  for (Contender *warmUp : {&first, &second}) {
    Status status = timeRun(*warmUp, unused);
    if (!status)
      return status;
  }
  std::vector<double> firstSeconds, secondSeconds, ratios;
  double total = 0;
  while (!measuredEnough(int(ratios.size()), total, policy)) {
    bool firstGoesFirst = ratios.size() % 2 == 0;
    double a = 0, b = 0;
    Status status = firstGoesFirst ? timeRun(first, a) : timeRun(second, b);
    if (status)
      status = firstGoesFirst ? timeRun(second, b) : timeRun(first, a);
    if (!status)
      return status;
    firstSeconds.push_back(a);
    secondSeconds.push_back(b);
    ratios.push_back(b / a);
    total += a + b;
  }
  timing.pairs = int(ratios.size());
  timing.firstMedianSeconds = median(firstSeconds);
  timing.secondMedianSeconds = median(secondSeconds);
  timing.medianRatio = median(ratios);
  return Status::success();
}

Status measureAlone(Contender &contender, const TimingPolicy &policy,
                    SoloTiming &timing) {
  double seconds;
  Status status = timeRun(contender, seconds);
  if (!status)
    return status;
  std::vector<double> runs;
  double total = 0;
  while (!measuredEnough(int(runs.size()), total, policy)) {
    status = timeRun(contender, seconds);
    if (!status)
      return status;
    runs.push_back(seconds);
    total += seconds;
  }
  timing.runs = int(runs.size());
  timing.medianSeconds = median(runs);
  return Status::success();
}

} // namespace dfp::bench
