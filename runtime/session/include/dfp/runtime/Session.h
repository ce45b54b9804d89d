#ifndef DFP_RUNTIME_SESSION_H
#define DFP_RUNTIME_SESSION_H

#include "dfp/reference/Status.h"
#include "dfp/runtime/Checkpoint.h"

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace dfp::runtime {

/// Where the contractions (convolutions, matmuls) run: the DFP16 JIT kernels
/// (operands quantized once per step, DESIGN section 2), or oneDNN FP32.
/// Everything else is FP32 in both. DFP16 gives the same bits for any thread
/// count and ISA level; FP32 does not across thread counts (oneDNN's
/// backward-filter splits the batch reduction by thread).
enum class Precision { Dfp16, Fp32 };

struct SessionOptions {
  Precision precision = Precision::Dfp16;
  int64_t batch = 128;
  /// 0 = all cores.
  int threads = 0;
  /// Parameter initialisation and the stochastic-rounding streams.
  uint64_t seed = 1;
  /// Rounding of the gradients (dy) fed to backward contractions:
  /// nearest_even | biased | truncate | stochastic.
  std::string gradientRounding = "stochastic";
  /// 0 = the default DFP16 format; else M (1..15) for every role.
  int magnitudeBits = 0;
  /// DFP16 only: keep the first and last layer (conv1, the classifier) in
  /// FP32 on oneDNN, as Das et al. do. Off by default: it measured no faster
  /// on fmnist_cnn, and oneDNN's backward-filter makes the parameters
  /// depend on the thread count.
  bool keepFirstLastFp32 = false;
  float momentum = 0.9f, weightDecay = 5e-4f;
  /// Per-op timing, read back with Session::profile().
  bool profile = false;
};

struct StepResult {
  float loss = 0;
  /// Images of the batch whose arg-max logit equals the label.
  int64_t correct = 0;
  /// True when the step met NaN/Inf and left every parameter, momentum and
  /// state untouched.
  bool skipped = false;
  std::string skipReason;
};

struct EvalResult {
  double meanLoss = 0;
  int64_t correct = 0;
  int64_t count = 0;
};

struct OpProfileEntry {
  std::string name;
  double seconds;
  uint64_t calls;
};

/// Trains one model: builds the training step of a module's @forward once,
/// plans every kernel and buffer at creation, then runs steps on them (no
/// tensor is allocated per step). Not thread-safe (one caller at a time); the
/// session uses the cores itself.
class Session {
public:
  ~Session();

  /// From the MLIR text of a module with @forward (as
  /// examples/fmnist_cnn.mlir). Errors name the op and its location.
  static Status create(const std::string &forwardModuleText,
                       const SessionOptions &options,
                       std::unique_ptr<Session> &out);
  /// The default model fmnist_cnn, embedded in the library.
  static Status createDefault(const SessionOptions &options,
                              std::unique_ptr<Session> &out);
  /// The embedded default model's MLIR text.
  static const std::string &defaultModelText();

  /// One SGD step on exactly `batch` images (inputShape(), row-major) and
  /// labels in [0, classes()).
  StepResult step(const float *images, const int32_t *labels,
                  float learningRate);
  /// Any count; batch norm in inference mode (running statistics).
  Status evaluate(const float *images, const int32_t *labels, int64_t count,
                  EvalResult &out);

  /// Steps attempted, skipped ones included: the step counter of the
  /// stochastic-rounding streams (a skipped step's successor draws fresh
  /// random bits). Save it with state() to resume bit-identically.
  uint64_t stepsDone() const;
  /// Parameters, momenta ("NAME.momentum") and states by their
  /// dfp.param/dfp.state names.
  std::vector<NamedTensor> state() const;
  /// Takes back what state() gave; checks every name and shape.
  Status restore(const std::vector<NamedTensor> &tensors, uint64_t stepsDone);

  /// Op kind -> time, most expensive first (empty unless options.profile).
  std::vector<OpProfileEntry> profile() const;
  /// The input of @forward, batch first: [N, C, H, W] for fmnist_cnn, with
  /// N = options.batch.
  const std::vector<int64_t> &inputShape() const;
  int64_t classes() const;

  class Impl;

private:
  explicit Session(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

} // namespace dfp::runtime

#endif // DFP_RUNTIME_SESSION_H
