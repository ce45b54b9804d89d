#ifndef DFP_DIALECT_DFP_IR_DFPTYPES_TD
#define DFP_DIALECT_DFP_IR_DFPTYPES_TD

include "dfp/Dialect/Dfp/IR/DfpBase.td"
include "mlir/IR/BuiltinTypeInterfaces.td"
include "mlir/IR/CommonTypeConstraints.td"

def Dfp_TensorType : TypeDef<Dfp_Dialect, "DfpTensor",
                             [ShapedTypeInterface]> {
  let mnemonic = "tensor";
  let summary = "tensor of integers sharing exponents (dynamic fixed point)";
  let description = [{
    A statically shaped tensor of signless integers of storage width B (i16 or
    i8), of which the low M magnitude bits are used (`1 <= M <= B-1`), plus one
    int32 exponent per group; element value = q * 2^e. The exponents are
    runtime data carried with the value; the type fixes how elements are
    grouped:

    - `exp = tensor`: one exponent for the whole tensor;
    - `exp = axis A`: one exponent per index of axis A (per channel);
    - `exp = block N on A`: one exponent per N consecutive elements along axis
      A (N > 0 divides that dimension; block 32 along K is the OCP MX layout).

    ```mlir
    !dfp.tensor<64x128xi16, mag = 13, exp = tensor>
    !dfp.tensor<64x128xi16, mag = 15, exp = axis 0>
    !dfp.tensor<64x128xi8, mag = 7, exp = block 32 on 1>
    ```
  }];
  let parameters = (ins
    ArrayRefParameter<"int64_t">:$shape,
    "::mlir::IntegerType":$elementType,
    "unsigned":$magBits,
    "::mlir::dfp::ExponentGrouping":$grouping
  );
  let builders = [
    TypeBuilderWithInferredContext<(ins
      "::llvm::ArrayRef<int64_t>":$shape,
      "::mlir::IntegerType":$elementType,
      "unsigned":$magBits,
      CArg<"::mlir::dfp::ExponentGrouping",
           "::mlir::dfp::ExponentGrouping::tensor()">:$grouping), [{
      return $_get(elementType.getContext(), shape, elementType, magBits,
                   grouping);
    }]>
  ];
  let hasCustomAssemblyFormat = 1;
  let genVerifyDecl = 1;
  let extraClassDeclaration = [{
    bool hasRank() const { return true; }

    /// Same format with another shape; a non-integer `elementType` keeps the
    /// storage type. The grouping is kept as is: verify the result if the
    /// shape changed.
    DfpTensorType cloneWith(std::optional<::llvm::ArrayRef<int64_t>> shape,
                            ::mlir::Type elementType) const;

    /// Storage width B in bits.
    unsigned getStorageBits() const { return getElementType().getWidth(); }

    /// Largest magnitude of a quantized value: 2^M - 1.
    int64_t getMaxMagnitude() const { return (int64_t(1) << getMagBits()) - 1; }

    /// Whether storage, magnitude bits and grouping equal those of `other`
    /// (the shapes may differ).
    bool hasSameFormat(DfpTensorType other) const {
      return getElementType() == other.getElementType() &&
             getMagBits() == other.getMagBits() &&
             getGrouping() == other.getGrouping();
    }
  }];
}

// Used in operand and result lists instead of Dfp_TensorType: custom assembly
// prints types of a dialect C++ class without their `!dfp.tensor` prefix, and
// values typed as ShapedType print in full.
def Dfp_AnyDfpTensor
    : Type<CPred<"::llvm::isa<::mlir::dfp::DfpTensorType>($_self)">,
           "DFP tensor", "::mlir::ShapedType">;

def Dfp_F32Tensor : StaticShapeTensorOf<[F32]>;

def Dfp_F32OrDfpTensor : AnyTypeOf<[Dfp_F32Tensor, Dfp_AnyDfpTensor],
    "statically shaped f32 tensor or DFP tensor", "::mlir::ShapedType">;

#endif // DFP_DIALECT_DFP_IR_DFPTYPES_TD
