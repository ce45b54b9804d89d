#ifndef DFP_RUNTIME_SESSION_EXECUTOR_H
#define DFP_RUNTIME_SESSION_EXECUTOR_H

#include "OpProfile.h"

#include "dfp/reference/Status.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"

#include <functional>
#include <memory>
#include <vector>

namespace dfp::runtime::session {

struct ExecutorOptions {
  int threads = 1;
  /// Null: no timing.
  OpProfile *profile = nullptr;
};

/// A function of a training module bound, once, to planned kernel calls:
/// every op becomes one step of a list (a closure over preallocated buffers,
/// plans and packed operands), so that run() allocates nothing and only
/// calls kernels. Arguments live where the caller says (`arguments[i]`
/// points at argument i: f32 data, i32/i64 labels, an i32 scalar); the
/// caller fills them between runs. Values the function returns are read
/// through result(i) after a successful run.
class Executor {
public:
  static Status compile(mlir::func::FuncOp function,
                        const std::vector<void *> &arguments,
                        const ExecutorOptions &options,
                        std::unique_ptr<Executor> &out);
  ~Executor();

  /// Runs every step in order; stops at the first failure (a quantization
  /// that met NaN/Inf, an overflow check), whose error it returns.
  Status run();

  const float *result(size_t index) const { return results_[index]; }
  size_t numResults() const { return results_.size(); }

  struct Storage;

private:
  Executor();

  struct Step {
    OpProfile::Kind *kind;
    std::function<Status()> body;
  };
  std::vector<Step> steps_;
  std::vector<const float *> results_;
  std::unique_ptr<Storage> storage_;
  OpProfile *profile_ = nullptr;

  friend class Binder;
};

} // namespace dfp::runtime::session

#endif // DFP_RUNTIME_SESSION_EXECUTOR_H
