#include "DecomposedTypes.h"

#include "mlir/IR/BuiltinOps.h"

namespace mlir::dfp {

RankedTensorType getValuesType(DfpTensorType type) {
  return RankedTensorType::get(type.getShape(), type.getElementType());
}

int64_t getNumGroups(DfpTensorType type) {
  ExponentGrouping grouping = type.getGrouping();
  switch (grouping.kind) {
  case ExponentGrouping::Kind::Tensor:
    return 1;
  case ExponentGrouping::Kind::Axis:
    return type.getShape()[grouping.axis];
  case ExponentGrouping::Kind::Block:
    return type.getNumElements() / grouping.blockSize;
  }
  return 1;
}

RankedTensorType getExponentsType(DfpTensorType type) {
  return RankedTensorType::get({getNumGroups(type)},
                               IntegerType::get(type.getContext(), 32));
}

namespace {
/// Casts kept at the boundary of the conversion (only reached when a DFP
/// value escapes to an op the conversion does not know).
Value castToOne(OpBuilder &builder, Type type, ValueRange inputs,
                Location loc) {
  return builder.create<UnrealizedConversionCastOp>(loc, type, inputs)
      .getResult(0);
}
} // namespace

DecomposedTypeConverter::DecomposedTypeConverter() {
  addConversion([](Type type) { return type; });
  addConversion([](DfpTensorType type, SmallVectorImpl<Type> &results) {
    results.push_back(getValuesType(type));
    results.push_back(getExponentsType(type));
    return success();
  });
  addSourceMaterialization(castToOne);
  addArgumentMaterialization(castToOne);
  addTargetMaterialization(
      [](OpBuilder &builder, TypeRange types, Value input,
         Location loc) -> std::optional<SmallVector<Value>> {
        return SmallVector<Value>(
            builder.create<UnrealizedConversionCastOp>(loc, types, input)
                .getResults());
      });
}

} // namespace mlir::dfp
