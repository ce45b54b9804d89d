#include "dfp/Conversion/Passes.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"

namespace mlir::dfp {

#define GEN_PASS_DEF_DFPCOPYRETURNEDARGUMENTS
#include "dfp/Conversion/Passes.h.inc"

namespace {

struct DfpCopyReturnedArgumentsPass
    : impl::DfpCopyReturnedArgumentsBase<DfpCopyReturnedArgumentsPass> {
  void runOnOperation() override {
    getOperation().walk([](func::ReturnOp ret) {
      OpBuilder b(ret);
      for (OpOperand &operand : ret->getOpOperands()) {
        auto type = dyn_cast<RankedTensorType>(operand.get().getType());
        if (!type || !isa<BlockArgument>(operand.get()))
          continue;
        Value init = b.create<tensor::EmptyOp>(ret.getLoc(), type.getShape(),
                                               type.getElementType());
        operand.set(b.create<linalg::CopyOp>(ret.getLoc(), operand.get(), init)
                        .getResult(0));
      }
    });
  }
};

} // namespace

} // namespace mlir::dfp
