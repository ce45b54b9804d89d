#include "VerifyUtils.h"
#include "dfp/Dialect/Dfp/IR/DfpOps.h"

#include <climits>

using namespace mlir;
using namespace mlir::dfp;
using namespace mlir::dfp::detail;

/// Products summed per INT32 chain by a kernel step (`vpdpwssd` adds pairs).
static constexpr int64_t kChainStep = 2;

/// The longest chain, a multiple of kChainStep, whose sum of products of
/// magnitudes up to 2^Ma - 1 and 2^Mb - 1 stays within INT32.
static int64_t longestExactChain(DfpTensorType lhs, DfpTensorType rhs) {
  int64_t product = lhs.getMaxMagnitude() * rhs.getMaxMagnitude();
  int64_t chain = int64_t(INT32_MAX) / product;
  return chain - chain % kChainStep;
}

bool ContractionOpInterface::hasDfpOperands() {
  return llvm::isa<DfpTensorType>(getContractedOperands().first.getType());
}

namespace {
/// How a verifier names a contracted operand, and the axes summed over it.
struct ContractedOperand {
  StringRef name;
  ArrayRef<int64_t> summedAxes;
};
} // namespace

/// Exponents may change along a summed axis only between INT32 chains, and a
/// chain holds a multiple of kChainStep products: one exponent per index of a
/// summed axis never fits, blocks along it must hold whole steps.
static LogicalResult
verifyExponentsAlongSums(Operation *op, Type type,
                         const ContractedOperand &operand) {
  auto dfpType = llvm::dyn_cast<DfpTensorType>(type);
  if (!dfpType)
    return success();
  ExponentGrouping grouping = dfpType.getGrouping();
  if (grouping.kind == ExponentGrouping::Kind::Tensor ||
      !llvm::is_contained(operand.summedAxes, grouping.axis))
    return success();
  if (grouping.kind == ExponentGrouping::Kind::Axis)
    return op->emitOpError("expects ")
           << operand.name << " exponents shared along summed axis "
           << grouping.axis << ", got one per index (exp = axis "
           << grouping.axis << ")";
  if (grouping.blockSize % kChainStep != 0)
    return op->emitOpError("expects ")
           << operand.name << " exponent blocks along summed axis "
           << grouping.axis << " to hold a multiple of " << kChainStep
           << " elements, got " << grouping.blockSize;
  return success();
}

/// Checks the rules every contraction shares: operand kinds, exponent
/// grouping along the sums, and `chain`.
static LogicalResult
verifyContractionOperands(ContractionOpInterface op,
                          const ContractedOperand &first,
                          const ContractedOperand &second) {
  auto [lhs, rhs] = op.getContractedOperands();
  auto lhsDfp = llvm::dyn_cast<DfpTensorType>(lhs.getType());
  auto rhsDfp = llvm::dyn_cast<DfpTensorType>(rhs.getType());
  if (static_cast<bool>(lhsDfp) != static_cast<bool>(rhsDfp))
    return op->emitOpError(
               "expects both contracted operands f32 or both DFP, got ")
           << lhs.getType() << " and " << rhs.getType();
  if (failed(verifyExponentsAlongSums(op, lhs.getType(), first)) ||
      failed(verifyExponentsAlongSums(op, rhs.getType(), second)))
    return failure();
  IntegerAttr chainAttr = op.getChainAttr();
  if (!chainAttr)
    return success();
  if (!lhsDfp)
    return op->emitOpError("chain is only legal on DFP operands");
  int64_t chain = chainAttr.getInt();
  if (chain < 1 || chain % kChainStep != 0)
    return op->emitOpError("chain must be positive and a multiple of ")
           << kChainStep << ", got " << chain;
  int64_t longest = longestExactChain(lhsDfp, rhsDfp);
  if (chain > longest)
    return op->emitOpError("chain ")
           << chain << " overflows INT32 with " << lhsDfp.getMagBits()
           << " and " << rhsDfp.getMagBits()
           << " magnitude bits (longest exact chain: " << longest << ")";
  return success();
}

std::pair<TypedValue<ShapedType>, TypedValue<ShapedType>>
MatmulOp::getContractedOperands() {
  return {getLhs(), getRhs()};
}

LogicalResult MatmulOp::verify() {
  if (failed(verifyRank(*this, "lhs", getLhs().getType(), 2)) ||
      failed(verifyRank(*this, "rhs", getRhs().getType(), 2)))
    return failure();
  const int64_t lhsSummedAxis = getTransposeLhs() ? 0 : 1;
  const int64_t rhsSummedAxis = getTransposeRhs() ? 1 : 0;
  if (failed(verifyContractionOperands(*this, {"lhs", lhsSummedAxis},
                                       {"rhs", rhsSummedAxis})))
    return failure();
  ArrayRef<int64_t> lhs = getLhs().getType().getShape();
  ArrayRef<int64_t> rhs = getRhs().getType().getShape();
  int64_t m = getTransposeLhs() ? lhs[1] : lhs[0];
  int64_t lhsK = getTransposeLhs() ? lhs[0] : lhs[1];
  int64_t rhsK = getTransposeRhs() ? rhs[1] : rhs[0];
  int64_t n = getTransposeRhs() ? rhs[0] : rhs[1];
  if (lhsK != rhsK)
    return emitOpError("contracts K = ")
           << lhsK << " of lhs with K = " << rhsK << " of rhs";
  return verifyShape(*this, "result", {m, n}, getType().getShape());
}

