#ifndef DFP_DIALECT_DFP_IR_DFPINTERFACES_TD
#define DFP_DIALECT_DFP_IR_DFPINTERFACES_TD

include "mlir/IR/OpBase.td"

def Dfp_ContractionOpInterface : OpInterface<"ContractionOpInterface"> {
  let cppNamespace = "::mlir::dfp";
  let description = [{
    A contraction (matmul, conv2d and its backward forms) whose two operands
    are both f32 or both DFP tensors. On DFP operands it may carry `chain`, the
    number of products summed in INT32 before the partial sum is flushed into
    FP32.
  }];
  let methods = [
    InterfaceMethod<"The two contracted operands, in (A, B) order.",
      "std::pair<::mlir::TypedValue<::mlir::ShapedType>, ::mlir::TypedValue<::mlir::ShapedType>>",
      "getContractedOperands">,
    InterfaceMethod<"The INT32 chain length, if set.",
      "::mlir::IntegerAttr", "getChainAttr">,
    InterfaceMethod<"Sets (or with a null attribute, removes) the chain length.",
      "void", "setChainAttr", (ins "::mlir::IntegerAttr":$chain)>,
  ];
  let extraClassDeclaration = [{
    /// Whether the contracted operands are DFP tensors.
    bool hasDfpOperands();
  }];
}

#endif // DFP_DIALECT_DFP_IR_DFPINTERFACES_TD
