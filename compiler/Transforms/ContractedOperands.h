#ifndef DFP_COMPILER_TRANSFORMS_CONTRACTEDOPERANDS_H
#define DFP_COMPILER_TRANSFORMS_CONTRACTEDOPERANDS_H

#include "dfp/Dialect/Dfp/IR/DfpOps.h"

#include <array>
#include <optional>

namespace mlir::dfp {

/// What a contracted tensor is in training, which decides its format.
enum class OperandRole { Activation, Weight, Gradient };
constexpr size_t kNumOperandRoles = 3;

StringRef stringifyOperandRole(OperandRole role);
std::optional<OperandRole> symbolizeOperandRole(StringRef name);

/// Function argument attribute overriding the role of the argument.
constexpr StringLiteral kRoleAttrName = "dfp.role";
/// Attribute of a contraction naming the roles of its two contracted operands,
/// e.g. ["gradient", "weight"]: dfp-build-training-step sets it on the
/// matmuls of the backward, whose operand positions do not tell gradients
/// apart. A `dfp.role` on a function argument still takes precedence.
constexpr StringLiteral kOperandRolesAttrName = "dfp.operand_roles";
/// Unit attribute marking the i32 function argument that counts training
/// steps (the `step` of stochastic rounding).
constexpr StringLiteral kStepAttrName = "dfp.step";

/// One of the two contracted operands of a contraction.
struct ContractedOperand {
  OpOperand *slot;
  /// The operand's name in the op's syntax ("lhs", "filter", ...).
  StringRef name;
  /// The role the op and the operand position give.
  OperandRole role;
  /// The only axis of the operand not summed over (the channel it keeps).
  int64_t keptAxis;
  /// The summed axis along which exponent blocks run.
  int64_t reductionAxis;
};

/// The (A, B) operands of a matmul, conv2d or conv2d backward contraction.
std::array<ContractedOperand, 2>
getContractedOperandSlots(ContractionOpInterface op);

/// Whether `op` computes a layer's forward result (conv2d, or a matmul whose
/// `dfp.operand_roles`, if any, name no gradient).
bool isForwardContraction(Operation *op);

/// The role of `operand`: its `dfp.role` if the value is a function argument
/// that has one, else the role its op's `dfp.operand_roles` names, else the
/// role of its position. Fails with an error on the function or the op for an
/// unknown role name.
FailureOr<OperandRole> resolveRole(const ContractedOperand &operand);

} // namespace mlir::dfp

#endif // DFP_COMPILER_TRANSFORMS_CONTRACTEDOPERANDS_H
