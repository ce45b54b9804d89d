#include "OpHelpers.h"

#include "dfp/Dialect/Dfp/IR/DfpOps.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "llvm/Support/FormatVariadic.h"

#include <limits>

namespace mlir::dfp::onnx_import {

namespace {
/// Whether a softmax-like op yields probabilities or their logarithm.
enum class SoftmaxKind { Probabilities, LogProbabilities };
} // namespace

/// A reduction of `input` along `dimension` into `init`: `body` combines
/// the inputs (the input element, then `extra` broadcast along dimension)
/// with the accumulator.
static Value buildReduction(NodeContext &node, Value input, ValueRange extra,
                            int64_t dimension, float initial, ScalarBody body) {
  OpBuilder &builder = node.builder();
  MLIRContext *context = builder.getContext();
  auto type = llvm::cast<RankedTensorType>(input.getType());
  int64_t rank = type.getRank();
  llvm::SmallVector<int64_t> reducedShape(type.getShape());
  reducedShape.erase(reducedShape.begin() + dimension);
  AffineMap identity = builder.getMultiDimIdentityMap(rank);
  AffineMap reduced = identity.dropResult(dimension);
  Value init =
      builder
          .create<linalg::FillOp>(
              node.loc(),
              ValueRange{buildF32Scalar(builder, node.loc(), initial)},
              ValueRange{buildEmptyF32(builder, node.loc(), reducedShape)})
          .getResult(0);
  llvm::SmallVector<Value> inputs = {input};
  llvm::append_range(inputs, extra);
  llvm::SmallVector<AffineMap> maps = {identity};
  maps.append(extra.size(), reduced);
  maps.push_back(reduced);
  llvm::SmallVector<utils::IteratorType> iterators(
      rank, utils::IteratorType::parallel);
  iterators[dimension] = utils::IteratorType::reduction;
  (void)context;
  return builder
      .create<linalg::GenericOp>(
          node.loc(), init.getType(), inputs, init, maps, iterators,
          [&](OpBuilder &nested, Location loc, ValueRange args) {
            nested.create<linalg::YieldOp>(loc, body(nested, loc, args));
          })
      .getResult(0);
}

/// Softmax or LogSoftmax of `input` along `dimension`, computed as
/// x - max(x) before exp so that large inputs neither overflow nor lose
/// the logarithm (log(softmax(x)) would give -inf where ONNX expects
/// finite values).
static Value buildNormalizedExp(NodeContext &node, Value input,
                                int64_t dimension, SoftmaxKind kind) {
  OpBuilder &builder = node.builder();
  auto type = llvm::cast<RankedTensorType>(input.getType());
  Value max = buildReduction(
      node, input, {}, dimension, -std::numeric_limits<float>::infinity(),
      [](OpBuilder &b, Location loc, ValueRange args) -> Value {
        return b.create<arith::MaximumFOp>(loc, args[0], args[1]);
      });
  Value sum = buildReduction(
      node, input, max, dimension, 0.0f,
      [](OpBuilder &b, Location loc, ValueRange args) -> Value {
        Value shifted = b.create<arith::SubFOp>(loc, args[0], args[1]);
        return b.create<arith::AddFOp>(loc, b.create<math::ExpOp>(loc, shifted),
                                       args[2]);
      });
  int64_t rank = type.getRank();
  AffineMap identity = builder.getMultiDimIdentityMap(rank);
  AffineMap reduced = identity.dropResult(dimension);
  llvm::SmallVector<utils::IteratorType> iterators(
      rank, utils::IteratorType::parallel);
  Value init = buildEmptyF32(builder, node.loc(), type.getShape());
  return builder
      .create<linalg::GenericOp>(
          node.loc(), init.getType(), ValueRange{input, max, sum}, init,
          llvm::ArrayRef<AffineMap>{identity, reduced, reduced, identity},
          iterators,
          [&](OpBuilder &b, Location loc, ValueRange args) {
            Value shifted = b.create<arith::SubFOp>(loc, args[0], args[1]);
            Value result =
                kind == SoftmaxKind::Probabilities
                    ? b.create<arith::DivFOp>(
                           loc, b.create<math::ExpOp>(loc, shifted), args[2])
                          .getResult()
                    : b.create<arith::SubFOp>(
                           loc, shifted, b.create<math::LogOp>(loc, args[2]))
                          .getResult();
            b.create<linalg::YieldOp>(loc, result);
          })
      .getResult(0);
}

/// Softmax or LogSoftmax along `axis`. Before opset 13 ONNX flattens the
/// input to 2-D at `axis` and normalizes over the whole second part.
static llvm::Expected<Value> buildSoftmax(NodeContext &node, SoftmaxKind kind) {
  auto input = node.f32Input(0);
  if (!input)
    return input.takeError();
  llvm::ArrayRef<int64_t> shape = input->getType().getShape();
  int64_t rank = shape.size();
  bool coerced = node.opset() < 13;
  auto axis =
      normalizeAxis(node, "axis", node.intAttr("axis", coerced ? 1 : -1), rank);
  if (!axis)
    return axis.takeError();
  Value operand = *input;
  int64_t dimension = *axis;
  if (coerced && *axis != rank - 1) {
    operand = buildReshape(
        node, operand,
        {product(shape.take_front(*axis)), product(shape.drop_front(*axis))});
    dimension = 1;
  }
  Value result = buildNormalizedExp(node, operand, dimension, kind);
  if (operand != *input)
    result = buildReshape(node, result, shape);
  return result;
}

static llvm::Error convertSoftmax(NodeContext &node) {
  auto result = buildSoftmax(node, SoftmaxKind::Probabilities);
  if (!result)
    return result.takeError();
  return node.setOutput(0, *result);
}

static llvm::Error convertLogSoftmax(NodeContext &node) {
  auto result = buildSoftmax(node, SoftmaxKind::LogProbabilities);
  if (!result)
    return result.takeError();
  return node.setOutput(0, *result);
}

/// Checks what both losses share: [N, C] scores, [N] integer labels, no
/// class weights and no ignored index.
static llvm::Expected<Value> readLabels(NodeContext &node,
                                        RankedTensorType scores) {
  if (scores.getRank() != 2)
    return node.error(
        llvm::formatv("input 0 has rank {0}; only [N, C] scores are supported",
                      scores.getRank()));
  if (node.hasInput(2))
    return node.error("input 'weights' is not supported");
  if (node.hasAttr("ignore_index"))
    return node.unsupportedAttr("ignore_index",
                                llvm::Twine(node.intAttr("ignore_index", 0)));
  auto labels = node.input(1);
  if (!labels)
    return labels.takeError();
  auto type = llvm::cast<RankedTensorType>(labels->getType());
  if (!type.getElementType().isInteger(64) &&
      !type.getElementType().isInteger(32))
    return node.error("labels must be INT64 or INT32");
  if (type.getShape() != scores.getShape().take_front(1))
    return node.error("labels of shape " + listText(type.getShape()) +
                      " do not match scores " + listText(scores.getShape()));
  return *labels;
}

/// -logProbs[n, labels[n]] per sample, summed, averaged or kept.
static llvm::Expected<Value>
buildNegativeLogLikelihood(NodeContext &node, Value logProbs, Value labels) {
  std::string reduction = node.stringAttr("reduction", "mean");
  if (reduction != "mean" && reduction != "sum" && reduction != "none")
    return node.unsupportedAttr("reduction", "'" + reduction + "'");
  bool reduce = reduction != "none";
  OpBuilder &builder = node.builder();
  Location loc = node.loc();
  MLIRContext *context = builder.getContext();
  int64_t batch = llvm::cast<RankedTensorType>(labels.getType()).getDimSize(0);
  llvm::SmallVector<int64_t> shape;
  if (!reduce)
    shape.push_back(batch);
  Value init = buildEmptyF32(builder, loc, shape);
  if (reduce)
    init = builder
               .create<linalg::FillOp>(loc, buildF32Scalar(builder, loc, 0.0f),
                                       init)
               .getResult(0);
  AffineMap identity = AffineMap::getMultiDimIdentityMap(1, context);
  AffineMap output = reduce ? AffineMap::get(1, 0, {}, context) : identity;
  auto iterator =
      reduce ? utils::IteratorType::reduction : utils::IteratorType::parallel;
  auto generic = builder.create<linalg::GenericOp>(
      loc, init.getType(), labels, init,
      llvm::ArrayRef<AffineMap>{identity, output},
      llvm::ArrayRef<utils::IteratorType>{iterator},
      [&](OpBuilder &b, Location nested, ValueRange args) {
        Value sample = b.create<linalg::IndexOp>(nested, 0);
        Value label =
            b.create<arith::IndexCastOp>(nested, b.getIndexType(), args[0]);
        Value logProb = b.create<tensor::ExtractOp>(nested, logProbs,
                                                    ValueRange{sample, label});
        Value loss = b.create<arith::NegFOp>(nested, logProb);
        if (reduce)
          loss = b.create<arith::AddFOp>(nested, args[1], loss);
        b.create<linalg::YieldOp>(nested, loss);
      });
  Value result = generic.getResult(0);
  if (reduction != "mean")
    return result;
  return buildElementwise(
      node, result, {},
      [batch](OpBuilder &b, Location nested, ValueRange args) {
        return b.create<arith::DivFOp>(nested, args[0],
                                       buildF32Scalar(b, nested, float(batch)));
      });
}

static llvm::Error convertNegativeLogLikelihoodLoss(NodeContext &node) {
  auto logProbs = node.f32Input(0);
  if (!logProbs)
    return logProbs.takeError();
  auto labels = readLabels(node, logProbs->getType());
  if (!labels)
    return labels.takeError();
  auto loss = buildNegativeLogLikelihood(node, *logProbs, *labels);
  if (!loss)
    return loss.takeError();
  return node.setOutput(0, *loss);
}

/// dfp.softmax_cross_entropy for the mean over the batch; other reductions
/// and the log_prob output go through LogSoftmax and the likelihood loss.
static llvm::Error convertSoftmaxCrossEntropyLoss(NodeContext &node) {
  auto scores = node.f32Input(0);
  if (!scores)
    return scores.takeError();
  auto labels = readLabels(node, scores->getType());
  if (!labels)
    return labels.takeError();
  std::string reduction = node.stringAttr("reduction", "mean");
  OpBuilder &builder = node.builder();
  if (reduction == "mean" && !node.hasOutput(1)) {
    auto lossType = RankedTensorType::get({}, builder.getF32Type());
    return node.setOutput(0, builder.create<SoftmaxCrossEntropyOp>(
                                 node.loc(), lossType, *scores, *labels));
  }
  auto logProbs = buildSoftmax(node, SoftmaxKind::LogProbabilities);
  if (!logProbs)
    return logProbs.takeError();
  auto loss = buildNegativeLogLikelihood(node, *logProbs, *labels);
  if (!loss)
    return loss.takeError();
  if (llvm::Error error = node.setOutput(0, *loss))
    return error;
  return node.setOutput(1, *logProbs);
}

void registerLossConverters(ConverterTable &table) {
  table["Softmax"] = convertSoftmax;
  table["LogSoftmax"] = convertLogSoftmax;
  table["NegativeLogLikelihoodLoss"] = convertNegativeLogLikelihoodLoss;
  table["SoftmaxCrossEntropyLoss"] = convertSoftmaxCrossEntropyLoss;
}

} // namespace mlir::dfp::onnx_import
