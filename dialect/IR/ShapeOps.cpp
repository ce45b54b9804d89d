#include "VerifyUtils.h"
#include "dfp/Dialect/Dfp/IR/DfpOps.h"

using namespace mlir;
using namespace mlir::dfp;
using namespace mlir::dfp::detail;

LogicalResult ReshapeOp::verify() {
  ShapedType inputType = getInput().getType();
  ShapedType resultType = getResult().getType();
  auto dfpInput = llvm::dyn_cast<DfpTensorType>(inputType);
  auto dfpResult = llvm::dyn_cast<DfpTensorType>(resultType);
  if (static_cast<bool>(dfpInput) != static_cast<bool>(dfpResult))
    return emitOpError("expects input and result both f32 or both DFP, got ")
           << inputType << " and " << resultType;
  if (inputType.getNumElements() != resultType.getNumElements())
    return emitOpError("changes the number of elements from ")
           << inputType.getNumElements() << " to "
           << resultType.getNumElements();
  if (!dfpInput)
    return success();
  if (dfpInput.getElementType() != dfpResult.getElementType() ||
      dfpInput.getMagBits() != dfpResult.getMagBits())
    return emitOpError("must keep storage and magnitude bits, got ")
           << inputType << " and " << resultType;
  ExponentGrouping perTensor = ExponentGrouping::tensor();
  if (dfpInput.getGrouping() != perTensor ||
      dfpResult.getGrouping() != perTensor)
    return emitOpError("reshapes DFP tensors only with one exponent per "
                       "tensor (exp = tensor), got ")
           << inputType << " and " << resultType;
  return success();
}

OpFoldResult ReshapeOp::fold(FoldAdaptor) {
  if (getInput().getType() == getResult().getType())
    return getInput();
  if (auto producer = getInput().getDefiningOp<ReshapeOp>()) {
    getInputMutable().assign(producer.getInput());
    return getResult();
  }
  return {};
}
