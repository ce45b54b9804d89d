#include "OpHelpers.h"

#include "dfp/Dialect/Dfp/IR/DfpOps.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Math/IR/Math.h"

namespace mlir::dfp::onnx_import {

/// Maps a one-input node through `body`.
static llvm::Error convertUnary(NodeContext &node, ScalarBody body) {
  auto input = node.f32Input(0);
  if (!input)
    return input.takeError();
  return node.setOutput(0, buildElementwise(node, ValueRange{*input},
                                            input->getType().getShape(), body));
}

static llvm::Error convertRelu(NodeContext &node) {
  auto input = node.f32Input(0);
  if (!input)
    return input.takeError();
  return node.setOutput(
      0, node.builder().create<ReluOp>(node.loc(), *input).getResult());
}

static llvm::Error convertLeakyRelu(NodeContext &node) {
  float alpha = node.floatAttr("alpha", 0.01f);
  return convertUnary(
      node, [alpha](OpBuilder &b, Location loc, ValueRange args) -> Value {
        Value zero = buildF32Scalar(b, loc, 0.0f);
        Value positive = b.create<arith::CmpFOp>(loc, arith::CmpFPredicate::OGT,
                                                 args[0], zero);
        Value scaled = b.create<arith::MulFOp>(loc, args[0],
                                               buildF32Scalar(b, loc, alpha));
        return b.create<arith::SelectOp>(loc, positive, args[0], scaled);
      });
}

static llvm::Error convertSigmoid(NodeContext &node) {
  return convertUnary(node,
                      [](OpBuilder &b, Location loc, ValueRange args) -> Value {
                        Value one = buildF32Scalar(b, loc, 1.0f);
                        Value negated = b.create<arith::NegFOp>(loc, args[0]);
                        Value denominator = b.create<arith::AddFOp>(
                            loc, one, b.create<math::ExpOp>(loc, negated));
                        return b.create<arith::DivFOp>(loc, one, denominator);
                      });
}

static llvm::Error convertTanh(NodeContext &node) {
  return convertUnary(node, [](OpBuilder &b, Location loc, ValueRange args) {
    return b.create<math::TanhOp>(loc, args[0]).getResult();
  });
}

template <typename ArithOp>
static Value scalarBinary(OpBuilder &b, Location loc, ValueRange args) {
  return b.create<ArithOp>(loc, args[0], args[1]);
}

/// Folds integer arithmetic on import-time constants (shape computations):
/// equal shapes, or one side a single element.
template <typename ArithOp>
static std::optional<IntTensor> foldBinary(const IntTensor &lhs,
                                           const IntTensor &rhs) {
  bool lhsScalar = lhs.values.size() == 1, rhsScalar = rhs.values.size() == 1;
  if (lhs.shape != rhs.shape && !lhsScalar && !rhsScalar)
    return std::nullopt;
  IntTensor result = lhsScalar && !rhsScalar ? rhs : lhs;
  for (size_t i = 0; i < result.values.size(); ++i) {
    int64_t a = lhs.values[lhsScalar ? 0 : i];
    int64_t b = rhs.values[rhsScalar ? 0 : i];
    if constexpr (std::is_same_v<ArithOp, arith::AddFOp>)
      result.values[i] = a + b;
    else if constexpr (std::is_same_v<ArithOp, arith::SubFOp>)
      result.values[i] = a - b;
    else if constexpr (std::is_same_v<ArithOp, arith::MulFOp>)
      result.values[i] = a * b;
    else if (b == 0)
      return std::nullopt;
    else
      result.values[i] = a / b;
  }
  return result;
}

/// A two-input broadcasting node; `Add` of equal types becomes dfp.add.
template <typename ArithOp>
static llvm::Error convertBinary(NodeContext &node) {
  const IntTensor *lhsConstant = node.constantInput(0);
  const IntTensor *rhsConstant = node.constantInput(1);
  if (lhsConstant && rhsConstant)
    if (std::optional<IntTensor> folded =
            foldBinary<ArithOp>(*lhsConstant, *rhsConstant))
      return node.setConstantOutput(0, std::move(*folded));
  auto lhs = node.f32Input(0);
  if (!lhs)
    return lhs.takeError();
  auto rhs = node.f32Input(1);
  if (!rhs)
    return rhs.takeError();
  if (std::is_same_v<ArithOp, arith::AddFOp> &&
      lhs->getType() == rhs->getType())
    return node.setOutput(
        0, node.builder().create<AddOp>(node.loc(), *lhs, *rhs).getResult());
  auto result = buildBroadcastElementwise(node, ValueRange{*lhs, *rhs},
                                          scalarBinary<ArithOp>);
  if (!result)
    return result.takeError();
  return node.setOutput(0, *result);
}

static llvm::Error convertSum(NodeContext &node) {
  llvm::SmallVector<Value> inputs;
  for (unsigned index = 0; index < node.numInputs(); ++index) {
    auto input = node.f32Input(index);
    if (!input)
      return input.takeError();
    inputs.push_back(*input);
  }
  if (inputs.size() == 1)
    return node.setOutput(0, inputs.front());
  auto result = buildBroadcastElementwise(
      node, inputs, [](OpBuilder &b, Location loc, ValueRange args) {
        Value sum = args.front();
        for (Value term : args.drop_front())
          sum = b.create<arith::AddFOp>(loc, sum, term);
        return sum;
      });
  if (!result)
    return result.takeError();
  return node.setOutput(0, *result);
}

/// Identity keeps import-time constants folded.
static llvm::Error convertIdentity(NodeContext &node) {
  if (const IntTensor *constant = node.constantInput(0))
    return node.setConstantOutput(0, *constant);
  auto input = node.input(0);
  if (!input)
    return input.takeError();
  return node.setOutput(0, *input);
}

/// Dropout at inference is the identity; training mode or the mask output
/// are refused.
static llvm::Error convertDropout(NodeContext &node) {
  if (node.hasOutput(1))
    return node.error("output 'mask' is not supported");
  if (node.hasInput(2)) {
    const IntTensor *training = node.constantInput(2);
    if (!training || llvm::any_of(training->values,
                                  [](int64_t value) { return value != 0; }))
      return node.error("input 'training_mode' must be a constant false");
  }
  auto input = node.f32Input(0);
  if (!input)
    return input.takeError();
  return node.setOutput(0, *input);
}

void registerElementwiseConverters(ConverterTable &table) {
  table["Relu"] = convertRelu;
  table["LeakyRelu"] = convertLeakyRelu;
  table["Sigmoid"] = convertSigmoid;
  table["Tanh"] = convertTanh;
  table["Add"] = convertBinary<arith::AddFOp>;
  table["Sub"] = convertBinary<arith::SubFOp>;
  table["Mul"] = convertBinary<arith::MulFOp>;
  table["Div"] = convertBinary<arith::DivFOp>;
  table["Sum"] = convertSum;
  table["Identity"] = convertIdentity;
  table["Dropout"] = convertDropout;
}

} // namespace mlir::dfp::onnx_import
