#ifndef DFP_RUNTIME_SESSION_FUSIONS_H
#define DFP_RUNTIME_SESSION_FUSIONS_H

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/DenseSet.h"

namespace dfp::runtime::session {

/// Op pairs the executor runs as one kernel call (each bit-identical to the
/// pair): batch norm (training or inference) whose only user is a relu;
/// relu_backward(dy, that relu) feeding only the batch_norm_backward of the
/// same batch norm; max_pool2d_backward after a max_pool2d of the same input
/// and window, which then records its winners.
struct Fusions {
  llvm::DenseMap<mlir::Operation *, mlir::Operation *> reluOfNorm; // bn->relu
  llvm::DenseMap<mlir::Operation *, mlir::Operation *>
      maskOfNormBackward; // batch_norm_backward -> relu_backward
  llvm::DenseMap<mlir::Operation *, mlir::Operation *>
      poolOfPoolBackward; // max_pool2d_backward -> max_pool2d
  llvm::DenseSet<mlir::Operation *> poolsRecordingWinners;
  /// The relus and relu_backwards folded into another op.
  llvm::DenseSet<mlir::Operation *> fusedAway;
};

Fusions findFusions(mlir::func::FuncOp function);

} // namespace dfp::runtime::session

#endif // DFP_RUNTIME_SESSION_FUSIONS_H
