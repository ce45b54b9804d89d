#include "Gradients.h"

#include "ContractedOperands.h"

#include "dfp/Dialect/Dfp/IR/DfpOps.h"

#include "llvm/ADT/TypeSwitch.h"

namespace mlir::dfp {

bool isDifferentiable(Operation *op) {
  return isa<Conv2dOp, MatmulOp, BiasAddOp, ReluOp, AddOp, ReshapeOp,
             MaxPool2dOp, AvgPool2dOp, GlobalAvgPoolOp, BatchNormOp,
             BatchNormInferenceOp>(op);
}

void GradientBuilder::addGradient(Value value, Value gradient) {
  if (!needsGradient.contains(value))
    return;
  auto [it, inserted] = gradients.try_emplace(value, gradient);
  if (!inserted)
    it->second = builder.create<AddOp>(gradient.getLoc(), it->second, gradient);
}

Value GradientBuilder::matmul(Location loc, Type type, MatmulOperand lhs,
                              MatmulOperand rhs, bool transposeLhs,
                              bool transposeRhs) {
  UnitAttr unit = builder.getUnitAttr();
  auto product = builder.create<MatmulOp>(
      loc, type, lhs.value, rhs.value, /*chain=*/IntegerAttr(),
      transposeLhs ? unit : UnitAttr(), transposeRhs ? unit : UnitAttr());
  product->setAttr(kOperandRolesAttrName,
                   builder.getStrArrayAttr({lhs.role, rhs.role}));
  return product;
}

void GradientBuilder::emitBackward(Operation *op) {
  Location loc = op->getLoc();
  // Backward ops for operand `v` are built only when `v` needs a gradient.
  auto needs = [&](Value v) { return needsGradient.contains(v); };
  auto typeOf = [](Value v) { return v.getType(); };

  llvm::TypeSwitch<Operation *>(op)
      .Case([&](Conv2dOp conv) {
        Value dy = getGradient(conv.getResult());
        if (!dy)
          return;
        Value x = conv.getInput(), w = conv.getFilter();
        if (needs(x))
          addGradient(x, builder.create<Conv2dBackwardDataOp>(
                             loc, typeOf(x), dy, w, conv.getStridesAttr(),
                             conv.getPaddingAttr(), conv.getDilationsAttr(),
                             conv.getGroupsAttr(), /*chain=*/IntegerAttr()));
        if (needs(w))
          addGradient(w, builder.create<Conv2dBackwardFilterOp>(
                             loc, typeOf(w), x, dy, conv.getStridesAttr(),
                             conv.getPaddingAttr(), conv.getDilationsAttr(),
                             conv.getGroupsAttr(), /*chain=*/IntegerAttr()));
      })
      .Case([&](MatmulOp mm) {
        Value dy = getGradient(mm.getResult());
        if (!dy)
          return;
        // C = op(A) op(B): dA and dB are products of dC with the other
        // operand, the transposes chosen so that no explicit transpose is
        // needed.
        // The operands carry their roles, for dfp-quantize to round dC as
        // a gradient.
        Value a = mm.getLhs(), b = mm.getRhs();
        const bool tl = mm.getTransposeLhs(), tr = mm.getTransposeRhs();
        const MatmulOperand grad{dy, "gradient"}, weight{b, "weight"},
            activation{a, "activation"};
        if (needs(a))
          addGradient(a, tl ? matmul(loc, typeOf(a), weight, grad, tr, true)
                            : matmul(loc, typeOf(a), grad, weight, false, !tr));
        if (needs(b))
          addGradient(
              b, tr ? matmul(loc, typeOf(b), grad, activation, true, tl)
                    : matmul(loc, typeOf(b), activation, grad, !tl, false));
      })
      .Case([&](BiasAddOp bias) {
        Value dy = getGradient(bias.getOutput());
        if (!dy)
          return;
        addGradient(bias.getInput(), dy);
        if (needs(bias.getBias()))
          addGradient(bias.getBias(), builder.create<BiasAddBackwardOp>(
                                          loc, typeOf(bias.getBias()), dy));
      })
      .Case([&](ReluOp relu) {
        // relu(x) > 0 exactly where x > 0: passing the output lets the
        // runtime free the input right after the forward relu.
        Value dy = getGradient(relu.getOutput());
        if (dy && needs(relu.getInput()))
          addGradient(relu.getInput(),
                      builder.create<ReluBackwardOp>(
                          loc, typeOf(relu.getInput()), dy, relu.getOutput()));
      })
      .Case([&](AddOp add) {
        if (Value dy = getGradient(add.getResult())) {
          addGradient(add.getLhs(), dy);
          addGradient(add.getRhs(), dy);
        }
      })
      .Case([&](ReshapeOp reshape) {
        Value dy = getGradient(reshape.getResult());
        if (dy && needs(reshape.getInput()))
          addGradient(
              reshape.getInput(),
              builder.create<ReshapeOp>(loc, typeOf(reshape.getInput()), dy));
      })
      .Case([&](MaxPool2dOp pool) {
        Value dy = getGradient(pool.getOutput());
        if (dy && needs(pool.getInput()))
          addGradient(pool.getInput(),
                      builder.create<MaxPool2dBackwardOp>(
                          loc, typeOf(pool.getInput()), dy, pool.getInput(),
                          pool.getKernelAttr(), pool.getStridesAttr(),
                          pool.getPaddingAttr()));
      })
      .Case([&](AvgPool2dOp pool) {
        Value dy = getGradient(pool.getOutput());
        if (dy && needs(pool.getInput()))
          addGradient(pool.getInput(),
                      builder.create<AvgPool2dBackwardOp>(
                          loc, typeOf(pool.getInput()), dy,
                          pool.getKernelAttr(), pool.getStridesAttr(),
                          pool.getPaddingAttr(),
                          pool.getCountIncludePadAttr()));
      })
      .Case([&](GlobalAvgPoolOp pool) {
        Value dy = getGradient(pool.getOutput());
        if (dy && needs(pool.getInput()))
          addGradient(pool.getInput(), builder.create<GlobalAvgPoolBackwardOp>(
                                           loc, typeOf(pool.getInput()), dy));
      })
      .Case([&](BatchNormOp norm) {
        Value dy = getGradient(norm.getOutput());
        if (!dy)
          return;
        Type perChannel = typeOf(norm.getScale());
        auto backward = builder.create<BatchNormBackwardOp>(
            loc, TypeRange{typeOf(norm.getInput()), perChannel, perChannel}, dy,
            norm.getInput(), norm.getScale(), norm.getBatchMean(),
            norm.getBatchVar(), norm.getEpsilonAttr());
        addGradient(norm.getInput(), backward.getGradInput());
        addGradient(norm.getScale(), backward.getGradScale());
        addGradient(norm.getBias(), backward.getGradBias());
      })
      .Default([](Operation *other) {
        llvm_unreachable("emitBackward on an op without a backward rule");
      });
}

} // namespace mlir::dfp
