// Native throughput of dfp::quant::quantize (GB/s of FP32 input) per ISA
// level and rounding, single thread, median of repeated runs, against the
// scalar reference dfp::quantize.
#include "dfp/quantize/Quantize.h"
#include "dfp/quantize/QuantizePack.h"
#include "dfp/reference/ChainLength.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <random>
#include <vector>

namespace {

using Clock = std::chrono::steady_clock;

double medianSeconds(int repeats, const std::function<bool()> &run) {
  std::vector<double> times;
  for (int r = 0; r < repeats; ++r) {
    auto start = Clock::now();
    if (!run())
      return -1.0;
    times.push_back(
        std::chrono::duration<double>(Clock::now() - start).count());
  }
  std::sort(times.begin(), times.end());
  return times[times.size() / 2];
}

const char *roundingName(dfp::Rounding rounding) {
  switch (rounding) {
  case dfp::Rounding::NearestEven:
    return "nearest_even";
  case dfp::Rounding::NearestUp:
    return "nearest_up";
  case dfp::Rounding::TowardZero:
    return "toward_zero";
  case dfp::Rounding::Stochastic:
    return "stochastic";
  }
  return "?";
}

} // namespace

int main(int argc, char **argv) {
  int64_t n = argc > 1 ? std::atoll(argv[1]) : (int64_t(1) << 22);
  int threads = argc > 2 ? std::atoi(argv[2]) : 1;
  std::mt19937 rng(1);
  std::normal_distribution<float> normal(0.0f, 1.0f);
  std::vector<float> x(static_cast<size_t>(n));
  for (float &value : x)
    value = normal(rng);
  dfp::DfpFormat format; // DFP16, M = 13, one exponent per tensor
  double gigabytes = double(n) * sizeof(float) / 1e9;
  std::printf("%lld elements (%.1f MB of FP32), %d thread(s)\n",
              static_cast<long long>(n), gigabytes * 1e3, threads);
  std::printf("%-14s %-13s %10s\n", "isa", "rounding", "GB/s");

  for (dfp::Rounding rounding :
       {dfp::Rounding::NearestEven, dfp::Rounding::Stochastic}) {
    dfp::QuantizedTensor out;
    double reference = medianSeconds(3, [&] {
      return dfp::quantize(x.data(), {n}, format, rounding, {1, 0, 0}, out)
          .ok();
    });
    std::printf("%-14s %-13s %10.2f\n", "reference", roundingName(rounding),
                gigabytes / reference);
    for (dfp::jit::Isa isa :
         {dfp::jit::Isa::Scalar, dfp::jit::Isa::Avx2, dfp::jit::Isa::Avx512bw,
          dfp::jit::Isa::Avx512Vnni}) {
      if (isa != dfp::jit::Isa::Scalar && !dfp::jit::hostSupports(isa))
        continue;
      dfp::quant::QuantizeOptions options;
      options.isa = isa;
      options.mode = dfp::jit::ExecutionMode::Native;
      options.threads = threads;
      double seconds =
          medianSeconds(isa == dfp::jit::Isa::Scalar ? 3 : 15, [&] {
            return dfp::quant::quantize(x.data(), {n}, format, rounding,
                                        {1, 0, 0}, out, options)
                .ok();
          });
      if (seconds < 0) {
        std::printf("%-14s %-13s failed\n", dfp::jit::toString(isa),
                    roundingName(rounding));
        return 1;
      }
      std::printf("%-14s %-13s %10.2f\n", dfp::jit::toString(isa),
                  roundingName(rounding), gigabytes / seconds);
    }
  }

  // Fused quantize + pack of a GEMM B operand against quantize, then packB.
  const int64_t side = 2048;
  std::vector<float> b(static_cast<size_t>(side * side));
  for (float &value : b)
    value = normal(rng);
  dfp::jit::GemmLayout layout;
  if (!dfp::jit::makeGemmLayout(side, side, side, format, format,
                                dfp::chainLength(13, 13), {}, layout)
           .ok())
    return 1;
  dfp::quant::QuantizeOptions options;
  options.threads = threads;
  double packGigabytes = double(side * side) * sizeof(float) / 1e9;
  dfp::QuantizedTensor q;
  dfp::jit::PackedOperand packed;
  double separate = medianSeconds(9, [&] {
    return dfp::quant::quantize(b.data(), {side, side}, format,
                                dfp::Rounding::NearestEven, {}, q, options)
               .ok() &&
           dfp::jit::packB(layout, q, packed).ok();
  });
  double fused = medianSeconds(9, [&] {
    return dfp::quant::quantizePackB(b.data(), layout, format,
                                     dfp::Rounding::NearestEven, {}, packed,
                                     options)
        .ok();
  });
  std::printf("\nB operand %lldx%lld, %s, nearest_even:\n",
              static_cast<long long>(side), static_cast<long long>(side),
              dfp::jit::toString(layout.isa));
  std::printf("  quantize + packB  %8.2f GB/s\n", packGigabytes / separate);
  std::printf("  quantizePackB     %8.2f GB/s\n", packGigabytes / fused);
  return 0;
}
