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

bool isForwardContraction(Operation *op) {
  if (isa<Conv2dOp>(op))
    return true;
  if (!isa<MatmulOp>(op))
    return false;
  auto roles = op->getAttrOfType<ArrayAttr>(kOperandRolesAttrName);
  return !roles || llvm::none_of(roles, [](Attribute role) {
    auto name = dyn_cast<StringAttr>(role);
    return name && name.getValue() == "gradient";
  });
}

/// The `dfp.role` of the function argument `operand` contracts, if any.
static FailureOr<std::optional<OperandRole>>
argumentRole(const ContractedOperand &operand) {
  auto argument = dyn_cast<BlockArgument>(operand.slot->get());
  if (!argument)
    return std::optional<OperandRole>();
  auto function =
      dyn_cast<FunctionOpInterface>(argument.getOwner()->getParentOp());
  if (!function || argument.getOwner() != &function.getFunctionBody().front())
    return std::optional<OperandRole>();
  auto roleName = function.getArgAttrOfType<StringAttr>(argument.getArgNumber(),
                                                        kRoleAttrName);
  if (!roleName)
    return std::optional<OperandRole>();
  if (std::optional<OperandRole> role = symbolizeOperandRole(roleName))
    return role;
  return function.emitError("argument ")
         << argument.getArgNumber() << " has unknown " << kRoleAttrName << " \""
         << roleName.getValue()
         << "\" (expected activation, weight or gradient)";
}

/// The role the `dfp.operand_roles` of the contraction names for `operand`,
/// if it has the attribute.
static FailureOr<std::optional<OperandRole>>
attributeRole(const ContractedOperand &operand) {
  Operation *op = operand.slot->getOwner();
  auto roles = op->getAttrOfType<ArrayAttr>(kOperandRolesAttrName);
  if (!roles)
    return std::optional<OperandRole>();
  auto slots = getContractedOperandSlots(cast<ContractionOpInterface>(op));
  size_t index = operand.slot == slots[0].slot ? 0 : 1;
  auto name =
      roles.size() == 2 ? dyn_cast<StringAttr>(roles[index]) : StringAttr();
  if (std::optional<OperandRole> role =
          name ? symbolizeOperandRole(name) : std::nullopt)
    return role;
  return op->emitOpError("expects ")
         << kOperandRolesAttrName
         << " to name two roles (activation, weight or gradient), got "
         << roles;
}

FailureOr<OperandRole> resolveRole(const ContractedOperand &operand) {
  for (auto lookup : {argumentRole, attributeRole}) {
    FailureOr<std::optional<OperandRole>> role = lookup(operand);
    if (failed(role))
      return failure();
    if (*role)
      return **role;
  }
  return operand.role;
}

} // namespace mlir::dfp
