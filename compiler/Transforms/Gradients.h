#ifndef DFP_COMPILER_TRANSFORMS_GRADIENTS_H
#define DFP_COMPILER_TRANSFORMS_GRADIENTS_H

#include "mlir/IR/Builders.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/DenseSet.h"

namespace mlir::dfp {

/// Whether `emitBackward` knows the op (dfp.batch_norm_inference counts: the
/// training step runs it as dfp.batch_norm).
bool isDifferentiable(Operation *op);

/// Reverse-mode accumulation over the forward ops of a training step: holds
/// the gradient of every value reached so far and emits backward ops at the
/// builder's insertion point.
class GradientBuilder {
public:
  /// Only values in `needsGradient` (those depending on a parameter) get
  /// gradients.
  GradientBuilder(OpBuilder &builder,
                  const llvm::DenseSet<Value> &needsGradient)
      : builder(builder), needsGradient(needsGradient) {}

  /// Adds `gradient` to the gradient of `value`, with a dfp.add if `value`
  /// has one already; ignored if `value` does not need a gradient.
  void addGradient(Value value, Value gradient);

  /// The gradient accumulated for `value` so far, null if none.
  Value getGradient(Value value) const { return gradients.lookup(value); }

  /// Emits the backward ops of `op` (differentiable, batch norm in training
  /// mode) for its operands that need a gradient, if its results have any.
  void emitBackward(Operation *op);

private:
  /// A matmul operand and its role in training (`dfp.operand_roles`).
  struct MatmulOperand {
    Value value;
    StringRef role;
  };
  Value matmul(Location loc, Type type, MatmulOperand lhs, MatmulOperand rhs,
               bool transposeLhs, bool transposeRhs);

  OpBuilder &builder;
  const llvm::DenseSet<Value> &needsGradient;
  llvm::DenseMap<Value, Value> gradients;
};

} // namespace mlir::dfp

#endif // DFP_COMPILER_TRANSFORMS_GRADIENTS_H
