// Single-run throughput of the DFP16 conv directions on one geometry
// (default: C = K = 64, 56x56, 3x3, "same" padding, batch 8), in GOP/s (2 ops
// per multiply-add, padding taps included), and the time of quantizing the
// direction's operands from FP32 as dfp-bench's "including quantization"
// rows do, at the host's ISA; one thread is timed in CPU time, more in wall
// time. Usage:
//   dfp-conv-throughput [batch] [threads] [repeats]
//   [fwd|bwd_data|bwd_filter|all]
//                       [channels] [filters] [size] [kernel]
#include "dfp/conv/Conv.h"
#include "dfp/quantize/Quantize.h"
#include "dfp/reference/ChainLength.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <random>
#include <string>
#include <time.h>

using namespace dfp;
using namespace dfp::conv;

namespace {

QuantizedTensor randomTensor(std::vector<int64_t> shape, std::mt19937 &rng) {
  QuantizedTensor t;
  t.shape = std::move(shape);
  std::uniform_int_distribution<int> value(-8191, 8191);
  t.values.resize(size_t(t.numElements()));
  for (int16_t &v : t.values)
    v = int16_t(value(rng));
  t.exponents = {-13};
  return t;
}

/// Process CPU time: on a shared machine it leaves out the time the run
/// waits for a core (with one thread that is the run's own time).
double cpuSeconds() {
  timespec t;
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
  return double(t.tv_sec) + 1e-9 * double(t.tv_nsec);
}

double bestSeconds(int repeats, bool cpuTime,
                   const std::function<Status()> &body) {
  double best = 1e30;
  for (int i = 0; i < repeats; ++i) {
    const auto start = std::chrono::steady_clock::now();
    const double startCpu = cpuSeconds();
    Status status = body();
    double seconds = cpuTime ? cpuSeconds() - startCpu
                             : std::chrono::duration<double>(
                                   std::chrono::steady_clock::now() - start)
                                   .count();
    if (!status) {
      std::fprintf(stderr, "error: %s\n", status.message().c_str());
      std::exit(1);
    }
    best = std::min(best, seconds);
  }
  return best;
}

std::vector<float> randomFloats(int64_t count, std::mt19937 &rng) {
  std::normal_distribution<float> value(0.0f, 1.0f);
  std::vector<float> v(static_cast<size_t>(count));
  for (float &f : v)
    f = value(rng);
  return v;
}

/// Times quantizing the plan's operands from FP32: the activation into its
/// views and the filter into its panels (forward, backward-data), or x and
/// dy as tensors (backward-filter; dy with stochastic rounding).
void reportQuantization(const ConvPlan &plan, int repeats, int threads) {
  std::mt19937 rng(7);
  const Conv2dShape &s = plan.shape;
  const std::vector<int64_t> xShape = {s.batch, s.channels, s.height, s.width};
  const std::vector<int64_t> dyShape = {s.batch, s.filters, s.outHeight(),
                                        s.outWidth()};
  const std::vector<int64_t> wShape = {s.filters, s.channels / s.groups,
                                       s.kernelH, s.kernelW};
  auto numel = [](const std::vector<int64_t> &shape) {
    int64_t n = 1;
    for (int64_t d : shape)
      n *= d;
    return n;
  };
  const bool forward = plan.direction == ConvDirection::Forward;
  const std::vector<float> x = randomFloats(numel(xShape), rng);
  const std::vector<float> dy = randomFloats(numel(dyShape), rng);
  const std::vector<float> w = randomFloats(numel(wShape), rng);
  auto time = [&](const char *what, const std::function<Status()> &body) {
    std::printf("  quantize %-14s %8.2f ms\n", what,
                bestSeconds(repeats, threads == 1, body) * 1e3);
  };
  if (plan.direction == ConvDirection::BackwardFilter) {
    quant::QuantizeOptions options;
    options.threads = threads;
    QuantizedTensor q;
    time("x", [&] {
      return quant::quantize(x.data(), xShape, plan.formats.first,
                             Rounding::NearestEven, StochasticSeed{}, q,
                             options);
    });
    time("dy", [&] {
      return quant::quantize(dy.data(), dyShape, plan.formats.second,
                             Rounding::Stochastic, StochasticSeed{}, q,
                             options);
    });
    return;
  }
  ConvActivation activation;
  time(forward ? "x (views)" : "dy (views)", [&] {
    return quantizeActivation(plan, forward ? x.data() : dy.data(),
                              forward ? Rounding::NearestEven
                                      : Rounding::Stochastic,
                              StochasticSeed{}, activation);
  });
  PackedConvWeights packed;
  time("w (panels)", [&] {
    return quantizeWeights(plan, w.data(), Rounding::NearestEven,
                           StochasticSeed{}, packed);
  });
}

} // namespace

