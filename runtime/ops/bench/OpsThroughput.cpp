// Times the FP32 training kernels on the fmnist_cnn shapes (batch 128):
// median of a few runs, 1 and 2 threads. Not a test: it prints numbers.
#include "dfp/ops/Ops.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <functional>
#include <random>
#include <string>
#include <time.h>
#include <vector>

namespace {

using namespace dfp;
using namespace dfp::ops;

std::vector<float> randomBuffer(size_t count, uint32_t seed) {
  std::mt19937 engine(seed);
  std::uniform_real_distribution<float> distribution(-1.0f, 1.0f);
  std::vector<float> values(count);
  for (float &value : values)
    value = distribution(engine);
  return values;
}

double processCpuMilliseconds() {
  timespec now;
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &now);
  return double(now.tv_sec) * 1e3 + double(now.tv_nsec) * 1e-6;
}

/// The fastest of `repeats` runs in wall time, and the median CPU time of
/// all threads: on a shared machine the minimum and the CPU time are what
/// other processes disturb least.
struct Timing {
  double wall, cpu;
};

Timing measure(const std::function<void()> &run, int repeats) {
  run(); // warm-up: caches, primitives, page faults
  std::vector<double> walls, cpus;
  for (int i = 0; i < repeats; ++i) {
    const double cpuStart = processCpuMilliseconds();
    const auto start = std::chrono::steady_clock::now();
    run();
    walls.push_back(std::chrono::duration<double, std::milli>(
                        std::chrono::steady_clock::now() - start)
                        .count());
    cpus.push_back(processCpuMilliseconds() - cpuStart);
  }
  std::sort(cpus.begin(), cpus.end());
  return {*std::min_element(walls.begin(), walls.end()), cpus[cpus.size() / 2]};
}

void check(const Status &status) {
  if (!status) {
    std::fprintf(stderr, "%s\n", status.message().c_str());
    std::exit(1);
  }
}

struct Row {
  std::string name;
  double megabytes; // memory the kernel must touch at least
  std::function<void(const OpOptions &)> run;
};

} // namespace

int main(int argc, char **argv) {
  const int repeats = argc > 1 ? std::max(1, std::atoi(argv[1])) : 9;
  const int64_t n = 128, c = 32, h = 28;
  const ChannelShape bn{n, c, h * h};
  const size_t act = size_t(bn.elements());
  const std::vector<float> x = randomBuffer(act, 1), dy = randomBuffer(act, 2);
  const std::vector<float> scale = randomBuffer(size_t(c), 3);
  std::vector<float> y(act), dx(act), stats(6 * size_t(c));

  Pool2dShape pool;
  pool.batch = n, pool.channels = c, pool.height = h, pool.width = h;
  pool.kernel = {2, 2}, pool.strides = {2, 2};
  const std::vector<float> pooledGrad = randomBuffer(act / 4, 4);

  Conv2dShape conv;
  conv.batch = n, conv.channels = c, conv.height = h, conv.width = h;
  conv.filters = 32, conv.kernelH = 3, conv.kernelW = 3;
  conv.padding = {1, 1, 1, 1};
  const std::vector<float> w = randomBuffer(32 * 32 * 9, 5);
  std::vector<float> dw(w.size());

  const size_t params = 160000;
  std::vector<float> p = randomBuffer(params, 6), g = randomBuffer(params, 7);
  std::vector<float> v(params, 0.0f);
  const std::vector<float> logits = randomBuffer(128 * 10, 8);
  std::vector<int32_t> labels(128);
  for (size_t i = 0; i < labels.size(); ++i)
    labels[i] = int32_t(i % 10);
  std::vector<float> gradLogits(logits.size());

  const double mb = double(act) * 4 / 1e6;
  const std::vector<Row> rows = {
      {"relu 128x32x28x28", 2 * mb,
       [&](const OpOptions &o) { relu(x.data(), int64_t(act), y.data(), o); }},
      {"relu_backward", 3 * mb,
       [&](const OpOptions &o) {
         reluBackward(dy.data(), x.data(), int64_t(act), dx.data(), o);
       }},
      {"batch_norm training", 2 * mb,
       [&](const OpOptions &o) {
         check(batchNormTraining(x.data(), scale.data(), scale.data(), bn,
                                 1e-5f, y.data(), stats.data(),
                                 stats.data() + c, o));
       }},
      {"batch_norm_backward", 3 * mb,
       [&](const OpOptions &o) {
         check(batchNormBackward(dy.data(), x.data(), scale.data(),
                                 stats.data(), stats.data() + c, bn, 1e-5f,
                                 dx.data(), stats.data() + 2 * c,
                                 stats.data() + 3 * c, o));
       }},
      {"bias_add_backward", mb,
       [&](const OpOptions &o) {
         check(biasAddBackward(dy.data(), bn, stats.data(), o));
       }},
      {"max_pool2d 2x2/2", 1.25 * mb,
       [&](const OpOptions &o) {
         check(maxPool2d(x.data(), pool, y.data(), o));
       }},
      {"max_pool2d_backward", 2.25 * mb,
       [&](const OpOptions &o) {
         check(maxPool2dBackward(pooledGrad.data(), x.data(), pool, dx.data(),
                                 o));
       }},
      {"avg_pool2d 2x2/2", 1.25 * mb,
       [&](const OpOptions &o) {
         check(avgPool2d(x.data(), pool, false, y.data(), o));
       }},
      {"global_avg_pool", mb,
       [&](const OpOptions &o) {
         check(globalAvgPool(x.data(), PlaneShape{n * c, h * h}, y.data(), o));
       }},
      {"conv2d 32->32 3x3", 2 * mb,
       [&](const OpOptions &o) {
         check(conv2dForward(x.data(), w.data(), conv, y.data(), o));
       }},
      {"conv2d_backward_data", 2 * mb,
       [&](const OpOptions &o) {
         check(conv2dBackwardData(dy.data(), w.data(), conv, dx.data(), o));
       }},
      {"conv2d_backward_filter", 2 * mb,
       [&](const OpOptions &o) {
         check(conv2dBackwardFilter(x.data(), dy.data(), conv, dw.data(), o));
       }},
      {"sgd_update 160k", double(params) * 16 / 1e6,
       [&](const OpOptions &o) {
         sgdUpdate(p.data(), g.data(), v.data(), int64_t(params),
                   SgdHyperParameters{0.05f, 0.9f, 5e-4f}, p.data(), v.data(),
                   o);
       }},
      {"softmax_cross_entropy(+bwd)", 0.01,
       [&](const OpOptions &) {
         float loss = 0;
         check(softmaxCrossEntropy(logits.data(), labels.data(),
                                   LossShape{128, 10}, &loss));
         check(softmaxCrossEntropyBackward(1.0f, logits.data(), labels.data(),
                                           LossShape{128, 10},
                                           gradLogits.data()));
       }},
  };

  std::printf("%-28s %9s %9s %9s %9s %9s\n", "kernel", "1t wall", "1t cpu",
              "2t wall", "2t cpu", "GB/s 1t");
  for (const Row &row : rows) {
    const Timing one = measure([&] { row.run(OpOptions{1}); }, repeats);
    const Timing two = measure([&] { row.run(OpOptions{2}); }, repeats);
    std::printf("%-28s %9.3f %9.3f %9.3f %9.3f %9.2f\n", row.name.c_str(),
                one.wall, one.cpu, two.wall, two.cpu, row.megabytes / one.wall);
  }
  std::printf("ms: fastest wall time and median CPU time (all threads) of "
              "%d runs\n",
              repeats);
  return 0;
}
