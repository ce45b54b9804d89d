#ifndef DFP_RUNTIME_SESSION_BINDER_H
#define DFP_RUNTIME_SESSION_BINDER_H

#include "Contractions.h"
#include "Executor.h"
#include "Fusions.h"

#include "dfp/Dialect/Dfp/IR/DfpOps.h"
#include "dfp/jit/AlignedAllocator.h"
#include "dfp/ops/Ops.h"

#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/DenseSet.h"

#include <initializer_list>

namespace dfp::runtime::session {

/// Everything the steps of an executor point into.
struct Executor::Storage {
  std::vector<std::unique_ptr<jit::AlignedVector<float>>> buffers;
  std::vector<std::unique_ptr<QuantizedValue>> quantized;
  std::vector<std::unique_ptr<conv::ConvPlan>> plans;
  std::vector<std::unique_ptr<ops::Conv2dPrimitive>> primitives;
  std::vector<std::unique_ptr<GemmRun>> gemms;
  std::vector<std::unique_ptr<std::vector<int32_t>>> winners;
};

/// Walks a function once and turns each op into a step of the executor:
/// Executor.cpp (buffers, arguments), BindContractions.cpp (dfp.quantize,
/// convolutions, matmuls), BindOps.cpp (everything else).
class Binder {
public:
  Binder(Executor &executor, const ExecutorOptions &options);

  Status bind(mlir::func::FuncOp function,
              const std::vector<void *> &arguments);

private:
  // Buffers and steps.
  float *allocate(mlir::Value value);
  Status input(mlir::Operation *op, mlir::Value value, const float *&data);
  Status inputs(mlir::Operation *op, std::initializer_list<mlir::Value> values,
                std::initializer_list<const float **> out);
  Status labels(mlir::Operation *op, mlir::Value value, const int32_t *&data);
  void addStep(mlir::Operation *op, const std::string &kindName,
               std::function<Status()> body);

  // Contractions.
  Status planFor(mlir::Operation *op, const conv::ConvPlan *&plan);
  Status bindQuantize(mlir::dfp::QuantizeOp op);
  static std::string profileName(const QuantizedValue &q);
  Status quantizedOperand(mlir::Operation *op, mlir::Value value,
                          QuantizedValue *&q);
  Status bindConv(mlir::Operation *op);
  Status bindMatmul(mlir::dfp::MatmulOp op);

  // The rest.
  Status bindOp(mlir::Operation *op);
  Status channelShape(mlir::Operation *op, mlir::Value value,
                      ops::ChannelShape &shape);
  template <typename PoolOp>
  Status poolShape(PoolOp op, mlir::Value input, ops::Pool2dShape &shape);
  Status bindBatchNorm(mlir::dfp::BatchNormOp bn);
  Status bindBatchNormBackward(mlir::dfp::BatchNormBackwardOp bn);

  Executor &executor;
  Executor::Storage &storage;
  ExecutorOptions options;
  ops::OpOptions opOptions;
  llvm::DenseMap<mlir::Value, float *> f32;
  llvm::DenseMap<mlir::Value, void *> integers;
  llvm::DenseMap<mlir::Value, QuantizedValue *> dfp;
  llvm::DenseMap<mlir::Operation *, const conv::ConvPlan *> plans;
  llvm::DenseMap<mlir::Operation *, int32_t *> winnersOf;
  Fusions fusions;
};

} // namespace dfp::runtime::session

#endif // DFP_RUNTIME_SESSION_BINDER_H