int main(int argc, char **argv) {
  const int64_t batch = argc > 1 ? std::atoll(argv[1]) : 8;
  const int threads = argc > 2 ? std::atoi(argv[2]) : 1;
  const int repeats = argc > 3 ? std::atoi(argv[3]) : 3;
  const std::string only =
      argc > 4 && std::string(argv[4]) != "all" ? argv[4] : "";
  const int64_t channels = argc > 5 ? std::atoll(argv[5]) : 64;
  const int64_t filters = argc > 6 ? std::atoll(argv[6]) : channels;
  const int64_t size = argc > 7 ? std::atoll(argv[7]) : 56;
  const int64_t kernel = argc > 8 ? std::atoll(argv[8]) : 3;
  Conv2dShape shape;
  shape.batch = batch;
  shape.channels = channels;
  shape.filters = filters;
  shape.height = shape.width = size;
  shape.kernelH = shape.kernelW = kernel;
  const int64_t pad = kernel / 2;
  shape.padding = {pad, pad, pad, pad};
  if (Status status = shape.verify(); !status) {
    std::fprintf(stderr, "error: %s\n", status.message().c_str());
    return 1;
  }
  std::mt19937 rng(42);
  QuantizedTensor x = randomTensor({batch, channels, size, size}, rng);
  QuantizedTensor w = randomTensor({filters, channels, kernel, kernel}, rng);
  QuantizedTensor dy = randomTensor({batch, filters, size, size}, rng);
  const int64_t chain = chainLength(13, 13);
  const double ops =
      2.0 * batch * channels * filters * kernel * kernel * size * size;
  std::vector<float> out(
      size_t(std::max({x.numElements(), w.numElements(), dy.numElements()})));
  ConvOptions options;
  options.threads = threads;

  for (ConvDirection d : {ConvDirection::Forward, ConvDirection::BackwardData,
                          ConvDirection::BackwardFilter}) {
    static const char *const names[] = {"fwd", "bwd_data", "bwd_filter"};
    if (!only.empty() && only != names[int(d)])
      continue;
    const bool filterGradient = d == ConvDirection::BackwardFilter;
    const QuantizedTensor &first = d == ConvDirection::BackwardData ? dy : x;
    const QuantizedTensor &second = filterGradient ? dy : w;
    ConvPlan plan;
    PackedConvWeights packed;
    Status status = makeConvPlan(d, shape, {first.format, second.format}, chain,
                                 options, plan);
    if (status && !filterGradient)
      status = packWeights(plan, w, packed);
    if (!status) {
      std::fprintf(stderr, "error: %s\n", status.message().c_str());
      return 1;
    }
    double seconds = bestSeconds(repeats, threads == 1, [&] {
      switch (d) {
      case ConvDirection::Forward:
        return runForward(plan, x, packed, out.data());
      case ConvDirection::BackwardData:
        return runBackwardData(plan, dy, packed, out.data());
      case ConvDirection::BackwardFilter:
        return runBackwardFilter(plan, x, dy, out.data());
      }
      return Status::success();
    });
    std::printf("%-24s %s batch %lld threads %d: %8.2f ms  %7.1f GOP/s\n",
                toString(d), jit::toString(*plan.options.isa), (long long)batch,
                threads, seconds * 1e3, ops / seconds * 1e-9);
    reportQuantization(plan, repeats, threads);
  }
  return 0;
}
