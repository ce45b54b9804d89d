#include "OpHelpers.h"

#include "dfp/Dialect/Dfp/IR/DfpOps.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "llvm/Support/FormatVariadic.h"

#include <limits>

namespace mlir::dfp::onnx_import {

std::string listText(llvm::ArrayRef<int64_t> values) {
  std::string text = "[";
  llvm::raw_string_ostream os(text);
  llvm::interleaveComma(values, os);
  os << "]";
  return text;
}

int64_t product(llvm::ArrayRef<int64_t> values) {
  int64_t result = 1;
  for (int64_t value : values)
    if (__builtin_mul_overflow(result, value, &result))
      return std::numeric_limits<int64_t>::max();
  return result;
}

llvm::Expected<llvm::SmallVector<int64_t>>
broadcastShapes(NodeContext &node, llvm::ArrayRef<int64_t> lhs,
                llvm::ArrayRef<int64_t> rhs) {
  size_t rank = std::max(lhs.size(), rhs.size());
  llvm::SmallVector<int64_t> result(rank);
  for (size_t i = 0; i < rank; ++i) {
    int64_t a = i < rank - lhs.size() ? 1 : lhs[i - (rank - lhs.size())];
    int64_t b = i < rank - rhs.size() ? 1 : rhs[i - (rank - rhs.size())];
    if (a != b && a != 1 && b != 1)
      return node.error("shapes " + listText(lhs) + " and " + listText(rhs) +
                        " do not broadcast");
    result[i] = a == 1 ? b : a;
  }
  return result;
}

Value buildEmptyF32(OpBuilder &builder, Location loc,
                    llvm::ArrayRef<int64_t> shape) {
  return builder.create<tensor::EmptyOp>(loc, shape, builder.getF32Type());
}

Value buildF32Scalar(OpBuilder &builder, Location loc, float value) {
  return builder.create<arith::ConstantOp>(loc, builder.getF32FloatAttr(value));
}

Value buildReshape(NodeContext &node, Value input,
                   llvm::ArrayRef<int64_t> shape) {
  auto inputType = llvm::cast<RankedTensorType>(input.getType());
  auto type = RankedTensorType::get(shape, inputType.getElementType());
  return node.builder().create<ReshapeOp>(node.loc(), type, input);
}

/// The map reading an input of `inputShape` while iterating over `shape`:
/// leading result axes are skipped and broadcast (size 1) axes read index 0.
static AffineMap broadcastMap(MLIRContext *context,
                              llvm::ArrayRef<int64_t> inputShape,
                              llvm::ArrayRef<int64_t> shape) {
  size_t offset = shape.size() - inputShape.size();
  llvm::SmallVector<AffineExpr> exprs;
  for (auto [axis, size] : llvm::enumerate(inputShape))
    exprs.push_back(size == 1 && shape[axis + offset] != 1
                        ? getAffineConstantExpr(0, context)
                        : getAffineDimExpr(axis + offset, context));
  return AffineMap::get(shape.size(), 0, exprs, context);
}

Value buildElementwise(NodeContext &node, ValueRange inputs,
                       llvm::ArrayRef<int64_t> shape, ScalarBody body) {
  OpBuilder &builder = node.builder();
  MLIRContext *context = builder.getContext();
  llvm::SmallVector<AffineMap> maps;
  for (Value input : inputs)
    maps.push_back(broadcastMap(
        context, llvm::cast<ShapedType>(input.getType()).getShape(), shape));
  maps.push_back(builder.getMultiDimIdentityMap(shape.size()));
  llvm::SmallVector<utils::IteratorType> iterators(
      shape.size(), utils::IteratorType::parallel);
  Value init = buildEmptyF32(builder, node.loc(), shape);
  auto generic = builder.create<linalg::GenericOp>(
      node.loc(), init.getType(), inputs, init, maps, iterators,
      [&](OpBuilder &nested, Location loc, ValueRange args) {
        Value result = body(nested, loc, args.drop_back());
        nested.create<linalg::YieldOp>(loc, result);
      });
  return generic.getResult(0);
}

llvm::Expected<Value> buildBroadcastElementwise(NodeContext &node,
                                                ValueRange inputs,
                                                ScalarBody body) {
  llvm::SmallVector<int64_t> shape;
  for (Value input : inputs) {
    auto type = llvm::cast<RankedTensorType>(input.getType());
    auto merged = broadcastShapes(node, shape, type.getShape());
    if (!merged)
      return merged.takeError();
    shape = std::move(*merged);
  }
  return buildElementwise(node, inputs, shape, body);
}

llvm::Expected<int64_t> normalizeAxis(NodeContext &node,
                                      llvm::StringRef attrName, int64_t axis,
                                      int64_t rank) {
  if (axis < -rank || axis >= rank)
    return node.unsupportedAttr(
        attrName,
        llvm::formatv("{0} (outside [-{1}, {1}) for rank {1})", axis, rank));
  return axis < 0 ? axis + rank : axis;
}

} // namespace mlir::dfp::onnx_import
