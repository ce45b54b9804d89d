// dfp-session-throughput [dfp16|fp32] [steps] [threads] [batch] [skip|all] [magnitude bits]
// Trains the default model on Fashion-MNIST for `steps` steps (after one
// warm-up step; "skip" keeps the first and last layer FP32) and prints images/s
// and the per-op time breakdown. Set OMP_WAIT_POLICY=passive for the FP32 path
// (oneDNN's OpenMP).
#include "dfp/runtime/BatchIterator.h"
#include "dfp/runtime/FashionMnist.h"
#include "dfp/runtime/Session.h"

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <string>

using namespace dfp::runtime;

int main(int argc, char **argv) {
  SessionOptions options;
  options.profile = true;
  if (argc > 1 && std::strcmp(argv[1], "fp32") == 0)
    options.precision = Precision::Fp32;
  const int steps = argc > 2 ? std::atoi(argv[2]) : 20;
  options.threads = argc > 3 ? std::atoi(argv[3]) : 0;
  options.batch = argc > 4 ? std::atoll(argv[4]) : 128;
  options.keepFirstLastFp32 = argc > 5 && std::strcmp(argv[5], "skip") == 0;
  options.magnitudeBits = argc > 6 ? std::atoi(argv[6]) : 0;

  ImageDataset train;
  if (dfp::Status status = loadFashionMnist(defaultFashionMnistDir(),
                                            DatasetSplit::Train, train);
      !status) {
    std::fprintf(stderr, "%s\n", status.message().c_str());
    return 1;
  }
  BatchOptions batchOptions;
  batchOptions.batchSize = options.batch;
  batchOptions.dropLast = true;
  batchOptions.normalization = kFashionMnistNormalization;
  std::unique_ptr<BatchIterator> batches;
  std::unique_ptr<Session> session;
  if (dfp::Status status = BatchIterator::create(train, batchOptions, batches);
      !status) {
    std::fprintf(stderr, "%s\n", status.message().c_str());
    return 1;
  }
  const auto createStart = std::chrono::steady_clock::now();
  if (dfp::Status status = Session::createDefault(options, session); !status) {
    std::fprintf(stderr, "%s\n", status.message().c_str());
    return 1;
  }
  const double createSeconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() -
                                    createStart)
          .count();
  Batch batch;
  batches->next(batch);
  session->step(batch.images.data(), batch.labels.data(), 0.05f); // warm-up
  std::vector<OpProfileEntry> warm = session->profile();
  const auto start = std::chrono::steady_clock::now();
  const std::clock_t cpuStart = std::clock();
  float loss = 0;
  int skipped = 0;
  for (int i = 0; i < steps; ++i) {
    if (!batches->next(batch))
      batches->next(batch);
    StepResult r =
        session->step(batch.images.data(), batch.labels.data(), 0.05f);
    loss = r.loss;
    skipped += r.skipped;
  }
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start)
          .count();
  const double cpuSeconds = double(std::clock() - cpuStart) / CLOCKS_PER_SEC;
  std::printf("%s batch %lld threads %d: create %.2f s, %d steps %.3f s, "
              "%.1f images/s, %.4f s/step (%.4f s CPU), last loss %.4f, "
              "skipped %d\n",
              options.precision == Precision::Dfp16 ? "dfp16" : "fp32",
              (long long)options.batch, options.threads, createSeconds, steps,
              seconds, double(steps) * double(options.batch) / seconds,
              seconds / steps, cpuSeconds / steps, loss, skipped);
  double total = 0;
  for (const OpProfileEntry &e : session->profile()) {
    double before = 0;
    uint64_t callsBefore = 0;
    for (const OpProfileEntry &w : warm)
      if (w.name == e.name) {
        before = w.seconds;
        callsBefore = w.calls;
      }
    total += e.seconds - before;
    std::printf("  %-40s %8.2f ms/step %6llu calls\n", e.name.c_str(),
                1e3 * (e.seconds - before) / steps,
                (unsigned long long)(e.calls - callsBefore));
  }
  std::printf("  %-40s %8.2f ms/step\n", "total in ops", 1e3 * total / steps);
  return 0;
}
