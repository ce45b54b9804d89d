#include "Peaks.h"

#include <algorithm>

namespace dfp::bench {

namespace {
std::optional<double> lookup(const std::map<int, double> &gops, int threads) {
  auto found = gops.find(threads);
  if (found == gops.end())
    return std::nullopt;
  return found->second;
}
} // namespace

std::optional<double> Peaks::integerAt(int threads) const {
  return lookup(integerGops, threads);
}

std::optional<double> Peaks::fp32At(int threads) const {
  return lookup(fp32Gops, threads);
}

Status samplePeaks(const Host &host, const std::vector<int> &threadCounts,
                   const PeakSampling &sampling, Peaks &peaks) {
  PeakInstruction instruction;
  if (integerPeakInstruction(host.isa, host.avxVnni, instruction))
    peaks.integer = instruction;
  if (fp32PeakInstruction(host.isa, instruction))
    peaks.fp32 = instruction;
  for (int threads : threadCounts) {
    for (auto [kind, table] :
         {std::make_pair(peaks.integer, &peaks.integerGops),
          std::make_pair(peaks.fp32, &peaks.fp32Gops)}) {
      if (!kind)
        continue;
      double gops = 0;
      Status status = measurePeakGops(*kind, threads, sampling, gops);
      if (!status)
        return status;
      double &best = (*table)[threads];
      best = std::max(best, gops);
    }
  }
  return Status::success();
}

} // namespace dfp::bench
