#include "OpHelpers.h"
#include "WindowAttributes.h"

#include "dfp/Dialect/Dfp/IR/DfpOps.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "llvm/Support/FormatVariadic.h"

namespace mlir::dfp::onnx_import {

/// Adds the optional per-channel bias at input `index` along axis 1.
static llvm::Expected<Value> addChannelBias(NodeContext &node, Value result,
                                            unsigned index) {
  if (!node.hasInput(index))
    return result;
  auto bias = node.f32Input(index);
  if (!bias)
    return bias.takeError();
  return node.builder()
      .create<BiasAddOp>(node.loc(), result.getType(), result, *bias)
      .getResult();
}

static llvm::Error convertConv(NodeContext &node) {
  auto input = node.f32Input(0);
  if (!input)
    return input.takeError();
  auto filter = node.f32Input(1);
  if (!filter)
    return filter.takeError();
  RankedTensorType inputType = input->getType(), filterType = filter->getType();
  if (llvm::Error error = requireRank4(node, inputType, "input 'X'"))
    return error;
  if (llvm::Error error = requireRank4(node, filterType, "input 'W'"))
    return error;
  auto window =
      readWindow2d(node, inputType.getDimSize(2), inputType.getDimSize(3),
                   filterType.getShape().drop_front(2));
  if (!window)
    return window.takeError();
  int64_t groups = node.intAttr("group", 1);
  auto resultType =
      RankedTensorType::get({inputType.getDimSize(0), filterType.getDimSize(0),
                             window->output[0], window->output[1]},
                            inputType.getElementType());
  OpBuilder &builder = node.builder();
  Value result = builder.create<Conv2dOp>(
      node.loc(), resultType, *input, *filter,
      builder.getDenseI64ArrayAttr(window->strides),
      builder.getDenseI64ArrayAttr(window->padding),
      builder.getDenseI64ArrayAttr(window->dilations),
      builder.getI64IntegerAttr(groups), IntegerAttr());
  auto withBias = addChannelBias(node, result, 2);
  if (!withBias)
    return withBias.takeError();
  return node.setOutput(0, *withBias);
}

/// ConvTranspose is the input gradient of the convolution whose filter it
/// holds: conv2d_backward_data with X as the output gradient.
static llvm::Error convertConvTranspose(NodeContext &node) {
  if (node.hasAttr("output_shape"))
    return node.unsupportedAttr("output_shape", "(set; give pads instead)");
  std::string autoPad = node.stringAttr("auto_pad", "NOTSET");
  if (autoPad != "NOTSET" && autoPad != "VALID")
    return node.unsupportedAttr("auto_pad", "'" + autoPad + "'");
  auto input = node.f32Input(0);
  if (!input)
    return input.takeError();
  auto filter = node.f32Input(1);
  if (!filter)
    return filter.takeError();
  RankedTensorType inputType = input->getType(), filterType = filter->getType();
  if (llvm::Error error = requireRank4(node, inputType, "input 'X'"))
    return error;
  if (llvm::Error error = requireRank4(node, filterType, "input 'W'"))
    return error;
  // The forward window reads the result, so its padding applies there; the
  // size read from X here only checks attribute shapes.
  auto window =
      readWindow2d(node, inputType.getDimSize(2), inputType.getDimSize(3),
                   filterType.getShape().drop_front(2));
  if (!window)
    return window.takeError();
  llvm::SmallVector<int64_t> outputPadding =
      node.intsAttr("output_padding")
          .value_or(llvm::SmallVector<int64_t>{0, 0});
  if (outputPadding.size() != 2)
    return node.unsupportedAttr("output_padding", listText(outputPadding));
  for (int axis = 0; axis < 2; ++axis)
    if (outputPadding[axis] < 0 ||
        outputPadding[axis] >=
            std::max(window->strides[axis], window->dilations[axis]))
      return node.unsupportedAttr("output_padding",
                                  listText(outputPadding) +
                                      " (each must be below its stride)");
  int64_t groups = node.intAttr("group", 1);
  llvm::SmallVector<int64_t, 2> size;
  for (int axis = 0; axis < 2; ++axis)
    size.push_back(window->strides[axis] *
                       (inputType.getDimSize(2 + axis) - 1) +
                   outputPadding[axis] +
                   window->dilations[axis] * (window->kernel[axis] - 1) + 1 -
                   window->padding[axis] - window->padding[axis + 2]);
  auto resultType = RankedTensorType::get({inputType.getDimSize(0),
                                           filterType.getDimSize(1) * groups,
                                           size[0], size[1]},
                                          inputType.getElementType());
  OpBuilder &builder = node.builder();
  Value result = builder.create<Conv2dBackwardDataOp>(
      node.loc(), resultType, *input, *filter,
      builder.getDenseI64ArrayAttr(window->strides),
      builder.getDenseI64ArrayAttr(window->padding),
      builder.getDenseI64ArrayAttr(window->dilations),
      builder.getI64IntegerAttr(groups), IntegerAttr());
  auto withBias = addChannelBias(node, result, 2);
  if (!withBias)
    return withBias.takeError();
  return node.setOutput(0, *withBias);
}

static Value buildMatmul(NodeContext &node, Value lhs, Value rhs,
                         bool transposeLhs, bool transposeRhs) {
  auto lhsShape = llvm::cast<RankedTensorType>(lhs.getType()).getShape();
  auto rhsShape = llvm::cast<RankedTensorType>(rhs.getType()).getShape();
  int64_t m = transposeLhs ? lhsShape[1] : lhsShape[0];
  int64_t n = transposeRhs ? rhsShape[0] : rhsShape[1];
  OpBuilder &builder = node.builder();
  auto type = RankedTensorType::get({m, n}, builder.getF32Type());
  auto matmul = builder.create<MatmulOp>(
      node.loc(), type, lhs, rhs, IntegerAttr(), transposeLhs, transposeRhs);
  return matmul.getResult();
}

static llvm::Error requireRank2(NodeContext &node, RankedTensorType type,
                                llvm::StringRef what) {
  if (type.getRank() == 2)
    return llvm::Error::success();
  return node.error(
      llvm::formatv("{0} has rank {1}; expected 2", what, type.getRank()));
}

static llvm::Error convertGemm(NodeContext &node) {
  auto a = node.f32Input(0);
  if (!a)
    return a.takeError();
  auto b = node.f32Input(1);
  if (!b)
    return b.takeError();
  if (llvm::Error error = requireRank2(node, a->getType(), "input 'A'"))
    return error;
  if (llvm::Error error = requireRank2(node, b->getType(), "input 'B'"))
    return error;
  float alpha = node.floatAttr("alpha", 1.0f);
  float beta = node.floatAttr("beta", 1.0f);
  Value result = buildMatmul(node, *a, *b, node.intAttr("transA", 0) != 0,
                             node.intAttr("transB", 0) != 0);
  auto shape = llvm::cast<RankedTensorType>(result.getType()).getShape();
  if (alpha != 1.0f)
    result = buildElementwise(
        node, result, shape, [&](OpBuilder &b, Location loc, ValueRange args) {
          return b.create<arith::MulFOp>(loc, args[0],
                                         buildF32Scalar(b, loc, alpha));
        });
  if (!node.hasInput(2) || beta == 0.0f)
    return node.setOutput(0, result);
  auto c = node.f32Input(2);
  if (!c)
    return c.takeError();
  if (beta == 1.0f && c->getType().getShape() == shape.take_back(1)) {
    auto withBias = addChannelBias(node, result, 2);
    if (!withBias)
      return withBias.takeError();
    return node.setOutput(0, *withBias);
  }
  auto sum = broadcastShapes(node, shape, c->getType().getShape());
  if (!sum)
    return sum.takeError();
  if (llvm::ArrayRef<int64_t>(*sum) != shape)
    return node.error("input 'C' of shape " +
                      listText(c->getType().getShape()) +
                      " does not broadcast to " + listText(shape));
  return node.setOutput(
      0, buildElementwise(node, ValueRange{result, *c}, shape,
                          [&](OpBuilder &b, Location loc, ValueRange args) {
                            Value scaled = args[1];
                            if (beta != 1.0f)
                              scaled = b.create<arith::MulFOp>(
                                  loc, scaled, buildF32Scalar(b, loc, beta));
                            return b.create<arith::AddFOp>(loc, args[0],
                                                           scaled);
                          }));
}

/// 2-D MatMul, and [..., M, K] x [K, N] by folding the leading axes into M.
static llvm::Error convertMatMul(NodeContext &node) {
  auto a = node.f32Input(0);
  if (!a)
    return a.takeError();
  auto b = node.f32Input(1);
  if (!b)
    return b.takeError();
  if (b->getType().getRank() != 2)
    return node.error(llvm::formatv(
        "input 'B' has rank {0}; only a 2-D B is supported (no batched or "
        "vector MatMul)",
        b->getType().getRank()));
  llvm::ArrayRef<int64_t> aShape = a->getType().getShape();
  if (aShape.size() < 2)
    return node.error("input 'A' has rank 1; vector MatMul is not supported");
  if (aShape.size() == 2)
    return node.setOutput(0, buildMatmul(node, *a, *b, false, false));
  int64_t k = aShape.back();
  Value flat = buildReshape(node, *a, {product(aShape.drop_back()), k});
  Value result = buildMatmul(node, flat, *b, false, false);
  llvm::SmallVector<int64_t> shape(aShape.drop_back());
  shape.push_back(b->getType().getDimSize(1));
  return node.setOutput(0, buildReshape(node, result, shape));
}

void registerContractionConverters(ConverterTable &table) {
  table["Conv"] = convertConv;
  table["ConvTranspose"] = convertConvTranspose;
  table["Gemm"] = convertGemm;
  table["MatMul"] = convertMatMul;
}

} // namespace mlir::dfp::onnx_import