namespace {
/// The three tensors of a convolution, whichever two are operands.
struct Conv2dTensors {
  StringRef inputName;
  ShapedType input; ///< [N, C, H, W]
  StringRef filterName;
  ShapedType filter; ///< [K, C / groups, R, S]
  StringRef outputName;
  ShapedType output; ///< [N, K, OH, OW]
};
} // namespace

/// Axes a convolution sums over: C, R, S of the input and filter (forward);
/// K, OH, OW of the output gradient and K, R, S of the filter (backward
/// data); N, OH, OW of the input and output gradient (backward filter).
static constexpr int64_t kAllButAxis0[] = {1, 2, 3};
static constexpr int64_t kAllButAxis1[] = {0, 2, 3};

template <typename Conv2dOp>
static LogicalResult verifyConv2d(Conv2dOp op, const Conv2dTensors &tensors,
                                  const ContractedOperand &first,
                                  const ContractedOperand &second) {
  ArrayRef<int64_t> strides = op.getStrides();
  ArrayRef<int64_t> dilations = op.getDilations();
  ArrayRef<int64_t> padding = op.getPadding();
  int64_t groups = op.getGroups();
  if (failed(verifyContractionOperands(op, first, second)) ||
      failed(verifyArrayAttribute(op, "strides", strides, 2, 1)) ||
      failed(verifyArrayAttribute(op, "dilations", dilations, 2, 1)) ||
      failed(verifyArrayAttribute(op, "padding", padding, 4, 0)))
    return failure();
  if (groups < 1)
    return op.emitOpError("expects positive groups, got ") << groups;
  if (failed(verifyRank(op, tensors.inputName, tensors.input, 4)) ||
      failed(verifyRank(op, tensors.filterName, tensors.filter, 4)) ||
      failed(verifyRank(op, tensors.outputName, tensors.output, 4)))
    return failure();
  ArrayRef<int64_t> input = tensors.input.getShape();
  ArrayRef<int64_t> filter = tensors.filter.getShape();
  int64_t channels = input[1], filters = filter[0];
  if (channels % groups != 0 || filters % groups != 0)
    return op.emitOpError("groups ")
           << groups << " must divide input channels " << channels
           << " and filter count " << filters;
  if (filter[1] != channels / groups)
    return op.emitOpError("expects ")
           << tensors.filterName << " with " << channels / groups
           << " channels (input channels / groups), got " << filter[1];
  FailureOr<SmallVector<int64_t, 2>> outputSize = windowOutputSize(
      op, input[2], input[3],
      Window2d{filter[2], filter[3], strides, dilations, padding});
  if (failed(outputSize))
    return failure();
  return verifyShape(op, tensors.outputName,
                     {input[0], filters, (*outputSize)[0], (*outputSize)[1]},
                     tensors.output.getShape());
}

std::pair<TypedValue<ShapedType>, TypedValue<ShapedType>>
Conv2dOp::getContractedOperands() {
  return {getInput(), getFilter()};
}

LogicalResult Conv2dOp::verify() {
  return verifyConv2d(*this,
                      {"input", getInput().getType(), "filter",
                       getFilter().getType(), "result", getType()},
                      {"input", kAllButAxis0}, {"filter", kAllButAxis0});
}

std::pair<TypedValue<ShapedType>, TypedValue<ShapedType>>
Conv2dBackwardDataOp::getContractedOperands() {
  return {getGradOutput(), getFilter()};
}

LogicalResult Conv2dBackwardDataOp::verify() {
  return verifyConv2d(*this,
                      {"result (input gradient)", getType(), "filter",
                       getFilter().getType(), "grad_output",
                       getGradOutput().getType()},
                      {"grad_output", kAllButAxis0}, {"filter", kAllButAxis1});
}

std::pair<TypedValue<ShapedType>, TypedValue<ShapedType>>
Conv2dBackwardFilterOp::getContractedOperands() {
  return {getInput(), getGradOutput()};
}

LogicalResult Conv2dBackwardFilterOp::verify() {
  return verifyConv2d(*this,
                      {"input", getInput().getType(),
                       "result (filter gradient)", getType(), "grad_output",
                       getGradOutput().getType()},
                      {"input", kAllButAxis1}, {"grad_output", kAllButAxis1});
}
