#include "ContractedOperands.h"

#include "mlir/Interfaces/FunctionInterfaces.h"
#include "llvm/ADT/StringSwitch.h"
#include "llvm/ADT/TypeSwitch.h"

namespace mlir::dfp {

StringRef stringifyOperandRole(OperandRole role) {
  switch (role) {
  case OperandRole::Activation:
    return "activation";
  case OperandRole::Weight:
    return "weight";
  case OperandRole::Gradient:
    return "gradient";
  }
  llvm_unreachable("unknown operand role");
}

std::optional<OperandRole> symbolizeOperandRole(StringRef name) {
  return llvm::StringSwitch<std::optional<OperandRole>>(name)
      .Case("activation", OperandRole::Activation)
      .Case("weight", OperandRole::Weight)
      .Case("gradient", OperandRole::Gradient)
      .Default(std::nullopt);
}

// Summed axes per operand follow the dialect verifier: conv2d sums C, R, S of
// input and filter; backward data sums K, OH, OW of the output gradient and
// K, R, S of the filter; backward filter sums N, OH, OW (blocks run along W).
std::array<ContractedOperand, 2>
getContractedOperandSlots(ContractionOpInterface op) {
  using Slots = std::array<ContractedOperand, 2>;
  return llvm::TypeSwitch<Operation *, Slots>(op)
      .Case([](MatmulOp matmul) {
        const bool tl = matmul.getTransposeLhs(), tr = matmul.getTransposeRhs();
        return Slots{
            ContractedOperand{&matmul.getLhsMutable(), "lhs",
                              OperandRole::Activation, tl ? 1 : 0, tl ? 0 : 1},
            ContractedOperand{&matmul.getRhsMutable(), "rhs",
                              OperandRole::Weight, tr ? 0 : 1, tr ? 1 : 0}};
      })
      .Case([](Conv2dOp conv) {
        return Slots{ContractedOperand{&conv.getInputMutable(), "input",
                                       OperandRole::Activation, 0, 1},
                     ContractedOperand{&conv.getFilterMutable(), "filter",
                                       OperandRole::Weight, 0, 1}};
      })
      .Case([](Conv2dBackwardDataOp conv) {
        return Slots{ContractedOperand{&conv.getGradOutputMutable(),
                                       "grad_output", OperandRole::Gradient, 0,
                                       1},
                     ContractedOperand{&conv.getFilterMutable(), "filter",
                                       OperandRole::Weight, 1, 0}};
      })
      .Case([](Conv2dBackwardFilterOp conv) {
        return Slots{ContractedOperand{&conv.getInputMutable(), "input",
                                       OperandRole::Activation, 1, 3},
                     ContractedOperand{&conv.getGradOutputMutable(),
                                       "grad_output", OperandRole::Gradient, 1,
                                       3}};
      });
}

bool isForwardContraction(Operation *op) { return isa<MatmulOp, Conv2dOp>(op); }

FailureOr<OperandRole> resolveRole(const ContractedOperand &operand) {
  auto argument = dyn_cast<BlockArgument>(operand.slot->get());
  if (!argument)
    return operand.role;
  auto function =
      dyn_cast<FunctionOpInterface>(argument.getOwner()->getParentOp());
  if (!function || argument.getOwner() != &function.getFunctionBody().front())
    return operand.role;
  auto roleName = function.getArgAttrOfType<StringAttr>(argument.getArgNumber(),
                                                        kRoleAttrName);
  if (!roleName)
    return operand.role;
  if (std::optional<OperandRole> role = symbolizeOperandRole(roleName))
    return *role;
  return function.emitError("argument ")
         << argument.getArgNumber() << " has unknown " << kRoleAttrName << " \""
         << roleName.getValue()
         << "\" (expected activation, weight or gradient)";
}

} // namespace mlir::dfp
