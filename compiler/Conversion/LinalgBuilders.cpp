#include "LinalgBuilders.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Utils/ReshapeOpsUtils.h"

namespace mlir::dfp {

Value buildElementwise(ImplicitLocOpBuilder &b, ValueRange inputs,
                       RankedTensorType resultType,
                       const ElementwiseBody &body) {
  int64_t rank = resultType.getRank();
  Value init = b.create<tensor::EmptyOp>(resultType.getShape(),
                                         resultType.getElementType());
  SmallVector<AffineMap> maps(inputs.size() + 1,
                              b.getMultiDimIdentityMap(rank));
  SmallVector<utils::IteratorType> iterators(rank,
                                             utils::IteratorType::parallel);
  auto generic = b.create<linalg::GenericOp>(
      TypeRange{resultType}, inputs, ValueRange{init}, maps, iterators,
      [&](OpBuilder &nested, Location loc, ValueRange args) {
        ImplicitLocOpBuilder bodyBuilder(loc, nested);
        Value result = body(bodyBuilder, args.drop_back());
        bodyBuilder.create<linalg::YieldOp>(result);
      });
  return generic.getResult(0);
}

Value buildMaxAbs(ImplicitLocOpBuilder &b, Value input) {
  auto inputType = cast<RankedTensorType>(input.getType());
  int64_t rank = inputType.getRank();
  auto scalarType = RankedTensorType::get({}, b.getF32Type());
  Value zero = b.create<arith::ConstantFloatOp>(APFloat(0.0f), b.getF32Type());
  Value init =
      b.create<linalg::FillOp>(
           zero, b.create<tensor::EmptyOp>(ArrayRef<int64_t>{}, b.getF32Type())
                     .getResult())
          .getResult(0);
  SmallVector<AffineMap> maps = {b.getMultiDimIdentityMap(rank),
                                 AffineMap::get(rank, 0, {}, b.getContext())};
  SmallVector<utils::IteratorType> iterators(rank,
                                             utils::IteratorType::reduction);
  auto generic = b.create<linalg::GenericOp>(
      TypeRange{scalarType}, ValueRange{input}, ValueRange{init}, maps,
      iterators, [](OpBuilder &nested, Location loc, ValueRange args) {
        ImplicitLocOpBuilder bodyBuilder(loc, nested);
        Value magnitude = bodyBuilder.create<math::AbsFOp>(args[0]);
        Value max = bodyBuilder.create<arith::MaximumFOp>(args[1], magnitude);
        bodyBuilder.create<linalg::YieldOp>(max);
      });
  return generic.getResult(0);
}

namespace {
/// Collapses every dimension into one group (rank 0 has none).
SmallVector<ReassociationIndices> flattenAll(int64_t rank) {
  if (rank == 0)
    return {};
  ReassociationIndices all;
  for (int64_t dim = 0; dim < rank; ++dim)
    all.push_back(dim);
  return {all};
}
} // namespace

Value buildReshape(ImplicitLocOpBuilder &b, Value input,
                   RankedTensorType resultType) {
  auto inputType = cast<RankedTensorType>(input.getType());
  if (inputType == resultType)
    return input;
  auto flatType = RankedTensorType::get({inputType.getNumElements()},
                                        inputType.getElementType());
  Value flat = input;
  if (inputType.getRank() != 1)
    flat = b.create<tensor::CollapseShapeOp>(flatType, input,
                                             flattenAll(inputType.getRank()));
  if (resultType.getRank() == 1)
    return flat;
  return b.create<tensor::ExpandShapeOp>(resultType, flat,
                                         flattenAll(resultType.getRank()));
}

Value buildSpatialPad(ImplicitLocOpBuilder &b, Value input,
                      ArrayRef<int64_t> padding, float value) {
  if (llvm::all_of(padding, [](int64_t pad) { return pad == 0; }))
    return input;
  auto inputType = cast<RankedTensorType>(input.getType());
  SmallVector<int64_t> shape(inputType.getShape());
  shape[2] += padding[0] + padding[2];
  shape[3] += padding[1] + padding[3];
  SmallVector<OpFoldResult> low = {b.getIndexAttr(0), b.getIndexAttr(0),
                                   b.getIndexAttr(padding[0]),
                                   b.getIndexAttr(padding[1])};
  SmallVector<OpFoldResult> high = {b.getIndexAttr(0), b.getIndexAttr(0),
                                    b.getIndexAttr(padding[2]),
                                    b.getIndexAttr(padding[3])};
  Value padValue =
      b.create<arith::ConstantFloatOp>(APFloat(value), b.getF32Type());
  return b.create<tensor::PadOp>(
      RankedTensorType::get(shape, inputType.getElementType()), input, low,
      high, padValue);
}

Value buildFilled(ImplicitLocOpBuilder &b, RankedTensorType type, float value) {
  Value fill = b.create<arith::ConstantFloatOp>(APFloat(value), b.getF32Type());
  Value empty =
      b.create<tensor::EmptyOp>(type.getShape(), type.getElementType());
  return b.create<linalg::FillOp>(fill, empty).getResult(0);
}

Value buildTranspose2d(ImplicitLocOpBuilder &b, Value input) {
  auto inputType = cast<RankedTensorType>(input.getType());
  Value init = b.create<tensor::EmptyOp>(
      ArrayRef<int64_t>{inputType.getDimSize(1), inputType.getDimSize(0)},
      inputType.getElementType());
  return b.create<linalg::TransposeOp>(input, init, ArrayRef<int64_t>{1, 0})
      .getResult()[0];
}

} // namespace mlir::dfp
